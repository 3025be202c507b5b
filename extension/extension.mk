# extension/extension.mk: the Chrome (Chromium, Edge) and Firefox builds of the WebExtension.
#
# The extension is plain files, not bundled: each build is a copy of the sources, plus for Firefox a
# manifest derived from the Chrome one by extension/tools/firefox-manifest.js. The unpacked builds
# are what the end-to-end tests load and what IT packs or force-installs.

EXT_DIR := extension
EXT_FILES := $(shell find $(EXT_DIR) -type f ! -path '$(EXT_DIR)/tools/*' ! -name '*.mk' ! -name manifest.json)
EXT_CHROME := $(BUILD)/extension/chrome
EXT_FIREFOX := $(BUILD)/extension/firefox

all: $(EXT_CHROME)/manifest.json $(EXT_FIREFOX)/manifest.json
.PHONY: extension
extension: $(EXT_CHROME)/manifest.json $(EXT_FIREFOX)/manifest.json

# Both builds are rebuilt whole so a file deleted from the sources never lingers in a build.
$(EXT_CHROME)/manifest.json: $(EXT_DIR)/manifest.json $(EXT_FILES)
	rm -rf $(EXT_CHROME) && mkdir -p $(EXT_CHROME)
	cd $(EXT_DIR) && find . -type f ! -path './tools/*' ! -name '*.mk' -exec cp --parents {} $(CURDIR)/$(EXT_CHROME)/ \;

$(EXT_FIREFOX)/manifest.json: $(EXT_DIR)/manifest.json $(EXT_FILES) $(EXT_DIR)/tools/firefox-manifest.js
	rm -rf $(EXT_FIREFOX) && mkdir -p $(EXT_FIREFOX)
	cd $(EXT_DIR) && find . -type f ! -path './tools/*' ! -name '*.mk' ! -name manifest.json -exec cp --parents {} $(CURDIR)/$(EXT_FIREFOX)/ \;
	node $(EXT_DIR)/tools/firefox-manifest.js $(EXT_DIR)/manifest.json $@
