# mk/fuzz.mk - libFuzzer targets (issue 7, docs/robustness.md).
#
#   make fuzz                     builds the targets, seeds their corpora, runs
#                                 each for FUZZ_SECONDS (60), then compiles a
#                                 sample of the generated C the gen target kept
#   make fuzz FUZZ_SECONDS=600    longer runs
#   make fuzz FUZZ_TARGETS=record only some targets (front gen record numbers)
#   make fuzz-build               only build them (build/fuzz/fuzz_NAME)
#
# Built with clang -fsanitize=fuzzer,address,undefined from the compiler's
# sources (all but main.c), the generated scanner and parser, and the
# runtime, in build/fuzz/.  Corpora grow in build/fuzz/corpus/NAME (kept
# between runs); crashes, leaks and timeouts go to build/fuzz/artifacts/,
# where `make fuzz` fails and names them: each one found becomes a test in
# tests/regression/ (tests/suites/regression.sh).

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= front gen record numbers json
FUZZ_JOBS    ?= 1
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(STD) -g -O1 -Wall -Wextra $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                -Iruntime -Icompiler -I$(BUILD)/gen -Ifuzz -I$(FUZZ_DIR)/tables -MMD -MP

FUZZ_LIB_SRC := $(filter-out compiler/main.c,$(wildcard compiler/*.c)) \
                $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.c $(wildcard runtime/*.c)
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(notdir $(FUZZ_LIB_SRC)))
FUZZ_TABLES  := $(FUZZ_DIR)/tables/nasm-cpt.o $(FUZZ_DIR)/tables/acsm.o
FUZZ_BINS    := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-build fuzz-deps
fuzz-deps: deps
	@if command -v dpkg >/dev/null 2>&1; then $(call need_pkgs,clang libclang-rt-14-dev gcc); fi

$(FUZZ_DIR)/obj/%.o: compiler/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ_DIR)/obj/%.o: runtime/%.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ_DIR)/obj/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ_DIR)/obj/%.o: fuzz/%.c fuzz/check_json.h | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/libpolcfuzz.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

# The seed policies as the tables polc build writes, for the record target.
$(FUZZ_DIR)/tables/%.c: policies/%.pol $(BUILD)/polc
	@mkdir -p $(dir $@)
	$(BUILD)/polc build $< -o $@
$(FUZZ_DIR)/tables/%.o: $(FUZZ_DIR)/tables/%.c | fuzz-deps
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz_%.o $(FUZZ_DIR)/obj/check_json.o \
                    $(FUZZ_TABLES) $(FUZZ_DIR)/libpolcfuzz.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzz-build: all $(FUZZ_BINS)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) sh fuzz/run.sh $(BUILD) $(FUZZ_TARGETS)

-include $(wildcard $(FUZZ_DIR)/obj/*.d)
