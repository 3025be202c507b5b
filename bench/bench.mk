# bench/bench.mk: `make bench`, the host measured side by side with alex, nspell, hunspell -l and a floor.
#
# The driver is C (so the client adds as little as possible to what it measures) and is built with
# everything else; the npm baselines and the Brown corpus are installed into bench/node_modules
# (git-ignored) from the committed lock the first time a bench runs. See docs/performance.md.

BENCH_DRIVER := $(BUILD)/bench-driver
BENCH_FLOOR := $(BUILD)/bench-floor
BENCH_SOURCES := $(wildcard bench/*.c)
BENCH_HEADERS := $(wildcard bench/*.h)
BENCH_NODE_MODULES := bench/node_modules/.package-lock.json
BENCH_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra $(shell pkg-config --cflags jansson)
BENCH_LIBS := $(shell pkg-config --libs jansson) -lpthread -lm

.PHONY: bench bench-deps
all: $(BENCH_DRIVER) $(BENCH_FLOOR)

$(BENCH_DRIVER): $(BENCH_SOURCES) $(BENCH_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $(BENCH_SOURCES) $(BENCH_LIBS)

# npm writes node_modules/.package-lock.json on every install, so it stands for "installed from this lock".
$(BENCH_NODE_MODULES): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	@touch $@

$(BENCH_FLOOR): bench/floor/floor.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

bench-deps: $(BENCH_NODE_MODULES)

bench: all $(BENCH_NODE_MODULES)
	bench/run
