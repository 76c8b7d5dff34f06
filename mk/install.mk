# mk/install.mk - make install / make uninstall / make check-install.
#
#   make install   PREFIX=/usr/local DESTDIR=...
#   make uninstall PREFIX=/usr/local DESTDIR=...   removes exactly what install puts
#   make check-install                              installs into a temporary DESTDIR and
#                                                   builds against it (tests/suites/install.sh)
#
# Installed, under $(DESTDIR)$(PREFIX) (each directory can be moved with its
# variable below):
#   bin/polc                                  the compiler
#   include/polc.h                            the runtime's one public header
#   lib/libpolcrt.a                           the runtime, static
#   lib/libpolcrt.so.0.1.0, .so.0, .so        the runtime, shared (soname libpolcrt.so.0)
#   lib/pkgconfig/polc.pc                     pkg-config --cflags --libs polc
#   lib/cmake/polc/PolcConfig.cmake           find_package(Polc) + polc_add_policy()
#   lib/cmake/polc/PolcConfigVersion.cmake
#   share/polc/polc.mk                        include it: a .pol -> .c/.h rule for make
#   share/man/man1/polc.1, share/man/man5/polc-pol.5
#   share/bash-completion/completions/polc

BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig
CMAKEDIR      ?= $(LIBDIR)/cmake/polc
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
POLCDATADIR   ?= $(DATADIR)/polc
INSTALL    ?= install

# The version comes from the one place it is written; the soname's number is
# the ABI version, raised by hand when the ABI changes.
POLC_VERSION   := $(shell sed -n 's/^\#define POLC_VERSION_STRING "\(.*\)"$$/\1/p' runtime/polc.h)
POLC_TABLE_VER := $(shell sed -n 's/^\#define POLC_TABLE_VERSION \([0-9]*\).*/\1/p' runtime/polc.h)
POLC_SOVERSION := 0
POLC_SONAME    := libpolcrt.so.$(POLC_SOVERSION)
POLC_SOFILE    := libpolcrt.so.$(POLC_VERSION)

# ---- the shared runtime: position-independent objects, only POLC_API exported
PIC_RUNTIME_OBJ := $(patsubst %.c,$(BUILD)/pic/%.o,$(notdir $(RUNTIME_SRC)))
PIC_CFLAGS := -fPIC -fvisibility=hidden -DPOLC_BUILD_SHARED

$(BUILD)/pic/%.o: runtime/%.c mk/install.mk | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PIC_CFLAGS) -c $< -o $@

$(BUILD)/$(POLC_SOFILE): $(PIC_RUNTIME_OBJ) mk/install.mk
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(POLC_SONAME) -Wl,--no-undefined \
	    -o $@ $(PIC_RUNTIME_OBJ) -pthread
$(BUILD)/$(POLC_SONAME) $(BUILD)/libpolcrt.so &: $(BUILD)/$(POLC_SOFILE)
	ln -sf $(POLC_SOFILE) $(BUILD)/$(POLC_SONAME)
	ln -sf $(POLC_SONAME) $(BUILD)/libpolcrt.so

# ---- files made for the install prefix ---------------------------------------
# In polc.pc a directory under the prefix is written as ${prefix}/...
polc_pcdir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
POLC_SUBST = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@BINDIR@|$(call polc_pcdir,$(BINDIR))|g' \
    -e 's|@LIBDIR@|$(call polc_pcdir,$(LIBDIR))|g' -e 's|@INCLUDEDIR@|$(call polc_pcdir,$(INCLUDEDIR))|g' \
    -e 's|@DATADIR@|$(call polc_pcdir,$(DATADIR))|g' -e 's|@POLCDATADIR@|$(call polc_pcdir,$(POLCDATADIR))|g' \
    -e 's|@VERSION@|$(POLC_VERSION)|g' -e 's|@TABLE_VERSION@|$(POLC_TABLE_VER)|g' \
    -e 's|@SOVERSION@|$(POLC_SOVERSION)|g' \
    -e "s|@REL_BINDIR@|$$(realpath -m --relative-to=$(CMAKEDIR) $(BINDIR))|g" \
    -e "s|@REL_LIBDIR@|$$(realpath -m --relative-to=$(CMAKEDIR) $(LIBDIR))|g" \
    -e "s|@REL_INCLUDEDIR@|$$(realpath -m --relative-to=$(CMAKEDIR) $(INCLUDEDIR))|g"

