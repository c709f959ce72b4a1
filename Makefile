# frontdesk — GNU make.  `make`, `make check`, `make bench`, `make asan`,
# `make fuzz`, `make install` (PREFIX, DESTDIR, MANPREFIX).
.SUFFIXES:

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
CC       ?= cc
PKG_CONFIG ?= pkg-config

CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Wshadow -Wno-unused-parameter
CPPFLAGS += -I. -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DFRONTDESK_VERSION='"$(VERSION)"'

B = build
# Each layer compiles against its own libraries only.
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags libutf8proc 2>/dev/null)
DATA_CFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
TUI_CFLAGS  = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw libedit 2>/dev/null))
LIBS = $(shell $(PKG_CONFIG) --libs ncursesw libedit sqlite3 libutf8proc 2>/dev/null) -lm
CRIT_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
CRIT_LIBS   = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

CORE_SRC = $(wildcard core/*.c)
DATA_SRC = $(wildcard data/*.c)
TUI_SRC  = $(wildcard tui/*.c)
TEST_SRC = $(wildcard tests/core/*.c tests/data/*.c)
BENCH_SRC = $(wildcard bench/*.c)

LIB_OBJ  = $(CORE_SRC:%.c=$(B)/%.o) $(DATA_SRC:%.c=$(B)/%.o)
TUI_OBJ  = $(TUI_SRC:%.c=$(B)/%.o)
TEST_OBJ = $(TEST_SRC:%.c=$(B)/%.o)
BENCH_OBJ = $(BENCH_SRC:%.c=$(B)/%.o)

LOCALEDIR ?= $(PREFIX)/share/locale
LINGUAS = de
MO = $(LINGUAS:%=$(B)/locale/%/LC_MESSAGES/frontdesk.mo)

BIN ?= frontdesk

all: deps $(BIN) $(MO)

$(B)/locale/%/LC_MESSAGES/frontdesk.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# Refresh the template and merge it into the translations.
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -c/ --package-name=frontdesk \
	  -o po/frontdesk.pot $(sort $(CORE_SRC) $(DATA_SRC) $(TUI_SRC) $(wildcard core/*.h tui/*.h))
	for l in $(LINGUAS); do msgmerge -q -U --backup=none po/$$l.po po/frontdesk.pot; done

deps:
	@sh scripts/deps.sh build

check-deps:
	@sh scripts/deps.sh check

$(BIN): $(TUI_OBJ) $(B)/libfrontdesk.a
	$(CC) $(LDFLAGS) -o $@ $(TUI_OBJ) $(B)/libfrontdesk.a $(LIBS)

$(B)/libfrontdesk.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/core/%.o: core/%.c | layers
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(CORE_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/data/%.o: data/%.c | layers
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(DATA_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/tui/%.o: tui/%.c | layers
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DLOCALEDIR='"$(LOCALEDIR)"' $(WARN) $(CFLAGS) $(TUI_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(CORE_CFLAGS) $(DATA_CFLAGS) $(CRIT_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(CORE_CFLAGS) $(DATA_CFLAGS) -MMD -MP -c -o $@ $<

# The layers: sqlite3.h only in data/, curses and histedit only in tui/.
layers:
	@bad=$$(grep -lE '#include[[:space:]]*[<"]sqlite3\.h' core/*.[ch] tui/*.[ch] 2>/dev/null; \
	  grep -lE '#include[[:space:]]*[<"](n?curses(w)?|ncursesw/curses|histedit|editline/readline)\.h' core/*.[ch] data/*.[ch] 2>/dev/null; \
	  grep -lE '#include[[:space:]]*"tui/' core/*.[ch] data/*.[ch] 2>/dev/null; \
	  grep -lE '#include[[:space:]]*"core/(.*)"' data/*.[ch] 2>/dev/null | xargs -r grep -LE 'core/(util|text|phone|when)\.h'; true); \
	if [ -n "$$bad" ]; then echo "layering violation in: $$bad" >&2; exit 1; fi

$(B)/unit-tests: $(TEST_OBJ) $(B)/libfrontdesk.a
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(B)/libfrontdesk.a $(LIBS) $(CRIT_LIBS)

# Suites that drive the real binary; each prints "N passed, N failed".
SUITES = $(wildcard tests/cli/run.sh tests/cli/report.sh tests/cli/remind.sh \
	tests/cli/race.sh tests/cli/queue.sh tests/cli/vcard.sh tests/cli/saved.sh tests/cli/install.sh tests/cli/config.sh tests/cli/shell.sh tests/cli/hostile.sh tests/cli/privacy.sh tests/cli/pbx.sh tests/cli/german.sh tests/screen/run.sh tests/screen/queue.sh tests/screen/review.sh tests/screen/german.sh \
	tests/reliability/run.sh)

check: check-deps $(BIN) $(MO) $(B)/unit-tests
	$(B)/unit-tests --jobs 2
	@sh scripts/mkman.sh ./$(BIN) | cmp -s - man/frontdesk.1 || \
	  { echo "man/frontdesk.1 is out of date with the key table: run 'make man'" >&2; exit 1; }
	mandoc -Tlint -Wwarning man/frontdesk.1 man/frontdesk.conf.5
	@fail=0; for t in $(SUITES); do echo "== $$t"; sh $$t ./$(BIN) || fail=1; done; \
	  if [ $$fail = 0 ]; then echo "make check: all suites passed"; else echo "make check: a suite failed" >&2; fi; \
	  exit $$fail

man: frontdesk
	sh scripts/mkman.sh ./frontdesk > man/frontdesk.1

$(B)/bench-run: $(BENCH_OBJ) $(B)/libfrontdesk.a
	$(CC) $(LDFLAGS) -o $@ $(BENCH_OBJ) $(B)/libfrontdesk.a $(LIBS)

bench: deps frontdesk $(B)/bench-run
	$(B)/bench-run ../shared/bench

asan:
	$(MAKE) B=build-asan BIN=build-asan/frontdesk CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" check

FUZZ_SECONDS ?= 30
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp -f frontdesk $(DESTDIR)$(BINDIR)/frontdesk
	chmod 755 $(DESTDIR)$(BINDIR)/frontdesk
	cp -f man/frontdesk.1 $(DESTDIR)$(MANPREFIX)/man1/frontdesk.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/frontdesk.1
	mkdir -p $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	cp -f man/frontdesk.conf.5 $(DESTDIR)$(MANPREFIX)/man5/frontdesk.conf.5
	cp -f completion/frontdesk.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/frontdesk
	chmod 644 $(DESTDIR)$(MANPREFIX)/man5/frontdesk.conf.5 $(DESTDIR)$(PREFIX)/share/bash-completion/completions/frontdesk
	mkdir -p $(DESTDIR)$(PREFIX)/libexec/frontdesk
	cp -f contrib/cti-bridge $(DESTDIR)$(PREFIX)/libexec/frontdesk/cti-bridge
	chmod 755 $(DESTDIR)$(PREFIX)/libexec/frontdesk/cti-bridge
	for l in $(LINGUAS); do mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  cp -f $(B)/locale/$$l/LC_MESSAGES/frontdesk.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/frontdesk.mo && \
	  chmod 644 $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/frontdesk.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/frontdesk $(DESTDIR)$(MANPREFIX)/man1/frontdesk.1 \
	  $(DESTDIR)$(MANPREFIX)/man5/frontdesk.conf.5 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/frontdesk \
	  $(DESTDIR)$(PREFIX)/libexec/frontdesk/cti-bridge
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/frontdesk.mo; done

run: all
	sh scripts/run.sh

clean:
	rm -rf build build-asan build-fuzz frontdesk

.PHONY: all deps check-deps layers check man pot bench asan fuzz install uninstall run clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
