# SPDX-License-Identifier: GPL-2.0-only
# rxtop build: vmlinux.h -> bpf/*.bpf.o -> skel/*.skel.h -> userspace -> ./rxtop
OUTPUT := .output
CLANG ?= $(shell command -v clang-19 || command -v clang)
BPFTOOL ?= $(shell command -v bpftool || echo /usr/sbin/bpftool)
CC ?= gcc
ARCH := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE
# rxtop's source folders, bottom layer first (docs/architecture.md): each is a -I, so #include "x.h"
# names a header by its file name alone.
SRC_DIRS := src/model src/sys src/probes src/output src/lab src/gen src/stacks src/doctor src/top src/bench src/cli
CPPFLAGS += -I$(OUTPUT) -Iskel -Ibpf $(addprefix -I,$(SRC_DIRS)) -Isrc/dev -Itui
LDLIBS += -lxdp -lbpf -luring -lmnl -lncursesw -lelf -lz -lpthread -lm

# DPDK is optional: compiled in when pkg-config finds it.
HAVE_DPDK := $(shell pkg-config --exists libdpdk 2>/dev/null && echo 1)
ifeq ($(HAVE_DPDK),1)
DPDK_CFLAGS := $(shell pkg-config --cflags libdpdk) -DHAVE_DPDK=1
DPDK_LIBS := $(shell pkg-config --libs libdpdk)
endif

BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.bpf.o,$(BPF_SRCS))
SKELS := $(patsubst bpf/%.bpf.c,skel/%.skel.h,$(BPF_SRCS))

