# leaflet: bilingual patient-information leaflets as print-ready PDF.
#   make          install missing Debian packages, build, render content/ into out/
#   make test     unit tests, bad-input corpus, end-to-end PDF checks
#   make deps     only the package install (apt-get, idempotent)
#   make bench    speed and size benchmark (not part of make test)

VERSION  := 0.1.0
CC       ?= cc
PKGS     := yaml-0.1 fontconfig harfbuzz harfbuzz-subset libdeflate
BUILD    ?= build
OUT      ?= out
PREFIX   ?= /usr/local

# Debian packages: building, running, and what the tests inspect PDFs with.
DEB_BUILD := gcc make pkg-config libhpdf-dev libyaml-dev libfontconfig-dev \
             libharfbuzz-dev libhyphen-dev zlib1g-dev libdeflate-dev
DEB_RUN   := hyphen-fr hyphen-en-us ghostscript fonts-dejavu-core
DEB_TEST  := qpdf poppler-utils mupdf-tools libxml2-utils python3 libharfbuzz-bin groff man-db
DEB_BENCH := time
DEB_ALL   := $(DEB_BUILD) $(DEB_RUN) $(DEB_TEST) $(DEB_BENCH)

WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wvla -Wundef \
            -Wno-unused-parameter
ifeq ($(CI),true)
WARN     += -Werror
endif
OPT      ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   ?=
CFLAGS   += -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
            -DLF_VERSION='"$(VERSION)"' -DLF_PREFIX='"$(PREFIX)"' $(PKG_CFLAGS) -MMD -MP
LDLIBS   += $(PKG_LIBS) -lhpdf -lhyphen -lz -lm -pthread

