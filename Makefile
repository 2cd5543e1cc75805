# leaflet: bilingual patient-information leaflets as print-ready PDF.
#   make          install missing Debian packages, build, render content/ into out/
#   make test     unit tests, bad-input corpus, end-to-end PDF checks
#   make deps     only the package install (apt-get, idempotent)
#   make bench    speed and size benchmark (not part of make test)

VERSION  := 0.1.0
CC       ?= cc
PKGS     := yaml-0.1 fontconfig harfbuzz
BUILD    ?= build
OUT      ?= out
PREFIX   ?= /usr/local

# Debian packages: building, running, and what the tests inspect PDFs with.
DEB_BUILD := gcc make pkg-config libhpdf-dev libyaml-dev libfontconfig-dev \
             libharfbuzz-dev libhyphen-dev zlib1g-dev
DEB_RUN   := hyphen-fr hyphen-en-us ghostscript fonts-dejavu-core
DEB_TEST  := qpdf poppler-utils libxml2-utils python3
DEB_ALL   := $(DEB_BUILD) $(DEB_RUN) $(DEB_TEST)

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
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
            -DLF_VERSION='"$(VERSION)"' -DLF_PREFIX='"$(PREFIX)"' $(PKG_CFLAGS) -MMD -MP
LDLIBS   += $(PKG_LIBS) -lhpdf -lhyphen -lz -lm

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

clean:
	rm -rf $(BUILD) leaflet $(OUT)

-include $(LIB_OBJS:.o=.d) $(BUILD)/main.d
