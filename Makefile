# polc - renewal policies as code.
#   make          build polc and the runtime library (build/)
#   make run      build, then evaluate the example records with both seed policies
#   make test     every test, also under AddressSanitizer + UBSan; ends "N passed, N failed"
#   make accept   rewrite golden files on purpose (never done by make test)
#   make install PREFIX=/usr/local DESTDIR=...   /   make uninstall
#   make check-install   install into a temporary DESTDIR and build against it
#   make fuzz / make bench   bounded fuzzing runs / the benchmark harness
#   make clean

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   := build
STD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Wpedantic -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) -Iruntime -Icompiler -I$(BUILD)/gen -MMD -MP
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LIBS    := -lyajl -lpthread

RUNTIME_SRC  := $(wildcard runtime/*.c)
COMPILER_SRC := $(wildcard compiler/*.c)
GEN_SRC      := $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.c
UNIT_SRC     := $(wildcard tests/unit/test_*.c)

define objs
$(patsubst %.c,$(1)/obj/%.o,$(notdir $(2)))
endef

RUNTIME_OBJ  := $(call objs,$(BUILD),$(RUNTIME_SRC))
COMPILER_OBJ := $(call objs,$(BUILD),$(COMPILER_SRC) $(GEN_SRC))
SAN_RUNTIME_OBJ  := $(call objs,$(BUILD)/asan,$(RUNTIME_SRC))
SAN_COMPILER_OBJ := $(call objs,$(BUILD)/asan,$(COMPILER_SRC) $(GEN_SRC))
UNIT_BIN     := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
SAN_UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/asan/tests/%,$(UNIT_SRC))

vpath %.c runtime compiler $(BUILD)/gen tests/unit

.SECONDARY:
.PHONY: all deps run test accept clean test-deps
all: deps $(BUILD)/polc $(BUILD)/libpolcrt.a $(BUILD)/gen-records

# ---- tools this build needs, installed when missing --------------------
DEB_BUILD := flex bison libcmocka-dev libyajl-dev
DEB_TEST  := clang valgrind
define need_pkgs
missing=""; \
for p in $(1); do dpkg-query -W -f '$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "polc: installing missing packages:$$missing (apt-get)"; \
  if [ "$$(id -u)" != 0 ]; then echo "polc: run as root, or install:$$missing" >&2; exit 1; fi; \
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
fi
endef
deps:
	@if command -v dpkg >/dev/null 2>&1; then $(call need_pkgs,$(DEB_BUILD)); fi
test-deps: deps
	@if command -v dpkg >/dev/null 2>&1; then $(call need_pkgs,$(DEB_TEST)); fi

# ---- generated scanner and parser -------------------------------------
$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: compiler/parser.y | deps
	@mkdir -p $(BUILD)/gen
	bison -Wall -Werror -d -o $(BUILD)/gen/parser.c $<
$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: compiler/lexer.l $(BUILD)/gen/parser.h | deps
	@mkdir -p $(BUILD)/gen
	flex --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

# Every compiler object may include the generated headers.
$(COMPILER_OBJ) $(SAN_COMPILER_OBJ): $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
$(call objs,$(BUILD),$(UNIT_SRC)) $(call objs,$(BUILD)/asan,$(UNIT_SRC)): $(BUILD)/gen/parser.h

# ---- objects ------------------------------------------------------------
$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BUILD)/asan/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

$(BUILD)/libpolcrt.a: $(RUNTIME_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/asan/libpolcrt.a: $(SAN_RUNTIME_OBJ)
	rm -f $@ && ar rcs $@ $^

# The compiler minus main(), for the front end's unit tests.
$(BUILD)/libpolcc.a: $(filter-out %/main.o,$(COMPILER_OBJ))
	rm -f $@ && ar rcs $@ $^
$(BUILD)/asan/libpolcc.a: $(filter-out %/main.o,$(SAN_COMPILER_OBJ))
	rm -f $@ && ar rcs $@ $^

$(BUILD)/polc: $(COMPILER_OBJ) $(BUILD)/libpolcrt.a
	$(CC) $(CFLAGS) -o $@ $(COMPILER_OBJ) $(BUILD)/libpolcrt.a $(LIBS)
$(BUILD)/asan/polc: $(SAN_COMPILER_OBJ) $(BUILD)/asan/libpolcrt.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $(SAN_COMPILER_OBJ) $(BUILD)/asan/libpolcrt.a $(LIBS)

$(BUILD)/gen-records: examples/gen-records.c | deps
	$(CC) $(STD) $(WARN) $(CFLAGS) -o $@ $<

# ---- unit tests (cmocka) ------------------------------------------------
$(BUILD)/tests/%: $(BUILD)/obj/%.o $(BUILD)/libpolcc.a $(BUILD)/libpolcrt.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libpolcc.a $(BUILD)/libpolcrt.a $(LIBS) -lcmocka -lpthread
$(BUILD)/asan/tests/%: $(BUILD)/asan/obj/%.o $(BUILD)/asan/libpolcc.a $(BUILD)/asan/libpolcrt.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -o $@ $< $(BUILD)/asan/libpolcc.a $(BUILD)/asan/libpolcrt.a $(LIBS) -lcmocka -lpthread

# ---- the main job ---------------------------------------------------------
run: all
	@sh examples/run.sh $(BUILD)/polc

# ---- tests ----------------------------------------------------------------
test: test-deps all $(UNIT_BIN) $(BUILD)/asan/polc $(SAN_UNIT_BIN)
	@sh tests/run.sh $(BUILD)

accept: all
	@ACCEPT=1 sh tests/run.sh $(BUILD) golden

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/asan/obj/*.d)

# Further targets (install, fuzz, bench, ...) live in mk/*.mk, one job each.
include $(wildcard mk/*.mk)
