#!/bin/bash
# vm-boot: 1-kernel
# Where the kernel release matters: an image from another release restores, unless a task was
# frozen with its ip inside the vDSO (whose code differs between releases): that one is refused,
# naming the task and both releases, and leaves nothing behind. The modules refuse to load, naming
# the function, where an indirect call to a kallsyms-found function would trap under IBT
# (ksym_check_endbr=1 checks for ENDBR64 as an IBT kernel does; Debian's 6.1 has none).
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt29
out=/tmp/t29
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

procs() { wc -l < $cg/cgroup.procs; }
last() { tail -n 1 "$1" | tr -d '\0' | awk '{print $1}'; }
wait_past() { for _ in $(seq 40); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }

init=$($P/ctdrive run $cg sh -c "exec $P/counter 1 50 > $out/c 2>/dev/null")
wait_past $out/c 2
check "the dump" $P/ctdrive dump 29 "$init" $cg $out/good.img
sleep 0.5
$P/imgedit header $out/good.img $out/other.img release 5.10.0-99-other || fail "imgedit release"
vdso=$($P/imgedit vdsoip $out/other.img $out/vdso.img 1 0x40) || fail "imgedit vdsoip"

if $P/ctdrive restore 29 $cg $out/vdso.img > /dev/null 2> $out/err; then
	fail "a task frozen in another release's vDSO was restored"
else
	case "$(cat $out/err)" in
	*"task 1 (counter) was frozen inside the vDSO"*"image: 5.10.0-99-other, this kernel: $(uname -r)"*)
		ok "a task inside another release's vDSO ($vdso) is refused: $(cat $out/err)" ;;
	*) fail "unexpected message: $(cat $out/err)" ;;
	esac
fi
expect_eq "the refused restore leaves no task" 0 "$(procs)"

: > $out/c
init=$($P/ctdrive restore 29 $cg $out/other.img 2> $out/err) || fail "restore of another release's image with a normal ip: $(cat $out/err)"
check "another release's image with a normal ip restores and runs" wait_past $out/c 0
kill -9 "$init" 2>/dev/null
sleep 0.5

rmmod vzrst || fail "rmmod vzrst"
if modprobe vzrst ksym_check_endbr=1 2>/dev/null; then
	fail "vzrst loaded although its functions have no ENDBR64"
	rmmod vzrst
else
	msg=$(dmesg | grep 'does not start with ENDBR64' | tail -n 1)
	msg=${msg#*] }
	case "$msg" in
	"vzrst: kernel function "*" does not start with ENDBR64"*"this kernel is not supported")
		ok "without ENDBR64 the module refuses to load, naming the function: $msg" ;;
	*) fail "no message naming the function: $msg" ;;
	esac
fi
check "and loads as usual without the check" modprobe vzrst
done_testing
