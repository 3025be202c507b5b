# tests/e2e/e2e.mk: the end-to-end suite's dependencies and test pages.
#
# The test pages embed real editors from npm (Lexical, Draft.js, Quill), bundled with esbuild; the
# extension itself is never bundled. npm packages come from the committed package-lock.json.
# `make e2e-pages` builds what tests/suites.d/40-e2e needs; `make e2e-latency` measures typing-to-
# underline time into build/e2e-latency.json; `make e2e-screenshots` refreshes docs/screenshots/.

E2E_DIR := tests/e2e
E2E_NODE := $(E2E_DIR)/node_modules/.package-lock.json
E2E_PAGES := $(BUILD)/e2e/pages
E2E_PAGE_SRC := $(wildcard $(E2E_DIR)/pages/*)

.PHONY: e2e-pages e2e-latency
e2e-pages: $(E2E_PAGES)/.built

$(E2E_NODE): $(E2E_DIR)/package.json $(E2E_DIR)/package-lock.json
	npm ci --prefix $(E2E_DIR) --no-audit --no-fund --loglevel=error
	touch $@

$(E2E_PAGES)/.built: $(E2E_NODE) $(E2E_PAGE_SRC)
	rm -rf $(E2E_PAGES) && mkdir -p $(E2E_PAGES)
	$(E2E_DIR)/node_modules/.bin/esbuild $(E2E_DIR)/pages/lexical.js $(E2E_DIR)/pages/draft.jsx \
	  $(E2E_DIR)/pages/quill.js $(E2E_DIR)/pages/shadow.js $(E2E_DIR)/pages/textarea.js \
	  --bundle --minify --outdir=$(E2E_PAGES) --define:process.env.NODE_ENV='"production"' \
	  --define:global=window --log-level=warning
	cp $(E2E_DIR)/pages/*.html $(E2E_DIR)/pages/*.css $(E2E_PAGES)/
	touch $@

e2e-latency: all $(E2E_PAGES)/.built
	node $(E2E_DIR)/latency.js $(BUILD)/e2e-latency.json

# Refreshes the committed screenshots in docs/screenshots/ from a run of the editor tests.
.PHONY: e2e-screenshots
e2e-screenshots: all $(E2E_PAGES)/.built
	E2E_SCREENSHOTS=docs/screenshots node $(E2E_DIR)/run.js lexical-rich draft-js
