# cmte — build, test and install.  GNU make; dependencies found with pkg-config.
# `make demo` and `make check` install missing Debian packages first (.ci/deps).

VERSION  := 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
SAN      ?=
SHARED   ?= $(abspath ../shared)

PKGS      = ncursesw sqlite3 libuv inih libsodium libcjson zlib
CORE_PKGS = libcjson

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wno-missing-field-initializers
HARDEN   = -fstack-protector-strong -fPIE
ifeq ($(SAN),1)
OPT      = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(SAN),fuzz)
# The objects of the fuzz targets (see `fuzz` below): clang, libFuzzer's coverage, ASan, UBSan.
OPT      = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
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
# and cJSON); every other test links the whole program.  Integration tests
# (tests/integration/test_*.c) link it too, and start the real hub and consoles.
CORE_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_core_*.c))
APP_TESTS  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(filter-out tests/unit/test_core_%,$(wildcard tests/unit/test_*.c)))
INTEG_TESTS = $(patsubst tests/integration/%.c,$(BUILD)/tests/%,$(wildcard tests/integration/test_*.c))
# The reliability suite (tests/torture/, docs/RELIABILITY.md): one program of several files,
# linking the whole program like the integration tests; its short profile is one of the tests.
TORTURE_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/torture/*.c))
TORTURE     = $(BUILD)/tests/test_torture
TESTS      = $(CORE_TESTS) $(APP_TESTS) $(INTEG_TESTS) $(TORTURE)

.PHONY: all deps demo screens check check-run tests bench torture fuzz fuzz-targets install uninstall clean format lint
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
	@$(CC) $(CPPFLAGS) $(CORE_CFLAGS) $(CFLAGS) -DCMTE_SHARED='"$(SHARED)"' -MMD -MP $< $(BUILD)/libcore.a \
	  $(LDFLAGS) $(CORE_LIBS) $(CMOCKA) -o $@
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libapp.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -DCMTE_SHARED='"$(SHARED)"' -MMD -MP $< $(BUILD)/libapp.a \
	  $(BUILD)/libcore.a $(LDFLAGS) $(PKG_LIBS) $(CMOCKA) -o $@

$(BUILD)/tests/test_%: tests/integration/test_%.c $(BUILD)/libapp.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP $< $(BUILD)/libapp.a $(BUILD)/libcore.a \
	  $(LDFLAGS) $(PKG_LIBS) $(CMOCKA) -o $@

$(TORTURE): $(TORTURE_OBJ) $(BUILD)/libapp.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $^ $(LDFLAGS) $(PKG_LIBS) -o $@

tests: $(TESTS) $(BUILD)/cmte

deps:
	@sh .ci/deps

# The sanitizer build runs every test; the closing line is `N passed, N failed`.
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 FUZZ_BUILD=$(FUZZ_BUILD) check-run

# With clang's libFuzzer runtime, each fuzz target also runs briefly as one test (see below).
check-run: tests
	@fuzz=; if sh tests/fuzz/fuzz-run --probe; then \
	  $(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang SAN=fuzz fuzz-targets || exit 1; \
	  fuzz=tests/fuzz/fuzz-run; else echo "$(FUZZ_SKIPPED)"; fi; \
	CMTE_FUZZ_BUILD=$(FUZZ_BUILD) CMTE_FUZZ_SECONDS=$(FUZZ_CHECK_SECONDS) \
	  sh tests/run $(BUILD) $(TESTS) $$fuzz

# Plain-text captures of every console at 80x24, for docs/screens/ (needs tmux).
screens: all
	@sh docs/screens/capture.sh $(BUILD)/cmte docs/screens

demo: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/cmte demo

# The load test (docs/PERFORMANCE.md); redis-server too, for its reference figures.
bench:
	@sh .ci/deps bench
	@$(MAKE) --no-print-directory all
	@$(BUILD)/cmte bench

# The reliability suite's full profile (docs/RELIABILITY.md): the table and a JSON line; it
# fails when anything acknowledged was lost or applied twice.  Bounded to 10 minutes.
torture:
	@$(MAKE) --no-print-directory all $(TORTURE)
	@CMTE_BIN=$(BUILD)/cmte CMTE_TORTURE=full timeout -k 10 600 $(TORTURE)

# Fuzzing with libFuzzer.  tests/fuzz/fuzz_NAME.c is a target and tests/fuzz/corpus/NAME/ its
# seeds.  A recursive make (CC=clang SAN=fuzz BUILD=$(FUZZ_BUILD)) builds the ordinary objects
# again, instrumented, and links each target with libcore.a (plus what it lists below);
# tests/fuzz/fuzz-run then runs each for FUZZ_SECONDS on a copy of its corpus in
# $(FUZZ_BUILD)/work/NAME and fails on any crash, leak, hang or broken round trip.  A failing
# input is left in $(FUZZ_BUILD)/artifacts/NAME/: once the bug is fixed, keep it as a regression
# seed in tests/fuzz/corpus/NAME/ (named crash-WHAT), so that every later run replays it.
# `make check` runs each target for FUZZ_CHECK_SECONDS as one test.
FUZZ_SECONDS       ?= 60
FUZZ_CHECK_SECONDS ?= 5
FUZZ_BUILD         ?= $(BUILD)/fuzz
FUZZ_SRC     = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_MISSING = clang's libFuzzer runtime not found; apt-get install clang
FUZZ_SKIPPED = fuzz: skipped ($(FUZZ_MISSING))

fuzz: deps
	@sh tests/fuzz/fuzz-run --probe || { echo "fuzz: $(FUZZ_MISSING)" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang SAN=fuzz fuzz-targets
	@sh tests/fuzz/fuzz-run $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Inside the recursive make, $(BUILD) is the fuzz folder.
fuzz-targets: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
	@:
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP $< $(filter %.o,$^) $(BUILD)/libcore.a \
	  $(LDFLAGS) -fsanitize=fuzzer,address,undefined $(FUZZ_LIBS) $(CORE_LIBS) -o $@
# What a target needs besides libcore.a: objects, then libraries.
$(BUILD)/tests/fuzz_config: $(BUILD)/tui/config.o
$(BUILD)/tests/fuzz_config: FUZZ_LIBS = $(shell pkg-config --libs inih)
$(BUILD)/tests/fuzz_import: $(BUILD)/db/import.o
$(BUILD)/tests/fuzz_import: FUZZ_LIBS = $(shell pkg-config --libs inih libsodium)
$(BUILD)/tests/fuzz_frame: $(BUILD)/net/frame.o
$(BUILD)/tests/fuzz_pack: $(BUILD)/net/pack.o
$(BUILD)/tests/fuzz_pack: FUZZ_LIBS = $(shell pkg-config --libs zlib)
$(BUILD)/tests/fuzz_channel: $(BUILD)/net/channel.o $(BUILD)/net/keys.o
$(BUILD)/tests/fuzz_channel: FUZZ_LIBS = $(shell pkg-config --libs libsodium)
$(BUILD)/tests/fuzz_message: $(BUILD)/net/message.o $(BUILD)/db/exam_bank.o $(BUILD)/db/import.o
$(BUILD)/tests/fuzz_message: FUZZ_LIBS = $(shell pkg-config --libs inih libsodium)
$(BUILD)/tests/fuzz_exam_bank: $(BUILD)/db/exam_bank.o $(BUILD)/db/import.o
$(BUILD)/tests/fuzz_exam_bank: FUZZ_LIBS = $(shell pkg-config --libs inih libsodium)

# Message catalogues (TUI.md 4.4).  tui/po/LANG.po is written by hand and committed.  `make pot`
# writes the template tui/po/cmte.pot (generated, not committed) from the _() and N_() of
# tui/*.c and the rows of CORE_ERRORS in core/core.h: core marks nothing, tui/ translates
# core_err_message().  xgettext sees only those rows (the other lines blanked, so that line
# numbers hold) through a copy found with -D.  New messages reach the catalogue with
# `make pot && msgmerge --update --backup=none tui/po/zh_CN.po tui/po/cmte.pot`; `make lint`
# fails while one is untranslated.  A binary in $(BUILD) finds $(BUILD)/locale, an installed
# one $(PREFIX)/share/locale.
PO_LANGS = zh_CN
PO_FILES = $(PO_LANGS:%=tui/po/%.po)
MO_FILES = $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/cmte.mo)
POT      = $(BUILD)/po/cmte.pot

.PHONY: pot lint-po install-mo uninstall-mo
all tests: $(MO_FILES)
install: install-mo
uninstall: uninstall-mo
lint: lint-po

$(BUILD)/locale/%/LC_MESSAGES/cmte.mo: tui/po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $@"
	@msgfmt --check --statistics -o $@ $<

$(POT): $(wildcard tui/*.c) core/core.h
	@mkdir -p $(BUILD)/po/core
	@echo "  XGETTEXT $@"
	@xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --add-comments=TRANSLATORS: \
	  --package-name=cmte --package-version=$(VERSION) -o $@ $(wildcard tui/*.c)
	@sed '/^#define CORE_ERRORS(X)/,/^$$/!s/.*//' core/core.h >$(BUILD)/po/core/core.h
	@xgettext --join-existing --language=C --from-code=UTF-8 --keyword= --keyword=X:2 \
	  -D $(BUILD)/po -o $@ core/core.h

