# Deploy tests' npm packages: playwright-core drives Chromium to show it finds the host through the
# manifest the .deb installs. Installed from the committed lock, never bundled or shipped.

DEPLOY_NODE_MODULES := tests/deploy/node_modules/.package-lock.json
all: $(DEPLOY_NODE_MODULES)

$(DEPLOY_NODE_MODULES): tests/deploy/package.json tests/deploy/package-lock.json
	npm ci --prefix tests/deploy --no-audit --no-fund --silent