# Remade whenever the directories change (the stamp records them).
$(BUILD)/install-dirs.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX) $(BINDIR) $(LIBDIR) $(INCLUDEDIR) $(DATADIR) $(POLCDATADIR) $(CMAKEDIR)' > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi
$(BUILD)/polc.pc: polc.pc.in runtime/polc.h mk/install.mk $(BUILD)/install-dirs.stamp
	$(POLC_SUBST) polc.pc.in > $@
$(BUILD)/cmake/PolcConfig.cmake: cmake/PolcConfig.cmake.in runtime/polc.h mk/install.mk $(BUILD)/install-dirs.stamp
	@mkdir -p $(dir $@)
	$(POLC_SUBST) cmake/PolcConfig.cmake.in > $@
$(BUILD)/cmake/PolcConfigVersion.cmake: cmake/PolcConfigVersion.cmake.in runtime/polc.h mk/install.mk
	@mkdir -p $(dir $@)
	$(POLC_SUBST) cmake/PolcConfigVersion.cmake.in > $@

POLC_SHARED := $(BUILD)/$(POLC_SOFILE) $(BUILD)/$(POLC_SONAME) $(BUILD)/libpolcrt.so
shared: $(POLC_SHARED)

# ---- install / uninstall ------------------------------------------------------
POLC_INSTALLED := \
    $(BINDIR)/polc \
    $(INCLUDEDIR)/polc.h \
    $(LIBDIR)/libpolcrt.a \
    $(LIBDIR)/$(POLC_SOFILE) $(LIBDIR)/$(POLC_SONAME) $(LIBDIR)/libpolcrt.so \
    $(PKGCONFIGDIR)/polc.pc \
    $(CMAKEDIR)/PolcConfig.cmake $(CMAKEDIR)/PolcConfigVersion.cmake \
    $(POLCDATADIR)/polc.mk \
    $(MANDIR)/man1/polc.1 $(MANDIR)/man5/polc-pol.5 \
    $(COMPLETIONDIR)/polc

install: all $(POLC_SHARED) $(BUILD)/polc.pc $(BUILD)/cmake/PolcConfig.cmake \
    $(BUILD)/cmake/PolcConfigVersion.cmake
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(POLCDATADIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 755 $(BUILD)/polc $(DESTDIR)$(BINDIR)/polc
	$(INSTALL) -m 644 runtime/polc.h $(DESTDIR)$(INCLUDEDIR)/polc.h
	$(INSTALL) -m 644 $(BUILD)/libpolcrt.a $(DESTDIR)$(LIBDIR)/libpolcrt.a
	$(INSTALL) -m 755 $(BUILD)/$(POLC_SOFILE) $(DESTDIR)$(LIBDIR)/$(POLC_SOFILE)
	ln -sf $(POLC_SOFILE) $(DESTDIR)$(LIBDIR)/$(POLC_SONAME)
	ln -sf $(POLC_SONAME) $(DESTDIR)$(LIBDIR)/libpolcrt.so
	$(INSTALL) -m 644 $(BUILD)/polc.pc $(DESTDIR)$(PKGCONFIGDIR)/polc.pc
	$(INSTALL) -m 644 $(BUILD)/cmake/PolcConfig.cmake $(DESTDIR)$(CMAKEDIR)/PolcConfig.cmake
	$(INSTALL) -m 644 $(BUILD)/cmake/PolcConfigVersion.cmake $(DESTDIR)$(CMAKEDIR)/PolcConfigVersion.cmake
	$(INSTALL) -m 644 polc.mk $(DESTDIR)$(POLCDATADIR)/polc.mk
	$(INSTALL) -m 644 man/polc.1 $(DESTDIR)$(MANDIR)/man1/polc.1
	$(INSTALL) -m 644 man/polc-pol.5 $(DESTDIR)$(MANDIR)/man5/polc-pol.5
	$(INSTALL) -m 644 completions/polc.bash $(DESTDIR)$(COMPLETIONDIR)/polc
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null 2>&1; then \
	    ldconfig; fi

# Removes the files above and the two directories that are polc's own; shared
# directories (bin, lib, share/man/man1, ...) stay.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(POLC_INSTALLED))
	-rmdir $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(POLCDATADIR) 2>/dev/null || true

# Installs into a temporary DESTDIR and builds examples/embed and the test
# projects in tests/install/ against that copy (also run by make test).
check-install: all
	@sh tests/suites/install.sh $(BUILD) $(BUILD)/check-install

# The list of installed files, for tests: make -s print-installed
print-installed:
	@for f in $(POLC_INSTALLED); do echo "$$f"; done

FORCE:
.PHONY: install uninstall check-install shared print-installed FORCE

-include $(wildcard $(BUILD)/pic/*.d)