pot: $(POT)
	cp $(POT) tui/po/cmte.pot

# Every message of the sources is translated (msgcmp), the formats agree (msgfmt --check), and
# no catalogue holds an East-Asian-ambiguous character such as a curly quote (TUI.md 1.9).
lint-po: $(POT)
	@for po in $(PO_FILES); do msgcmp $$po $(POT) && msgfmt --check -o /dev/null $$po || exit 1; done
	@perl -CSD -ne '/[^\x{E000}-\x{F8FF}\P{Ea=A}]/ and $$bad = print "$$ARGV:$$.: $$_"; close ARGV if eof; END { exit !!$$bad }' \
	  $(PO_FILES)

install-mo: $(MO_FILES)
	$(foreach l,$(PO_LANGS),install -D -m 644 $(BUILD)/locale/$(l)/LC_MESSAGES/cmte.mo \
	  $(DESTDIR)$(PREFIX)/share/locale/$(l)/LC_MESSAGES/cmte.mo &&) true

uninstall-mo:
	rm -f $(PO_LANGS:%=$(DESTDIR)$(PREFIX)/share/locale/%/LC_MESSAGES/cmte.mo)

install: $(BUILD)/cmte
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/doc/cmte/examples $(DESTDIR)$(PREFIX)/share/cmte
	install -m 755 $(BUILD)/cmte $(DESTDIR)$(PREFIX)/bin/cmte
	install -m 644 docs/cmte.1 $(DESTDIR)$(PREFIX)/share/man/man1/cmte.1
	install -m 644 conf/cmte.ini $(DESTDIR)$(PREFIX)/share/doc/cmte/examples/cmte.ini
	install -m 644 conf/sample-roster.csv conf/sample-meeting.ini conf/sample-exam.csv conf/sample-report-1.md \
	  $(DESTDIR)$(PREFIX)/share/cmte

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cmte $(DESTDIR)$(PREFIX)/share/man/man1/cmte.1
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/cmte $(DESTDIR)$(PREFIX)/share/cmte

clean:
	rm -rf $(BUILD)

SOURCES = $(wildcard core/*.[ch] db/*.[ch] net/*.[ch] tui/*.[ch] tests/unit/*.[ch] tests/integration/*.[ch] tests/fuzz/*.[ch] tests/torture/*.[ch])
format:
	clang-format -i $(SOURCES)

lint:
	clang-format --dry-run --Werror $(SOURCES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr --std=c11 -I. $(SOURCES)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
