# packs/model.mk: `make model` trains the word model packs/model/model.json (docs/model.md).
#
# The model is committed, like the packs, and embedded in the host; retrain it after the development
# posts change. Its counter-examples of general English come from npm (@stdlib datasets, installed
# from the committed package-lock.json into packs/model/node_modules). It needs only the host's
# `words` command, not the packs, so a pack whose model rules do not load yet can still be trained
# for. MODEL_FLAGS=--folds 5 also prints cross-validated figures on the development posts.

MODEL_DIR := packs/model
MODEL_NODE := $(MODEL_DIR)/node_modules/.package-lock.json
MODEL_FLAGS ?=

.PHONY: model model-agree
$(MODEL_NODE): $(MODEL_DIR)/package.json $(MODEL_DIR)/package-lock.json
	npm ci --prefix $(MODEL_DIR) --no-audit --no-fund --loglevel=error
	touch $@

model: $(BUILD)/noticeboard-host $(MODEL_NODE)
	node $(MODEL_DIR)/train.js --host $(BUILD)/noticeboard-host --out $(MODEL_DIR)/model.json $(MODEL_FLAGS)

# `make model-agree` fits the default pack's second opinion ("model_agree" in packs/nhs.json) with
# packs/model/agree.js, on the probabilities cross-validation gives the development posts: five more
# trainings of the model, so run it after `make model`, not instead of it (docs/model.md).
model-agree: $(BUILD)/noticeboard-host $(MODEL_NODE)
	node $(MODEL_DIR)/train.js --host $(BUILD)/noticeboard-host --folds 5 --cv-out $(BUILD)/model-cv.jsonl \
		--out $(BUILD)/model-cv.json
	node $(MODEL_DIR)/agree.js --host $(BUILD)/noticeboard-host --cv $(BUILD)/model-cv.jsonl
