# vzcpt: top-level build. `make` builds the modules, vzctl and the OS template;
# `make check` runs every test; `make demo` runs the demo in the test VM.

PREFIX ?= /usr
DESTDIR ?=
SHELL := /bin/bash

KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
export KVER

BUILD := $(CURDIR)/build

.PHONY: stage all deps modules userspace template template-debian template-debian-services template-debian-databases install-template-debian install uninstall clean check unit demo bench bench-migfreeze bench-migtwo faults checkpatch \
	fuzz

all: modules userspace template

deps:
	@scripts/deps.sh

modules:
	@test -n "$(KVER)" || { echo "no kernel headers found: run 'make deps'" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel W=1 modules

userspace:
	$(MAKE) -C utils/vzctl
	$(MAKE) -C test/progs

template:
	$(MAKE) -C etc/template

# The Debian 12 OS template, and its installation into /vz/template/cache (see etc/template).
template-debian:
	$(MAKE) -C etc/template debian

template-debian-services:
	$(MAKE) -C etc/template debian-services

template-debian-databases:
	$(MAKE) -C etc/template debian-databases

install-template-debian:
	$(MAKE) -C etc/template install-debian

install: all
	install -D -m 0644 kernel/cpt/vzcpt.ko $(DESTDIR)/lib/modules/$(KVER)/extra/vzcpt.ko
	install -D -m 0644 kernel/rst/vzrst.ko $(DESTDIR)/lib/modules/$(KVER)/extra/vzrst.ko
	$(if $(DESTDIR),,depmod $(KVER))
	$(MAKE) -C utils/vzctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C etc install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C init install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C man install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/extra/vzcpt.ko $(DESTDIR)/lib/modules/$(KVER)/extra/vzrst.ko
	$(if $(DESTDIR),,-depmod $(KVER))
	$(MAKE) -C utils/vzctl uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C etc uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C init uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C man uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# The tree the test VM installs into its root, exactly as `make install` lays it out.
stage: all
	rm -rf $(BUILD)/stage
	$(MAKE) install DESTDIR=$(BUILD)/stage

unit: userspace
	$(MAKE) -C test/unit run

# Two guests at a time: the cases sleep as much as they compute, and the suite then fits its budget.
check: deps
	$(MAKE) stage
	$(MAKE) template-debian template-debian-services template-debian-databases
	VZ_BOOTS=$${VZ_BOOTS:-2} test/run-all

# Long fuzzing: the host harnesses (test/fuzz) for FUZZ_LONG seconds each, then FUZZ_IMAGES hostile
# variants of a real image restored in the guest (test/cases/27-kernel-hostile.sh).
FUZZ_LONG ?= 600
FUZZ_IMAGES ?= 20000
# The guest reads the count from build/hostile-n (no environment reaches it); a second each is ample.
fuzz: deps
	$(MAKE) -C test/fuzz long LONG_TIME=$(FUZZ_LONG)
	$(MAKE) stage
	echo $(FUZZ_IMAGES) > $(BUILD)/hostile-n
	test/vm/run --timeout $$(( $(FUZZ_IMAGES) + 900 )) test/vm/batch test/cases/27-kernel-hostile.sh; \
		rc=$$?; rm -f $(BUILD)/hostile-n; exit $$rc

# Every fault point of test 19's dump and undump (make check walks every fourth) and every kill point
# of test 25's undump (make check: every third): build/fault-stride.
faults: deps
	$(MAKE) stage
	echo 1 > $(BUILD)/fault-stride
	test/vm/run --timeout 3600 test/vm/batch test/cases/19-kernel-faults.sh \
		test/cases/25-kernel-lifetime.sh; \
		rc=$$?; rm -f $(BUILD)/fault-stride; exit $$rc

demo: deps
	$(MAKE) stage
	test/vm/run test/demo.sh

bench: deps
	$(MAKE) stage
	$(MAKE) template-debian-services
	bench/run

# Live migration's freeze, vzctl and CRIU with and without pre-copy, 16-1024 MiB (bench/migfreeze);
# make bench runs one of its cases (mig256), make check none.
bench-migfreeze: deps
	$(MAKE) stage
	bench/migfreeze

# Live migration between two guests over a virtual wire, vzmigrate --online with and without
# pre-copy, 16-256 MiB (bench/migtwo); takes both VM slots, not part of make check.
bench-migtwo: deps
	$(MAKE) stage
	bench/migtwo

checkpatch:
	@/usr/src/linux-source-6.1/scripts/checkpatch.pl --strict --no-tree -q \
		-f $$(find kernel include -name '*.[ch]' ! -name '*.mod.c')

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel clean
	$(MAKE) -C utils/vzctl clean
	$(MAKE) -C test/progs clean
	$(MAKE) -C test/unit clean
	$(MAKE) -C test/fuzz clean
	$(MAKE) -C etc/template clean
	rm -rf $(BUILD)
