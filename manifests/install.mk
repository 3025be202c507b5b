# Deployment targets: install the host, register it with each browser, build the Debian package and
# the Windows MSI.
#
# The targets are thin: manifests/unix/host-install holds the table of browser manifest locations and
# every check with its advice, so `make hosts-chrome` and an IT script calling host-install directly
# behave the same. Everything honours DESTDIR for staged installs.
#
#   make install-host [PREFIX=/usr/local]      the binary into PREFIX/bin
#   make hosts-chrome|hosts-chromium|hosts-edge|hosts-firefox|hosts
#                                              the native messaging manifest for that browser (all four)
#   make hosts-brave USER=1                    Brave's, per user
#   make install                               both of the above
#   make uninstall-host, uninstall-hosts-BROWSER, uninstall-hosts, uninstall
#   make deb                                   build/noticeboard_VERSION_ARCH.deb
#   make msi [HOST_EXE=noticeboard-host.exe]   build/noticeboard-VERSION-x64.msi (needs wixl); the exe
#                                              defaults to `make windows`'s (host/windows.mk)
#   make policy-templates                      regenerate the enterprise policy files from the schema
#
# USER=1 installs for the current user only (binary in ~/.local/bin, per-user manifest folders);
# OS=macos stages the macOS layout from another system; NO_DICT=1 installs without an en_GB dictionary;
# HOST_PATH points the manifests at a host installed elsewhere.

NB_INSTALL := manifests/unix/host-install
NB_BROWSERS := chrome chromium edge firefox
# Brave has per-user manifest folders only, so it has its own targets (with USER=1) but is not in `hosts`.
NB_TARGET_BROWSERS := $(NB_BROWSERS) brave

ifeq ($(USER),1)
NB_SCOPE := --user
NB_PREFIX := $(or $(PREFIX),$(HOME)/.local)
else
NB_PREFIX := $(or $(PREFIX),/usr/local)
endif
NB_BINDIR := $(or $(BINDIR),$(NB_PREFIX)/bin)
NB_HOST_PATH := $(or $(HOST_PATH),$(NB_BINDIR)/noticeboard-host)
NB_FLAGS := $(NB_SCOPE) $(if $(DESTDIR),--destdir "$(DESTDIR)") $(if $(OS),--os $(OS)) \
            $(if $(filter 1,$(NO_DICT)),--no-dictionary)

.PHONY: install uninstall install-host uninstall-host hosts uninstall-hosts deb msi policy-templates \
        $(addprefix hosts-,$(NB_TARGET_BROWSERS)) $(addprefix uninstall-hosts-,$(NB_TARGET_BROWSERS))

install-host: $(BUILD)/noticeboard-host
	@$(NB_INSTALL) binary --source $< --bindir "$(NB_BINDIR)" $(NB_FLAGS)

uninstall-host:
	@$(NB_INSTALL) unbinary --bindir "$(NB_BINDIR)" $(NB_FLAGS)

$(addprefix hosts-,$(NB_TARGET_BROWSERS)): hosts-%:
	@$(NB_INSTALL) register $* --host "$(NB_HOST_PATH)" $(NB_FLAGS)

$(addprefix uninstall-hosts-,$(NB_TARGET_BROWSERS)): uninstall-hosts-%:
	@$(NB_INSTALL) unregister $* $(NB_FLAGS)

hosts: $(addprefix hosts-,$(NB_BROWSERS))
uninstall-hosts: $(addprefix uninstall-hosts-,$(NB_BROWSERS))

# The manifests name the installed binary, so it goes in first even under make -j.
install: install-host
	@$(MAKE) --no-print-directory hosts

uninstall: uninstall-hosts
	@$(MAKE) --no-print-directory uninstall-host

deb: $(BUILD)/noticeboard-host
	@manifests/debian/build-deb $< $(BUILD)

# HOST_EXE is a Windows build of the host (host/windows.mk sets the default); the native build only
# supplies the version number.
msi: $(BUILD)/noticeboard-host
	@manifests/windows/build-msi "$(HOST_EXE)" $(BUILD) $< $(DICT_DIR)

# The policy templates are generated from the extension's settings schema and committed, so IT can take
# them straight from the repository; run this after changing extension/managed_schema.json.
policy-templates: extension/managed_schema.json manifests/policy/examples.json
	@node manifests/policy/generate.js $< manifests/policy/examples.json manifests