APP_SRCS := $(wildcard $(addsuffix /*.c,$(SRC_DIRS)) tui/*.c)
APP_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(APP_SRCS))
# rxtop-dev: the developer entries (__stack, __bpf, __overhead, __tui-demo, __tcpsend) that tests and benchmarks
# drive rxtop's parts with; a binary of the build like the test helpers, never installed, so rxtop carries none.
DEV_TOOL := $(OUTPUT)/rxtop-dev
DEV_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard src/dev/*.c))
# Everything but main() is linked into the unit tests too.
LIB_OBJS := $(filter-out $(OUTPUT)/src/cli/main.o,$(APP_OBJS))

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(UNIT_SRCS))
# Small programs the integration cases drive rxtop's modules with (no developer commands in rxtop itself).
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(patsubst tests/helpers/%.c,$(OUTPUT)/helpers/%,$(HELPER_SRCS))

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.PHONY: all build docs deps deps-dev run test unit unit-bins asan-unit-bins bench clean format lint install uninstall \
	fuzz fuzz-bins soak kill9
# Toolchain and DPDK are looked up when make reads this file: the targets that install what they need first
# (run, test, bench, ...) run deps, then build in a fresh make that sees what was installed. A plain `make`
# only builds: it checks no package (make deps does, and scripts/install-deps.sh, and .ci/run).
SUBMAKE = $(MAKE) --no-print-directory
all: build

build: rxtop docs $(DEV_TOOL)

# The man page and the bash completion, generated from the option tables by a small program of the build
# (tools/rxtop-docs.c, linked like the test helpers): the tables are the only source of --help, man and
# completion. The page's date is the last commit's, so a rebuild of the same tree gives the same page.
DOCS_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)
DOCS_TOOL := $(OUTPUT)/rxtop-docs
MAN_PAGE := $(OUTPUT)/rxtop.8
COMPLETION := $(OUTPUT)/rxtop.bash-completion
docs: $(MAN_PAGE) $(COMPLETION)

# deps: what building and running rxtop needs; deps-dev adds the test, reference, lint and fuzz tools.
deps:
	$(Q)./scripts/install-deps.sh

deps-dev:
	$(Q)./scripts/install-deps.sh --dev

rxtop: $(APP_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(DPDK_LIBS) $(LDLIBS) -o $@

$(DEV_TOOL): $(DEV_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(DPDK_LIBS) $(LDLIBS) -o $@

$(OUTPUT) $(addprefix $(OUTPUT)/,$(SRC_DIRS)) $(OUTPUT)/src/dev $(OUTPUT)/tui \
$(OUTPUT)/tests $(OUTPUT)/helpers:
	$(Q)mkdir -p $@

$(OUTPUT)/vmlinux.h: | $(OUTPUT)
	$(call msg,GEN,$@)
	$(Q)$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

$(OUTPUT)/%.bpf.o: bpf/%.bpf.c $(OUTPUT)/vmlinux.h $(wildcard bpf/*.h) | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -I$(OUTPUT) -Ibpf -c $< -o $@

# Syscall number -> name table from the installed kernel headers of this architecture (src/probes/syscall_names.c).
$(OUTPUT)/syscall_table.h: | $(OUTPUT)
	$(call msg,GEN,$@)
	$(Q)echo | $(CC) -dM -E -include asm/unistd.h - | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$$/\t[\2] = "\1",/p' > $@.tmp && mv $@.tmp $@

$(OUTPUT)/src/probes/syscall_names.o: $(OUTPUT)/syscall_table.h

skel/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

# Every skeleton exists before the first object is compiled (order-only); from then on each object depends only on
# the skeletons and headers it includes, which gcc -MMD writes to its .d file: a changed BPF program rebuilds its
# loaders, not everything.
$(OUTPUT)/%.o: %.c | $(SKELS) $(addprefix $(OUTPUT)/,$(SRC_DIRS)) $(OUTPUT)/src/dev \
		$(OUTPUT)/tui
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DPDK_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB_OBJS) $(DPDK_LIBS) $(LDLIBS) -o $@

# The overhead module's pure unit tests link only that module.
OVERHEAD_OBJS := $(OUTPUT)/src/probes/overhead.o $(OUTPUT)/src/probes/syscall_names.o \
	$(OUTPUT)/src/sys/log.o $(OUTPUT)/src/model/sampler.o $(OUTPUT)/src/model/cost.o $(OUTPUT)/src/model/ledger.o $(OUTPUT)/src/probes/probe_attach.o $(OUTPUT)/src/probes/percpu.o \
	$(OUTPUT)/src/probes/btf_enum.o $(OUTPUT)/src/sys/thread_sched.o $(OUTPUT)/src/sys/procfs.o
$(OUTPUT)/tests/test_overhead_%: tests/unit/test_overhead_%.c $(OVERHEAD_OBJS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $< $(OVERHEAD_OBJS) $(LDLIBS) -o $@

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c): every source but main.c again, built by clang with ASan and
# UBSan under $(OUTPUT)/fuzz/, linked into one binary per harness.
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -std=gnu11 -D_GNU_SOURCE -Wno-unused-command-line-argument
FUZZ_LIB_OBJS := $(patsubst %.c,$(OUTPUT)/fuzz/%.o,$(filter-out src/cli/main.c,$(APP_SRCS)))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(OUTPUT)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 600

$(OUTPUT)/fuzz/%.o: %.c | $(SKELS) $(OUTPUT)/syscall_table.h
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(DPDK_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIB_OBJS)
	$(call msg,FUZZ-LD,$@)
	$(Q)$(CLANG) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB_OBJS) \
		$(DPDK_LIBS) $(LDLIBS) -o $@

fuzz-bins: $(FUZZ_BINS)

# Each harness for FUZZ_SECONDS (default 600), two at a time at nice 19; see tests/fuzz/README.md.
fuzz: deps
	$(Q)$(SUBMAKE) fuzz-bins
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./tests/fuzz/run.sh

# rxtop live at 10 Hz with every probe for SOAK_SECONDS (default 600) while receivers switch; RSS/fd budget.
soak: deps
	$(Q)$(SUBMAKE) build
	./tests/soak.sh

# kill -9 at random moments of every rxtop command, then nothing of rxtop may remain (KILLS, default 50).
kill9: deps
	$(Q)$(SUBMAKE) build
	./tests/kill9.sh

unit: deps
	$(Q)$(SUBMAKE) unit-bins

$(DOCS_TOOL): tools/rxtop-docs.c $(LIB_OBJS) | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB_OBJS) $(DPDK_LIBS) $(LDLIBS) -o $@

$(MAN_PAGE): $(DOCS_TOOL)
	$(call msg,GEN,$@)
	$(Q)$(DOCS_TOOL) man $(DOCS_DATE) $(DOCDIR) >$@.tmp && mv $@.tmp $@

$(COMPLETION): $(DOCS_TOOL)
	$(call msg,GEN,$@)
	$(Q)$(DOCS_TOOL) completion >$@.tmp && mv $@.tmp $@

$(OUTPUT)/helpers/%: tests/helpers/%.c $(LIB_OBJS) | $(OUTPUT)/helpers
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB_OBJS) $(DPDK_LIBS) $(LDLIBS) -o $@

unit-bins: $(UNIT_BINS) $(HELPER_BINS)

# The same unit tests built a second time with AddressSanitizer and UndefinedBehaviorSanitizer (.output/asan/),
# run by tests/run.sh next to the plain ones: memory errors and undefined behaviour fail them.
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_OUT := $(OUTPUT)/asan
ASAN_LIB_OBJS := $(patsubst $(OUTPUT)/%,$(ASAN_OUT)/%,$(LIB_OBJS))
ASAN_OVERHEAD_OBJS := $(patsubst $(OUTPUT)/%,$(ASAN_OUT)/%,$(OVERHEAD_OBJS))
ASAN_UNIT_BINS := $(patsubst $(OUTPUT)/tests/%,$(ASAN_OUT)/tests/%,$(UNIT_BINS))

$(ASAN_OUT)/%.o: %.c | $(SKELS) $(OUTPUT)/syscall_table.h
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) $(DPDK_CFLAGS) -MMD -MP -c $< -o $@

$(ASAN_OUT)/tests/%: tests/unit/%.c $(ASAN_LIB_OBJS)
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) $< $(ASAN_LIB_OBJS) $(DPDK_LIBS) $(LDLIBS) -o $@

$(ASAN_OUT)/tests/test_overhead_%: tests/unit/test_overhead_%.c $(ASAN_OVERHEAD_OBJS)
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) $< $(ASAN_OVERHEAD_OBJS) $(LDLIBS) -o $@

asan-unit-bins: $(ASAN_UNIT_BINS)

# The main job on a new user's first screen: three receivers take the lab's traffic in turn, live, then the
# comparison table. `rxtop --lab` alone is the bare observer (no receiver: every packet drops as NO_SOCKET).
RUN_STACKS ?= afxdp,iouring,epoll
run: deps
	$(Q)$(SUBMAKE) build
	./rxtop run $(RUN_STACKS) --lab

test: deps-dev
	$(Q)$(SUBMAKE) build unit-bins asan-unit-bins fuzz-bins
	./tests/run.sh

bench: deps
	$(Q)$(SUBMAKE) build
	./tests/bench/run.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary in sbin (it needs root or CAP_BPF/CAP_NET_ADMIN), the
# docs in share/doc/rxtop, the man page rxtop.8 in MANDIR/man8 and the bash completion in COMPLETIONSDIR, both
# generated from the option tables. uninstall removes exactly what install put there.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
DOCDIR ?= $(PREFIX)/share/doc/rxtop
MANDIR ?= $(PREFIX)/share/man
COMPLETIONSDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install
DOC_FILES := README.md LICENSE LICENSES/GPL-2.0-only.txt $(wildcard docs/*.md docs/*.txt docs/*.json)

# The installed page names the installed docs: it is written again here with this DOCDIR.
install: rxtop $(DOCS_TOOL) $(COMPLETION)
	$(Q)$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR)/LICENSES \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(COMPLETIONSDIR)
	$(Q)$(INSTALL) -m 0755 rxtop $(DESTDIR)$(SBINDIR)/rxtop
	$(Q)$(INSTALL) -m 0644 README.md LICENSE $(DESTDIR)$(DOCDIR)/
	$(Q)$(INSTALL) -m 0644 LICENSES/GPL-2.0-only.txt $(DESTDIR)$(DOCDIR)/LICENSES/
	$(Q)$(INSTALL) -m 0644 $(filter docs/%,$(DOC_FILES)) $(DESTDIR)$(DOCDIR)/docs/
	$(Q)$(DOCS_TOOL) man $(DOCS_DATE) $(DOCDIR) >$(OUTPUT)/rxtop.8.install
	$(Q)$(INSTALL) -m 0644 $(OUTPUT)/rxtop.8.install $(DESTDIR)$(MANDIR)/man8/rxtop.8
	$(Q)$(INSTALL) -m 0644 $(COMPLETION) $(DESTDIR)$(COMPLETIONSDIR)/rxtop
	@echo "installed $(DESTDIR)$(SBINDIR)/rxtop, the docs in $(DESTDIR)$(DOCDIR), rxtop(8) in" \
		"$(DESTDIR)$(MANDIR)/man8 and the bash completion in $(DESTDIR)$(COMPLETIONSDIR)"

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/rxtop
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(DOC_FILES))
	rmdir $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR)/LICENSES $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	rm -f $(DESTDIR)$(MANDIR)/man8/rxtop.8 $(DESTDIR)$(COMPLETIONSDIR)/rxtop

format:
	clang-format -i $(wildcard $(addsuffix /*.[ch],$(SRC_DIRS)) src/dev/*.[ch] tui/*.[ch] bpf/*.[ch] tests/unit/*.[ch] \
		tests/helpers/*.[ch] tests/fuzz/*.[ch] tools/*.[ch])

# cppcheck does not read system headers: libbpf's function-like macros come from scripts/cppcheck-libbpf.cfg.
lint: $(SKELS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -D__x86_64__ --library=scripts/cppcheck-libbpf.cfg \
		$(addprefix -I,$(SRC_DIRS)) -I src/dev -I tui -I bpf -I skel src \
		tui tests/helpers \
		tools

clean:
	rm -rf $(OUTPUT) skel/*.skel.h rxtop

.SECONDARY:

-include $(APP_OBJS:.o=.d) $(DEV_OBJS:.o=.d) $(ASAN_LIB_OBJS:.o=.d) $(FUZZ_LIB_OBJS:.o=.d)