SRCS     := $(sort $(wildcard src/*.c))
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/%.o)
UNIT_SRCS:= $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS:= $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/%)

LEAFLETS := $(sort $(wildcard content/leaflets/*.yaml))
STAFF    := content/staff.yaml

.PHONY: all deps build render test unit check clean bench
all: deps build render

# Install the Debian packages that are missing (idempotent; silent when none is).
deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:$$missing"; \
	  command -v apt-get >/dev/null || { echo "make deps: error: no apt-get here; install:$$missing" >&2; exit 1; }; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: error: not root; run 'sudo make deps' or install:$$missing" >&2; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

build: leaflet

leaflet: $(BUILD)/main.o $(BUILD)/libleaflet.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libleaflet.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c $(BUILD)/libleaflet.a tests/unit/t.h
	$(CC) $(CFLAGS) -Isrc -Itests/unit -o $@ $< $(BUILD)/libleaflet.a $(LDLIBS)

render: leaflet
	./leaflet --staff $(STAFF) --profile office,print,archive -o $(OUT) $(LEAFLETS)

unit: $(UNIT_BINS)

test: deps leaflet $(UNIT_BINS)
	@sh tests/run.sh $(UNIT_BINS)
	@$(MAKE) --no-print-directory sanitize-quick

# Speed and size, 10 / 100 / 1,000 generated staff (docs/speed.md); not part of test.
bench: deps leaflet
	@sh bench/run.sh ./leaflet

clean:
	rm -rf $(BUILD) leaflet $(OUT)

-include $(LIB_OBJS:.o=.d) $(BUILD)/main.d

# ---- install, uninstall, proofs -------------------------------------------
#   make install [PREFIX=/usr/local] [DESTDIR=]   the binary, its data, man pages
#   make uninstall                                 the same files, removed
#   make proof                                     render with PNG page images
# The program finds its data relative to itself (<bin>/../share/leaflet), so an
# installed tree works wherever DESTDIR puts it; PREFIX/share/leaflet is the
# fallback built in. The hyphenation patterns are copied from HYPHEN_DIR
# (Debian's hyphen-fr: LGPL-2.1+; hyphen-en-us: GPL-2+ or LGPL-2.1+ or
# MPL-1.1+) with their copyright files; the fonts go with OFL.txt.
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/leaflet
MANDIR     ?= $(PREFIX)/share/man
HYPHEN_DIR ?= /usr/share/hyphen
INSTALL    ?= install
INST_FONTS := $(wildcard fonts/*.ttf) fonts/OFL.txt fonts/README.md
INST_HYPH  := hyph_fr.dic hyph_en_US.dic

.PHONY: install uninstall proof
install: leaflet
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/hyphen \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	$(INSTALL) -m 755 leaflet $(DESTDIR)$(BINDIR)/leaflet
	$(INSTALL) -m 644 $(INST_FONTS) $(DESTDIR)$(DATADIR)/fonts/
	$(INSTALL) -m 644 $(addprefix $(HYPHEN_DIR)/,$(INST_HYPH)) $(DESTDIR)$(DATADIR)/hyphen/
	$(INSTALL) -m 644 /usr/share/doc/hyphen-fr/copyright $(DESTDIR)$(DATADIR)/hyphen/copyright.hyphen-fr
	$(INSTALL) -m 644 /usr/share/doc/hyphen-en-us/copyright $(DESTDIR)$(DATADIR)/hyphen/copyright.hyphen-en-us
	$(INSTALL) -m 644 doc/leaflet.1 $(DESTDIR)$(MANDIR)/man1/leaflet.1
	$(INSTALL) -m 644 doc/leaflet-content.5 $(DESTDIR)$(MANDIR)/man5/leaflet-content.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/leaflet $(DESTDIR)$(MANDIR)/man1/leaflet.1 \
	  $(DESTDIR)$(MANDIR)/man5/leaflet-content.5
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/fonts/,$(notdir $(INST_FONTS)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/hyphen/,$(INST_HYPH) copyright.hyphen-fr copyright.hyphen-en-us)
	rmdir $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/hyphen $(DESTDIR)$(DATADIR) 2>/dev/null || true

proof: leaflet
	./leaflet --proof --staff $(STAFF) --profile office,print,archive -o $(OUT) $(LEAFLETS)

# ==== hardening: fuzz, sanitize, valgrind, lint (docs/hardening.md) ==========
#   make sanitize        ASan+UBSan build in build-san/, whole test suite on it
#   make sanitize-quick  the same build: unit tests, fuzz regressions, bad-input
#                        corpus, one e2e batch (part of make test)
#   make fuzz [FUZZ_SECONDS=60]  libFuzzer (clang) on loader, markup, typography,
#                        line breaking; finds go to build-fuzz/, keep them in
#                        tests/fuzz/regress/NAME/
#   make valgrind        a full batch (all profiles, all recipients) under valgrind
#   make lint            cppcheck and clang-tidy over src/
SAN_DIR      := build-san
SAN_FLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_DIR     := build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES   := load markup typo brk
FUZZ_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VALGRIND     := valgrind --quiet --trace-children=yes --leak-check=full --show-leak-kinds=definite,indirect \
                --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
                --suppressions=tests/valgrind.supp
# clang-tidy: the static analyzer and bugprone checks, less those that only
# flag this code base's idioms: `sizeof *p` with p a T** (sizeof-expression),
# va_copy'd lists (clang 14's valist checker), short parameter lists, narrowing
# casts that are checked by hand, insecureAPI (memcpy, snprintf).
LINT_TIDY    := -*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*,-clang-analyzer-valist.Uninitialized,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,-bugprone-narrowing-conversions,-bugprone-branch-clone,-bugprone-assignment-in-if-condition,-bugprone-implicit-widening-of-multiplication-result,-bugprone-sizeof-expression,cert-flp30-c,misc-redundant-expression

.PHONY: fuzz sanitize sanitize-quick san-build valgrind lint

# Any build folder can hold its own leaflet (the shared ./leaflet is not touched).
$(BUILD)/leaflet: $(BUILD)/main.o $(BUILD)/libleaflet.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Fuzz targets as plain programs that replay their corpus (see tests/fuzz/replay.c).
$(BUILD)/fuzzrun_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libleaflet.a
	$(CC) $(CFLAGS) -Isrc -DFUZZ_NAME='"$*"' -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(BUILD)/libleaflet.a $(LDLIBS)

san-build:
	@$(MAKE) --no-print-directory BUILD=$(SAN_DIR) OPT="-O1 -g $(SAN_FLAGS)" \
	  $(SAN_DIR)/leaflet $(UNIT_SRCS:tests/unit/%.c=$(SAN_DIR)/%) $(FUZZ_NAMES:%=$(SAN_DIR)/fuzzrun_%)

sanitize: deps san-build
	@sh tests/sanitize.sh $(SAN_DIR) full

sanitize-quick: san-build
	@sh tests/sanitize.sh $(SAN_DIR) quick

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libleaflet.a tests/fuzz/fuzz.h
	$(CC) $(CFLAGS) -Isrc -fsanitize=fuzzer -o $@ $(filter %.c %.a,$^) $(LDLIBS)

fuzz:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) \
	  OPT="-O1 -g $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
	@sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_NAMES)

valgrind: deps leaflet
	@sh tests/valgrind.sh "$(VALGRIND)" $(STAFF) $(LEAFLETS)

lint:
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	  --inline-suppr --suppress=missingIncludeSystem -D__GNUC__ -DLF_VERSION='"0"' -DLF_PREFIX='"/"' -Isrc src
	clang-tidy --quiet --warnings-as-errors='*' --checks='$(LINT_TIDY)' $(SRCS) -- \
	  -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLF_VERSION='"0"' -DLF_PREFIX='"/"' $(PKG_CFLAGS) -Isrc
