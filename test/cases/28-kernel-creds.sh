#!/bin/bash
# vm-boot: 1-kernel
# Credentials through a dump and restore (test/progs/creds00): a uid-1000 task with groups, a
# reduced capability set, securebits, dumpable 0 and a parent-death signal comes back with all of
# them, checked by itself and from outside: /proc/PID/status, /proc/PID/environ owned by root (not
# dumpable), counted under uid 1000 (a fresh uid-1000 process at RLIMIT_NPROC 2 cannot fork) and
# holding uid 1000's user keyring; its parent's death still sends it SIGUSR1. The restore runs
# with fs.suid_dumpable=1, so a dumpable flag left to the change of ids would show. An image whose
# tasks hold more capabilities than the restorer's bounding set is refused. A task with more
# supplementary groups than an image holds fails the dump, naming it.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt28
out=/tmp/t28
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

procs() { wc -l < $cg/cgroup.procs; }
# The subject: the CT's uid-1000 task.
subject() {
	local p
	for p in $(cat $cg/cgroup.procs); do
		[ "$(awk '/^Uid:/ { print $2 }' /proc/$p/status 2>/dev/null)" = 1000 ] && echo "$p" && return
	done
}
status() { grep -E '^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb):' /proc/$1/status; }
field() { awk -v f="$2:" '$1 == f { $1 = ""; print substr($0, 2) }' /proc/$1/status; }
wait_line() { for _ in $(seq 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done; return 1; }

# outside SUBJECT KEYRING WHEN: what the host sees of the subject
outside() {
	local s=$1 key=$2 when=$3 probe
	expect_eq "$when: Uid" "1000 1000 1000 1000" "$(field "$s" Uid)"
	expect_eq "$when: Gid" "1000 1000 1000 1000" "$(field "$s" Gid)"
	expect_eq "$when: Groups" "100 1001 1002" "$(field "$s" Groups | sed 's/ *$//')"
	expect_eq "$when: CapInh" 0000000000000400 "$(field "$s" CapInh)"
	expect_eq "$when: CapPrm" 0000000000000421 "$(field "$s" CapPrm)"
	expect_eq "$when: CapEff" 0000000000000020 "$(field "$s" CapEff)"
	expect_eq "$when: CapAmb" 0000000000000400 "$(field "$s" CapAmb)"
	expect_eq "$when: not dumpable (/proc/PID/environ owned by root)" 0 "$(stat -c %u /proc/$s/environ)"
	probe=$($P/creds00 --probe 2)
	expect_eq "$when: counted under uid 1000 (a fresh uid-1000 process at RLIMIT_NPROC 2 cannot fork)" \
		"fork EAGAIN" "$(echo "$probe" | grep fork)"
	expect_eq "$when: its user keyring is uid 1000's" "keyring $key" "$(echo "$probe" | grep keyring)"
	expect_eq "$when: (control) at RLIMIT_NPROC 3 the fresh process forks" "fork ok" \
		"$($P/creds00 --probe 3 | grep fork)"
}

: > $out/log
init=$($P/ctdrive run $cg $P/creds00 $out/log)
check "the subject is set up and checked itself" wait_line $out/log '^ready'
grep FAIL $out/log && fail "the subject's own check before the dump"
key=$(awk '/^ready/ { print $2 }' $out/log)
s=$(subject)
status "$s" > $out/status.before
outside "$s" "$key" "before the dump"

check "the dump" $P/ctdrive dump 28 "$init" $cg $out/creds.img
vzctl dumpinfo $out/creds.img > $out/info 2>&1
if grep -q 'uids="1000 1000 1000 1000".*groups="100 1001 1002".*cap_eff=0000000000000020.*securebits=0x15 dumpable=0 pdeath_signal=10 ' $out/info; then
	ok "dumpinfo shows the credentials, dumpable 0 and the parent-death signal"
else
	fail "dumpinfo: $(grep 'comm=creds00' $out/info | tail -n 1)"
fi
sleep 0.5

# A restorer whose bounding set lacks CAP_SYS_MODULE may not give it to the CT's tasks.
if bad=$(setpriv --bounding-set -sys_module $P/ctdrive restore 28 $cg $out/creds.img 2> $out/err); then
	fail "an image with capabilities beyond the restorer's bounding set was restored"
	kill -9 "$bad"
	for _ in $(seq 40); do [ "$(procs)" = 0 ] && break; sleep 0.25; done
else
	case "$(cat $out/err)" in
	*"task "[0-9]*" (creds00) in the image holds capability sys_module, which CT 28's bounding set does not: allow it with vzctl set 28 --capability sys_module:on"*)
		ok "capabilities beyond the restorer's bounding set are refused: $(cat $out/err)" ;;
	*) fail "unexpected message: $(cat $out/err)" ;;
	esac
fi
expect_eq "the refused restore leaves no task" 0 "$(procs)"
[ "$(procs)" = 0 ] || { kill -9 $(cat $cg/cgroup.procs); sleep 1; }

old=$(cat /proc/sys/fs/suid_dumpable)
echo 1 > /proc/sys/fs/suid_dumpable
expect_eq "fs.suid_dumpable is 1 for the restore" 1 "$(cat /proc/sys/fs/suid_dumpable)"
init=$($P/ctdrive restore 28 $cg $out/creds.img 2> $out/err) || fail "restore: $(cat $out/err)"
echo "$old" > /proc/sys/fs/suid_dumpable
s=$(subject)
if [ -z "$s" ]; then
	fail "no uid-1000 task after the restore"
	done_testing
fi
status "$s" > $out/status.after
check "/proc/PID/status ids and capabilities as before the dump" cmp -s $out/status.before $out/status.after
outside "$s" "$key" "after the restore"
kill -USR2 "$s"
check "the restored subject checks itself" wait_line $out/log 'PASS creds00\|FAIL creds00:'
grep 'FAIL creds00' $out/log && fail "the subject's own check after the restore: $(grep FAIL $out/log)"
expect_eq "the subject's PASS names uid 1000's keyring" "PASS creds00 $key" "$(grep PASS $out/log)"
kill -9 "$(field "$s" PPid)"
check "its parent's death sends it SIGUSR1 (PR_SET_PDEATHSIG kept)" wait_line $out/log '^pdeath'
kill -9 "$init"
sleep 0.5

# More supplementary groups than an image holds: the dump fails naming the task, the CT runs on.
init=$($P/ctdrive run $cg setpriv --groups "$(seq -s , 1 40)" $P/counter 1 50)
for _ in $(seq 80); do [ "$(cat /proc/$init/comm 2>/dev/null)" = counter ] && break; sleep 0.25; done
expect_eq "the CT's init has 40 groups" 40 "$(field "$init" Groups | wc -w)"
if $P/ctdrive dump 28 "$init" $cg $out/groups.img 2> $out/err; then
	fail "a task with 40 groups was dumped"
else
	case "$(cat $out/err)" in
	*"task 1 (counter) has 40 supplementary groups; an image holds 32"*)
		ok "40 groups fail the dump, naming the task: $(cat $out/err)" ;;
	*) fail "unexpected message: $(cat $out/err)" ;;
	esac
fi
check "the CT with 40 groups keeps running" kill -0 "$init"
kill -9 "$init"
done_testing
