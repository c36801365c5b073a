# umkit -- Medi-Cal UM and CCM rules as UNIX filters.  See README.md.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/umkit
VERSION   = 0.1.0

CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	    -Wmissing-prototypes -Wno-unused-parameter
PCRE2_CFLAGS ?= $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS   ?= $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
JQ_LIBS      ?= -ljq -lonig
CSV_LIBS     ?= -lcsv
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) $(PCRE2_CFLAGS) \
	     -DSHAREDIR='"$(SHAREDIR)"' -DUMKIT_VERSION='"$(VERSION)"' -Ilib
LIBS = $(JQ_LIBS) $(CSV_LIBS) $(PCRE2_LIBS) -lm

# Objects go to $(O); commands to $(O)/bin, or bin/ for the main build.
O ?= build
B  = $(if $(filter build,$(O)),bin,$(O)/bin)

# Every cmd/NAME.c is a command, every lib/NAME.c a library module.
COMMANDS    = $(sort $(basename $(notdir $(wildcard cmd/*.c))))
LIB_MODULES = $(sort $(basename $(notdir $(wildcard lib/*.c))))
UNIT_TESTS  = $(sort $(basename $(wildcard t/unit/test-*.c)))

LIB_OBJS = $(LIB_MODULES:%=$(O)/lib/%.o)
LIB      = $(O)/lib/libumkit.a
BINS     = $(COMMANDS:%=$(B)/%)
UNIT_BINS = $(UNIT_TESTS:t/unit/%=$(O)/unit/%)
MANPAGES = $(wildcard man/*.1 man/*.5 man/*.7)

all: $(BINS)

$(O)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Only these two objects know SHAREDIR and VERSION: a make with another
# PREFIX, SHAREDIR or VERSION rebuilds them (and relinks), not the rest.
$(O)/lib/datafile.o $(O)/lib/cli.o: $(O)/paths
$(O)/paths: FORCE
	@mkdir -p $(@D)
	@echo '$(SHAREDIR) $(VERSION)' | cmp -s - $@ || \
	    echo '$(SHAREDIR) $(VERSION)' > $@
FORCE:

$(LIB): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(B)/%: cmd/%.c $(LIB) lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LIBS)

$(O)/unit/%: t/unit/%.c t/unit/tap.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -It/unit -o $@ $< $(LIB) $(LDFLAGS) $(LIBS)

# make check: unit tests, the bats suites, then the same under
# AddressSanitizer and UndefinedBehaviorSanitizer in build-san/.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all
check: all unit bats check-san

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do UMKIT_SHARE=$(CURDIR)/share/umkit $$t || exit 1; done

bats: all
	UMKIT_BIN=$(CURDIR)/$(B) bats t/

check-san:
	$(MAKE) O=build-san CFLAGS='$(SAN_FLAGS)' LDFLAGS='$(SAN_FLAGS)' \
	    unit bats

# The README's demo: validate the example requests, add their deadlines,
# and show one line per request.
demo: all
	@echo 'tar-validate examples/tars.jsonl | due-date | jq (tar_id, valid, route, decision by, timely):'
	@PATH=$(CURDIR)/$(B):$$PATH; \
	    tar-validate --calendar us-federal examples/tars.jsonl | \
	    due-date --calendar us-federal --as-of 2026-04-01T12:00:00-07:00 | \
	    jq -r '[.tar_id, .validation.valid, .validation.route, .due.decision_by // .due.error, .due.timely] | @tsv'

# make fuzz: each libFuzzer target (clang) for FUZZ_SECONDS, starting from
# the seeds in t/fuzz/seeds/TARGET; new inputs go to build-fuzz/corpus.
FUZZ_TARGETS = $(sort $(basename $(notdir $(wildcard t/fuzz/fuzz-*.c))))
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	     -fno-sanitize-recover=all
fuzz:
	$(MAKE) O=build-fuzz CC=clang CFLAGS='$(FUZZ_FLAGS)' fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build-fuzz/corpus/$$t t/fuzz/seeds/$$t; \
	    echo "== $$t for $(FUZZ_SECONDS) s"; \
	    build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) \
	        -artifact_prefix=build-fuzz/crash-$$t- -print_final_stats=1 \
	        build-fuzz/corpus/$$t t/fuzz/seeds/$$t 2>&1 | \
	        grep -E '^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE)|ERROR|SUMMARY' ; \
	done

fuzz-build: $(FUZZ_TARGETS:%=$(O)/fuzz/%)

$(O)/fuzz/%: t/fuzz/%.c t/fuzz/fuzz-datafile.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DUMKIT_SOURCE_SHARE='"$(CURDIR)/share/umkit"' \
	    -It/fuzz -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB) $(LIBS)

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)

bench: all
	t/bench/run $(B)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(SHAREDIR)
	for c in $(COMMANDS); do install -m 755 $(B)/$$c $(DESTDIR)$(BINDIR)/$$c; done
	for m in $(MANPAGES); do s=$${m##*.}; \
	    install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	cp -R share/umkit/. $(DESTDIR)$(SHAREDIR)/

uninstall:
	for c in $(COMMANDS); do rm -f $(DESTDIR)$(BINDIR)/$$c; done
	for m in $(MANPAGES); do s=$${m##*.}; \
	    rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-san build-fuzz bin

.PHONY: all check unit bats check-san demo fuzz fuzz-build lint bench install uninstall clean FORCE
.SECONDARY:
