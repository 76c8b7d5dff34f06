# polc.mk - compile .pol renewal policies in a GNU make build.
#
# Installed as $(PREFIX)/share/polc/polc.mk; pkg-config tells where:
#
#   include $(shell pkg-config --variable=polc_mk polc)
#
#   app: main.o nasm-cpt.o
#   	$(CC) -o $@ $^ $(POLC_LIBS)
#   main.o nasm-cpt.o: CFLAGS += $(POLC_CFLAGS)
#   main.o: nasm-cpt.h                 # main.c includes the generated header
#
# What it gives:
#
#   %.c %.h: %.pol      one `polc build` writes both files (also under make -j)
#   $(polc_build)       the same recipe, for rules of your own with other paths
#                       (&: makes the two targets one job, GNU make 4.3):
#                         gen/nasm.c gen/nasm.h &: policies/nasm.pol
#                         	$(polc_build)
#   dependency files    every build also writes OUT.pol.d (polc build -MD), a
#                       make rule naming the policy OUT.c and OUT.h come from;
#                       the ones under $(POLC_DEPDIRS) are included, so an edited
#                       policy rebuilds, and a deleted one does not stop make
#   POLC_CFLAGS, POLC_LIBS   the runtime's flags: pkg-config --cflags/--libs polc
#
# Variables (set them before the include, or on the command line):
#
#   POLC          the compiler (default: the one pkg-config names, else polc)
#   POLCFLAGS     extra options for polc build: -D NAME=VALUE, --werror
#   POLC_DEPDIRS  directories whose *.pol.d files are included (default: .)
#   PKG_CONFIG    pkg-config
#
# The .d file is named OUT.pol.d, not OUT.d, so that `cc -MD -c OUT.c -o OUT.o`,
# which writes OUT.d, does not overwrite it.

ifndef POLC_MK_INCLUDED
POLC_MK_INCLUDED := 1

PKG_CONFIG   ?= pkg-config
POLC_DEPDIRS ?= .
POLCFLAGS    ?=

ifeq ($(origin POLC),undefined)
POLC := $(or $(shell $(PKG_CONFIG) --variable=polc polc 2>/dev/null),polc)
endif

# Evaluated on use only, so a build that does not link the runtime does not
# need pkg-config.
POLC_CFLAGS = $(shell $(PKG_CONFIG) --cflags polc)
POLC_LIBS   = $(shell $(PKG_CONFIG) --libs polc)

# $(basename $@) is OUT for either target, OUT.c or OUT.h.
define polc_build
$(POLC) build $(POLCFLAGS) -MD $< -o $(basename $@).c
mv -f $(basename $@).d $(basename $@).pol.d
endef

%.c %.h: %.pol
	$(polc_build)

# The rules in the .d files must not become the default goal of a makefile
# that includes this one before its own first target.
polc_default_goal := $(.DEFAULT_GOAL)
-include $(wildcard $(addsuffix /*.pol.d,$(POLC_DEPDIRS)))
.DEFAULT_GOAL := $(polc_default_goal)

endif
