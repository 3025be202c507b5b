# The native host: build/noticeboard-host, its unit tests, the demo and the leak check.
#
#   make                  build/noticeboard-host (warnings are errors), then validate the built-in packs
#   make demo             check the sample posts in examples/ through the real host and the default pack
#   make memcheck         the protocol tests under valgrind: no leaks, no invalid reads
#   make host-unit        build/host-unit, the C unit tests (tests/suites.d/10-host runs it)
#
# Every packs/<id>.json, packs/lexicons.json, packs/words/healthcare.txt and the word model are
# compiled into the binary (host/embed.c writes build/embedded.c), so a deployed host needs no files
# beside it. The model goes in as the image host/modelimage.c makes of packs/model/model.json, so the
# host does not parse it at every start.

HOST_CFLAGS := -std=c99 -O2 -g -Wall -Wextra -Werror -D_DEFAULT_SOURCE -pthread \
               $(shell pkg-config --cflags jansson hunspell libpcre2-8)
HOST_LIBS := $(shell pkg-config --libs jansson hunspell libpcre2-8) -pthread -lm
HOST_SOURCES := $(filter-out host/embed.c host/main.c host/modelimage.c,$(wildcard host/*.c))
HOST_OBJECTS := $(patsubst host/%.c,$(BUILD)/host/%.o,$(HOST_SOURCES))
HOST_HEADERS := $(wildcard host/*.h)
HOST_PACK_FILES := $(sort $(wildcard packs/*.json)) $(wildcard packs/words/healthcare.txt)
HOST_MODEL := $(wildcard packs/model/model.json)
HOST_EMBEDDED := $(HOST_PACK_FILES) $(if $(HOST_MODEL),$(BUILD)/model.image)

.PHONY: demo memcheck host-unit

all: $(BUILD)/noticeboard-host $(BUILD)/packs.checked

$(BUILD)/host/%.o: host/%.c $(HOST_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ihost -c $< -o $@

$(BUILD)/embed: host/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c99 -O2 -Wall -Wextra -Werror $< -o $@

# Rebuilt when a pack file changes, appears or disappears: the list of files is written (only when it
# differs) while the makefiles are read, so a removed pack also counts as a change.
$(shell mkdir -p $(BUILD) && (echo '$(HOST_EMBEDDED)' | cmp -s - $(BUILD)/embedded.list || \
        echo '$(HOST_EMBEDDED)' > $(BUILD)/embedded.list))

$(BUILD)/embedded.c: $(BUILD)/embed $(HOST_EMBEDDED) $(BUILD)/embedded.list
	$(BUILD)/embed $@ $(HOST_PACK_FILES) $(if $(HOST_MODEL),packs/model/model.image=$(BUILD)/model.image)

# The build tool links only the host objects it needs, which an archive picks out.
$(BUILD)/host/host.a: $(HOST_OBJECTS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/modelimage: host/modelimage.c $(BUILD)/host/host.a $(HOST_HEADERS)
	$(CC) $(HOST_CFLAGS) -Ihost $< $(BUILD)/host/host.a -o $@ $(HOST_LIBS)

$(BUILD)/model.image: $(BUILD)/modelimage $(HOST_MODEL)
	$(BUILD)/modelimage $(HOST_MODEL) $@

$(BUILD)/host/embedded.o: $(BUILD)/embedded.c host/embedded.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ihost -c $< -o $@

$(BUILD)/noticeboard-host: $(HOST_OBJECTS) $(BUILD)/host/main.o $(BUILD)/host/embedded.o
	$(CC) $^ -o $@ $(HOST_LIBS)

# A pack that does not load fails the build with the loader's FILE:LINE:COL: rule ID: problem.
$(BUILD)/packs.checked: $(BUILD)/noticeboard-host
	@$< pack-check >/dev/null
	@touch $@

$(BUILD)/host-unit: tests/host/unit.c $(HOST_OBJECTS) $(BUILD)/host/embedded.o
	$(CC) $(HOST_CFLAGS) -Ihost $^ -o $@ $(HOST_LIBS)

host-unit: $(BUILD)/host-unit

demo: $(BUILD)/noticeboard-host
	@host/demo.sh $(BUILD)/noticeboard-host examples

memcheck: $(BUILD)/noticeboard-host
	@MEMCHECK=1 node tests/host/protocol.mjs $(BUILD)/noticeboard-host
