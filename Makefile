# cmte — build, test and install.  GNU make; dependencies found with pkg-config.
# `make demo` and `make check` install missing Debian packages first (.ci/deps).

VERSION  := 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
SAN      ?=
SHARED   ?= $(abspath ../shared)

PKGS      = ncursesw sqlite3 libuv inih libsodium libcjson
CORE_PKGS = libcjson

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wno-missing-field-initializers
HARDEN   = -fstack-protector-strong -fPIE
ifeq ($(SAN),1)
OPT      = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
OPT      = -O2 -g -D_FORTIFY_SOURCE=2
endif
# Recursive (=) so pkg-config runs only after `make deps` has installed what it needs.
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS    = $(shell pkg-config --libs $(PKGS))
CORE_CFLAGS = $(shell pkg-config --cflags $(CORE_PKGS))
CORE_LIBS   = $(shell pkg-config --libs $(CORE_PKGS))
CMOCKA      = $(shell pkg-config --cflags --libs cmocka)
CPPFLAGS += -I. -DCMTE_VERSION='"$(VERSION)"' -DCMTE_PREFIX='"$(PREFIX)"'
CFLAGS   += -std=c17 $(WARN) $(HARDEN) $(OPT)
LDFLAGS  += -pie -Wl,-z,relro,-z,now $(if $(filter 1,$(SAN)),-fsanitize=address$(comma)undefined)
comma := ,

CORE_SRC = $(wildcard core/*.c)
DB_SRC   = $(wildcard db/*.c)
NET_SRC  = $(wildcard net/*.c)
TUI_SRC  = $(filter-out tui/main.c,$(wildcard tui/*.c))
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  = $(DB_SRC:%.c=$(BUILD)/%.o) $(NET_SRC:%.c=$(BUILD)/%.o) $(TUI_SRC:%.c=$(BUILD)/%.o)

# Unit tests: tests/unit/test_core_*.c link core alone (which proves core needs only libc
# and cJSON); every other test links the whole program.
CORE_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_core_*.c))
APP_TESTS  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(filter-out tests/unit/test_core_%,$(wildcard tests/unit/test_*.c)))
TESTS      = $(CORE_TESTS) $(APP_TESTS)

.PHONY: all deps demo check check-run tests bench fuzz install uninstall clean format lint
all: $(BUILD)/cmte

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS) $(if $(filter core/%,$<),$(CORE_CFLAGS),$(PKG_CFLAGS)) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libcore.a: $(CORE_OBJ)
	@rm -f $@
	@ar rcs $@ $^
$(BUILD)/libapp.a: $(APP_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/cmte: $(BUILD)/tui/main.o $(BUILD)/libapp.a $(BUILD)/libcore.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tests/test_core_%: tests/unit/test_core_%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CORE_CFLAGS) $(CFLAGS) -DCMTE_SHARED='"$(SHARED)"' $< $(BUILD)/libcore.a \
	  $(LDFLAGS) $(CORE_LIBS) $(CMOCKA) -o $@
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libapp.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -DCMTE_SHARED='"$(SHARED)"' $< $(BUILD)/libapp.a \
	  $(BUILD)/libcore.a $(LDFLAGS) $(PKG_LIBS) $(CMOCKA) -o $@

tests: $(TESTS) $(BUILD)/cmte

deps:
	@sh .ci/deps

# The sanitizer build runs every test; the closing line is `N passed, N failed`.
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 check-run

check-run: tests
	@sh tests/run $(BUILD) $(TESTS)

demo: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/cmte demo

bench: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/cmte bench

FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
fuzz: deps
	@echo "fuzz: no fuzz targets yet"; [ -z "$(FUZZ_SRC)" ] || { echo "fuzz targets exist but are not wired"; exit 1; }

install: $(BUILD)/cmte
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/doc/cmte/examples
	install -m 755 $(BUILD)/cmte $(DESTDIR)$(PREFIX)/bin/cmte
	install -m 644 docs/cmte.1 $(DESTDIR)$(PREFIX)/share/man/man1/cmte.1
	install -m 644 conf/cmte.ini $(DESTDIR)$(PREFIX)/share/doc/cmte/examples/cmte.ini

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cmte $(DESTDIR)$(PREFIX)/share/man/man1/cmte.1
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/cmte

clean:
	rm -rf $(BUILD)

SOURCES = $(wildcard core/*.[ch] db/*.[ch] net/*.[ch] tui/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch])
format:
	clang-format -i $(SOURCES)

lint:
	clang-format --dry-run --Werror $(SOURCES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr --std=c11 -I. $(SOURCES)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
