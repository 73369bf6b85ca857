#!/bin/bash
# vm-opts: --timeout 1200
# vm-boot: 1-kernel
# vzcpt and vzrst load and unload cleanly, many times; /proc/cpt and /proc/rst exist only while
# loaded, are root-only, and refuse an unprivileged caller.
. test/lib.sh

loops=20 bad=""
for i in $(seq $loops); do
	modprobe vzcpt && modprobe vzrst || { bad="load $i"; break; }
	[ -e /proc/cpt ] && [ -e /proc/rst ] || { bad="entries missing after load $i"; break; }
	modprobe -r vzrst && modprobe -r vzcpt || { bad="unload $i"; break; }
	[ ! -e /proc/cpt ] && [ ! -e /proc/rst ] || { bad="entries left after unload $i"; break; }
done
if [ -z "$bad" ]; then ok "modules load and unload $loops times"; else fail "load/unload loop: $bad"; fi

modprobe vzcpt && modprobe vzrst
for e in /proc/cpt /proc/rst; do
	mode=$(stat -c '%a %U' "$e")
	case "$mode" in
	"400 root" | "600 root") ok "$e is root-only ($mode)" ;;
	*) fail "$e mode/owner is '$mode'" ;;
	esac
done
test/progs/procperm /proc/cpt /proc/rst || TEST_FAILED=1
check "modules carry the module license GPL" test "$(modinfo -F license vzcpt)" = GPL
modprobe -r vzrst && modprobe -r vzcpt
check "both modules are gone" test ! -d /sys/module/vzcpt -a ! -d /sys/module/vzrst
done_testing
