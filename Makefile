# noticeboard: top-level build.
#
# Each part keeps its targets in a fragment beside its sources (host/host.mk, extension/extension.mk,
# tests/*/*.mk, bench/bench.mk, manifests/install.mk); this file only ties them together. Fragments add
# their outputs to `all` and their checks to the suites in tests/suites.d/, which `make test` runs.

BUILD := build
.DEFAULT_GOAL := all
.PHONY: all test clean

all:

include $(sort $(wildcard */*.mk tests/*/*.mk))

# Every suite prints "N passed, N failed"; tests/run adds them up into the closing line.
test: all
	tests/run

clean:
	rm -rf $(BUILD)
