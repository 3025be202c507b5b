# The host for 64-bit Windows, cross-compiled with MinGW-w64: build/windows/noticeboard-host.exe.
#
#   make windows          build/windows/noticeboard-host.exe, one statically linked exe (no DLLs)
#   make windows-deps     only the cross-compiled libraries (manifests/windows/build-deps)
#   make test-windows     tests/windows/run: the exe under Wine against the Linux build
#
# The same sources as the Linux host (platform.c holds the differences), the same embedded packs
# (build/embedded.c, written by the native build's embed tool). jansson, pcre2 and hunspell come from
# Debian's source packages, cross-compiled once by manifests/windows/build-deps into WIN_DEPS, a cache
# outside the tree that `make clean` leaves alone. Needs mingw-w64 and cmake (and wine64 to test).

WIN_CC := x86_64-w64-mingw32-gcc
WIN_CXX := x86_64-w64-mingw32-g++
WIN_DEPS ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/noticeboard/win-deps
WIN_EXE := $(BUILD)/windows/noticeboard-host.exe
# Static libraries, so their headers must not ask for DLL imports; MinGW's own printf, so %zu and %lld
# mean what they mean on Linux.
WIN_CFLAGS := -std=c99 -O2 -Wall -Wextra -Werror -D__USE_MINGW_ANSI_STDIO=1 \
              -DHUNSPELL_STATIC -DPCRE2_STATIC -DPCRE2_CODE_UNIT_WIDTH=8 -I$(WIN_DEPS)/include -I$(WIN_DEPS)/include/hunspell
# hunspell is C++: libstdc++ and libgcc go into the exe too, so it runs on a bare Windows. Stripped:
# the MSI ships it, and debugging happens on the Linux build of the same sources.
WIN_LDFLAGS := -static -static-libgcc -static-libstdc++ -s -L$(WIN_DEPS)/lib
WIN_LIBS := -lhunspell -lpcre2-8 -ljansson
WIN_OBJECTS = $(patsubst host/%.c,$(BUILD)/windows/obj/%.o,$(HOST_SOURCES) host/main.c) \
              $(BUILD)/windows/obj/embedded.o

# `make msi` (manifests/install.mk) packs this exe unless HOST_EXE names another; `make -j windows msi`
# builds it first.
HOST_EXE ?= $(wildcard $(WIN_EXE))
ifneq ($(filter windows,$(MAKECMDGOALS)),)
msi: $(WIN_EXE)
endif

.PHONY: windows windows-deps test-windows

windows: $(WIN_EXE)

# The libraries are built only when missing; build-deps skips what it has already built.
$(WIN_DEPS)/.complete:
	@manifests/windows/build-deps "$(WIN_DEPS)"

windows-deps: $(WIN_DEPS)/.complete

$(BUILD)/windows/obj/%.o: host/%.c $(HOST_HEADERS) | $(WIN_DEPS)/.complete
	@mkdir -p $(@D)
	$(WIN_CC) $(WIN_CFLAGS) -Ihost -c $< -o $@

$(BUILD)/windows/obj/embedded.o: $(BUILD)/embedded.c host/embedded.h
	@mkdir -p $(@D)
	$(WIN_CC) $(WIN_CFLAGS) -Ihost -c $< -o $@

$(WIN_EXE): $(WIN_OBJECTS)
	$(WIN_CXX) $^ -o $@ $(WIN_LDFLAGS) $(WIN_LIBS)

test-windows: $(WIN_EXE) $(BUILD)/noticeboard-host
	@BUILD=$(BUILD) tests/windows/run
