#!/bin/bash
# vm-boot: 1-kernel
# Stages and failures through /proc/cpt and /proc/rst directly: suspend+resume leaves the CT as it
# was; a parked context is joined by a later invocation; a snapshot (suspend, dump, resume)
# restored later gives the state at the snapshot; state that cannot be carried fails the dump with
# the CT left running; a dumper killed mid-dump leaves the CT running; root inside the CT gets
# EPERM; truncated, corrupted, foreign and too-demanding images are refused with a reason, leave
# nothing behind and are not changed.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt21
out=/tmp/t21
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

frozen() { grep -q '^frozen 1' $cg/cgroup.events; }
procs() { wc -l < $cg/cgroup.procs; }
last() { tail -n 1 "$1" | awk '{print $1}'; }
# wait_past FILE N: wait until FILE's last count passes N
wait_past() { for i in $(seq 40); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }

start_counter() { $P/ctdrive run $cg sh -c "exec $P/counter 1 50 > $1 2>/dev/null"; }

# --- suspend and resume: frozen while suspended, then carries on unchanged
init=$(start_counter $out/c1)
wait_past $out/c1 3
$P/ctdrive suspend 21 "$init" $cg && frozen && ok "suspend freezes the CT" || fail "suspend"
n=$(last $out/c1); sleep 1
expect_eq "nothing runs while suspended" "$n" "$(last $out/c1)"
check "a parked context is resumed by a later invocation" $P/ctdrive resume 21
check "the CT carries on after resume" wait_past $out/c1 "$n"
check "the cgroup is thawed" test "$(frozen && echo y)" != y
check "its lines stay consecutive" awk '$1 != NR { exit 1 }' $out/c1

# --- snapshot: suspend, dump by another invocation, resume; restore it later
$P/ctdrive suspend 21 "$init" $cg
snap=$(last $out/c1)
check "a parked context is dumped by a later invocation" $P/ctdrive dumpjoin 21 $out/snap.img
check "and resumed by a third" $P/ctdrive resume 21
wait_past $out/c1 $((snap + 5))
kill -9 "$init"; sleep 0.5
: > $out/c1
init=$($P/ctdrive restore 21 $cg $out/snap.img 2> $out/err) || fail "restore of the snapshot: $(cat $out/err)"
wait_past $out/c1 0
first=$(tr -d '\0' < $out/c1 | head -n 1 | awk '{print $1}')
expect_eq "the restored snapshot carries on from the snapshot's count" "$((snap + 1))" "$first"
kill -9 "$init"; sleep 0.5

# --- state that cannot be carried yet: the dump fails, the CT keeps running
init=$($P/ctdrive run $cg sh -c "exec $P/sockhold > $out/s1 2>/dev/null")
wait_past $out/s1 2
if $P/ctdrive dump 21 "$init" $cg $out/bad.img 2> $out/err; then
	fail "a CT holding a socket was dumped"
else
	msg=$(cat $out/err)
	case "$msg" in
	*"task 1 (sockhold), fd "*"a netlink socket"*"cannot be dumped yet"*) ok "the dump names the task, fd and kind: $msg" ;;
	*) fail "unexpected message: $msg" ;;
	esac
fi
n=$(last $out/s1)
check "the CT keeps running, not frozen, after the refused dump" wait_past $out/s1 "$n"
check "the cgroup is not left frozen" test "$(frozen && echo y)" != y
kill -9 "$init"; sleep 0.5

# --- the dumper killed while it writes: the CT is resumed
init=$(start_counter $out/c2)
wait_past $out/c2 2
mkfifo $out/fifo
sleep 30 < $out/fifo &
reader=$!
$P/ctdrive dump 21 "$init" $cg $out/fifo 2>/dev/null &
dumper=$!
sleep 2
kill -9 $dumper; wait $dumper 2>/dev/null
n=$(last $out/c2)
check "a dumper killed mid-dump leaves the CT running" wait_past $out/c2 "$n"
check "and not frozen" test "$(frozen && echo y)" != y
kill $reader 2>/dev/null

# --- root inside the CT
nsenter -t "$init" -p -m $P/procperm --inside /proc/cpt /proc/rst || TEST_FAILED=1

# --- bad images
$P/ctdrive dump 21 "$init" $cg $out/good.img --resume || fail "dump of the good image"
sum=$(md5sum < $out/good.img)
size=$(stat -c %s $out/good.img)
refused() { # refused NAME IMAGE PATTERN: the restore fails with a reason matching PATTERN
	local before after msg
	before=$(md5sum < "$2")
	if $P/ctdrive restore 21 $cg "$2" > /dev/null 2> $out/err; then
		fail "$1: the image was restored"
		return
	fi
	msg=$(head -n 1 $out/err)
	after=$(md5sum < "$2")
	if ! echo "$msg" | grep -q -- "$3"; then
		fail "$1: unexpected message: $msg"
	elif [ "$(procs)" != 1 ] || [ "$before" != "$after" ]; then
		fail "$1: left $(procs) tasks in the cgroup or changed the image"
	else
		ok "$1: $msg"
	fi
}
# The counter CT is still running in $cg: its one task must be the only one after each refusal.
bad=0
for off in 0 10 23 24 100 207 208 300 $((size / 7)) $((size / 3)) $((size / 2)) $((size - 4096)) $((size - 41)) $((size - 1)); do
	head -c "$off" $out/good.img > $out/trunc.img
	refused "truncated at $off" $out/trunc.img "truncated\|corrupt" 2>&1 | grep -q '^ok' || bad=$((bad + 1))
done
expect_eq "images truncated at 14 offsets are all refused cleanly" 0 "$bad"
bad=0 n=0
# One flip a record, in its header or its payload by turns: the host's unit tests flip the
# sample image's every byte through the same validator; this checks the kernel's refusals.
while read -r idx off type len; do
	for at in $((idx % 2 ? off + 1 : off + 24 + len / 2)); do
		[ "$at" -lt "$size" ] || continue
		$P/imgedit flip $out/good.img $out/flip.img "$at"
		n=$((n + 1))
		r=$(refused "byte $at of record $idx" $out/flip.img "corrupt\|checksum\|truncated")
		case "$r" in ok*) ;; *) bad=$((bad + 1)); echo "# $r" ;; esac
	done
done < <($P/imgedit list $out/good.img | awk 'NR % 3 == 1 || $3 != 8')
check "flipped bytes: $n images made" test "$n" -gt 20
expect_eq "flipped bytes in every kind of record ($n images) are all refused cleanly" 0 "$bad"
$P/imgedit header $out/good.img $out/h.img magic 0 && refused "wrong magic" $out/h.img "not a vzcpt image"
$P/imgedit header $out/good.img $out/h.img version 99 && refused "wrong version" $out/h.img "format version 99"
$P/imgedit header $out/good.img $out/h.img arch 7 && refused "wrong architecture" $out/h.img "another architecture"
$P/imgedit header $out/good.img $out/h.img cpuid7ebx 0xffffffff && refused "missing CPU features" $out/h.img "CPU features this CPU lacks"
$P/imgedit header $out/good.img $out/h.img xfeatures 0x8000000000000000 && refused "missing xsave features" $out/h.img "xsave features"
expect_eq "the good image is unchanged" "$sum" "$(md5sum < $out/good.img)"
kill -9 "$init"
done_testing
