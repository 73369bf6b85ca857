#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# Sessions and process groups whose leader has exited, through vzctl chkpnt and restore of a
# busybox CT. Carried: a daemon's double fork (session02), whose session and group outlive
# their leader; a group whose leader exited with two members (pgrp01: one made in the
# restore by the leader's helper, the other joining it), through two cycles; the CT's
# process tree (pid, ppid, pgid, sid, state of each task, from the CT's /proc) is the same
# before and after, with no task more, and dumpinfo names the session whose leader exited.
# A zombie (zombie01's child, exited 7, not waited for), through two cycles: still a zombie
# of the same pid, parent, group and session, dumpinfo decodes its status.
# The catalog's session01, pgrp01 and zombie00 check it from inside too.
# Still refused, each by a dump that fails naming the task and the object while the CT
# keeps running: a session whose leader exited entered twice from outside it, a session
# whose leader lives entered from outside it, a zombie whose parent ignores SIGCHLD, and a
# pty's input that no restore could queue again as it was (test/progs/ptyhold: a ^V waiting
# for its character; lines ended by three bytes besides newline and VEOF), and opens of
# /dev/tty no restore could make again (of a session left since; a session's leader holding
# its /dev/tty is carried: ttydev00 in the catalog).
. test/lib.sh
P=$VZREPO/test/progs
out=/tmp/t52
ct=152
priv=/vz/private/$ct
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/t
for p in session02 zombie01 pgrp01 ptyhold; do
	cp $P/$p.static $priv/t/$p || fail "$p is built"
done
check "start" vzctl start $ct

# wait_ready FILE N: until FILE has N lines starting with "ready".
wait_ready() {
	local i
	for i in $(seq 120); do
		[ "$(grep -c '^ready' "$1" 2>/dev/null)" -ge "${2:-1}" ] && return 0
		sleep 0.5
	done
	return 1
}

# tree: the CT's tasks as its /proc shows them, "pid ppid pgid sid state comm", the shell
# that reads them left out.
tree() {
	vzctl exec $ct 'for f in /proc/[0-9]*/stat; do cat $f; echo; done' 2>/dev/null |
		awk 'NF >= 6 && $2 != "(sh)" && $2 != "(cat)" { print $1, $4, $5, $6, $3, $2 }' |
		sort -n
}

# Carried: the daemon of a double fork, reparented to init, in a session and group whose
# leader has exited.
vzctl exec $ct 'cd /t; setsid /t/session02 > /t/out 2>&1 < /dev/null &'
check "session02 is ready" wait_ready $priv/t/out
read -r _ dpid dsid < $priv/t/out
sleep 1
tree > $out/before
check "the daemon $dpid is in session $dsid, in group $dsid, init's child" \
	grep -q "^$dpid 1 $dsid $dsid S (session02)$" $out/before
if vzctl chkpnt $ct --dumpfile $out/img > $out/msg 2>&1; then ok "chkpnt of the daemon"; else
	fail "chkpnt of the daemon: $(cat $out/msg)"; fi
vzctl dumpinfo $out/img > $out/info 2>&1
check "dumpinfo: the daemon's session and group leader exited" \
	grep -q "task: pid=$dpid .*sid=$dsid .*sid_leader=exited pgid_leader=exited" $out/info
if vzctl restore $ct --dumpfile $out/img > $out/msg 2>&1; then ok "restore of the daemon"; else
	fail "restore of the daemon: $(cat $out/msg)"; fi
sleep 1
tree > $out/after
if cmp -s $out/before $out/after; then ok "the CT's process tree is the same after the restore"
else fail "the CT's process tree differs: $(diff $out/before $out/after | tr '\n' ' ')"; fi
check "no task has the leader's pid $dsid" sh -c "! grep -q '^$dsid ' $out/after"
# A second cycle: the restored session is dumped as the first was.
if vzctl chkpnt $ct --dumpfile $out/img2 > $out/msg 2>&1 &&
	vzctl restore $ct --dumpfile $out/img2 >> $out/msg 2>&1; then ok "a second cycle"; else
	fail "a second cycle: $(cat $out/msg)"; fi
sleep 1
tree > $out/after2
if cmp -s $out/before $out/after2; then ok "the process tree is the same after two cycles"
else fail "the process tree differs after two cycles: $(diff $out/before $out/after2 | tr '\n' ' ')"; fi
vzctl exec $ct "kill -9 $dpid" > /dev/null 2>&1
sleep 1

# Carried: a group whose leader exited, with two members X and Y, the program's children
# in its session (test/progs/pgrp01.c). Through two cycles: the second dumps what the first
# restored.
mkdir -p $priv/t/pg
vzctl exec $ct 'cd /t/pg; setsid /t/pgrp01 /t/pg > /t/pg/out 2>&1 < /dev/null &'
check "pgrp01 is ready" wait_ready $priv/t/pg/out
sleep 1
tree > $out/pg.before
# "pid ppid pgid sid" of the program (its session's leader) and of the two members.
awk '$6 == "(pgrp01)" && $1 == $4 { print $1, $2, $3, $4 }' $out/pg.before > $out/pg.prog
read -r ppid _ _ psid < $out/pg.prog
awk -v p="$ppid" '$6 == "(pgrp01)" && $2 == p { print $1, $2, $3, $4 }' $out/pg.before \
	> $out/pg.members
read -r _ _ lpgid _ < $out/pg.members
expect_eq "pgrp01: two members, the program's children in its session, in one group" \
	"2 $ppid $lpgid $psid" \
	"$(wc -l < $out/pg.members) $(awk '{ print $2, $3, $4 }' $out/pg.members | sort -u)"
check "pgrp01: no task has the group's id $lpgid" \
	sh -c "[ -n '$lpgid' ] && [ '$lpgid' != '$ppid' ] && ! grep -q '^$lpgid ' $out/pg.before"
for i in 1 2; do
	if vzctl chkpnt $ct --dumpfile $out/pg.img > $out/msg 2>&1 &&
		vzctl restore $ct --dumpfile $out/pg.img >> $out/msg 2>&1; then
		ok "pgrp01: cycle $i"
	else
		fail "pgrp01: cycle $i: $(cat $out/msg)"
	fi
done
sleep 1
tree > $out/pg.after
if cmp -s $out/pg.before $out/pg.after; then ok "pgrp01: the process tree is the same after two cycles"
else fail "pgrp01: the process tree differs after two cycles: $(diff $out/pg.before $out/pg.after | tr '\n' ' ')"; fi
# Its own verdict: ids, a kill() of the group, each member out of the group and back in.
vzctl exec $ct "kill -TERM $ppid" > /dev/null 2>&1
for i in $(seq 120); do grep -q '^PASS\|^FAIL' $priv/t/pg/out && break; sleep 0.5; done
if grep -q '^PASS pgrp01$' $priv/t/pg/out; then ok "pgrp01 passes"
else fail "pgrp01 passes: $(tr '\n' '|' < $priv/t/pg/out)"; fi
vzctl exec $ct 'kill -9 $(pidof pgrp01)' > /dev/null 2>&1
sleep 1

# Carried: a zombie, the child of zombie01 (a session leader), through two cycles.
rm -f $priv/t/out
vzctl exec $ct 'cd /t; setsid /t/zombie01 > /t/out 2>&1 < /dev/null &'
check "zombie01 is ready" wait_ready $priv/t/out
read -r _ zpid < $priv/t/out
sleep 1
tree > $out/z.before
check "task $zpid is a zombie" grep -q "^$zpid [0-9]* [0-9]* [0-9]* Z (zombie01)$" $out/z.before
for i in 1 2; do
	if vzctl chkpnt $ct --dumpfile $out/z.img > $out/msg 2>&1 &&
		vzctl dumpinfo $out/z.img > $out/z.info.$i 2>&1 &&
		vzctl restore $ct --dumpfile $out/z.img >> $out/msg 2>&1; then
		ok "zombie: cycle $i"
	else
		fail "zombie: cycle $i: $(cat $out/msg)"
	fi
done
check "dumpinfo: task $zpid is a zombie that exited 7" grep -q "pid=$zpid .*zombie=exit:7" $out/z.info.2
sleep 1
tree > $out/z.after
if cmp -s $out/z.before $out/z.after; then ok "zombie: the process tree is the same after two cycles"
else fail "zombie: the process tree differs after two cycles: $(diff $out/z.before $out/z.after | tr '\n' ' ')"; fi
vzctl exec $ct 'kill -9 $(pidof zombie01)' > /dev/null 2>&1
sleep 1

# refused NAME CMD EXPECT N: CMD started in the CT (N ready lines) is refused with EXPECT,
# the CT left running.
refused() {
	local name=$1 cmd=$2 expect=$3
	rm -f $priv/t/out
	vzctl exec $ct "cd /t; $cmd > /t/out 2>&1 < /dev/null &"
	if ! wait_ready $priv/t/out "$4"; then fail "$name: ready ($(cat $priv/t/out))"; return; fi
	sleep 1
	if vzctl chkpnt $ct --dumpfile $out/refused > $out/msg 2>&1; then
		fail "$name: the chkpnt succeeded"
		vzctl restore $ct --dumpfile $out/refused > /dev/null 2>&1
	else
		check "$name is refused ($(grep -i error $out/msg | head -1))" grep -q "$expect" $out/msg
	fi
	check "$name: the CT still runs" sh -c "vzctl status $ct | grep -q running"
	vzctl exec $ct 'for n in session02 zombie01 ptyhold; do kill -9 $(pidof $n); done' \
		> /dev/null 2>&1
	sleep 1
}
refused "a session whose leader exited, entered twice from outside" "setsid /t/session02 two" \
	"is in session [0-9]* whose leader has exited, as task [0-9]* is, and neither's parent is: such a session cannot be carried yet" 2
refused "a session whose leader lives, entered from outside" "setsid /t/session02 live" \
	"is in session [0-9]*, which its parent is not in and whose leader lives: such a session cannot be carried yet" 1
refused "a zombie whose parent ignores SIGCHLD" "setsid /t/zombie01 ign" \
	"is a zombie whose parent [0-9]* ignores SIGCHLD" 1
refused "a pty's input ending in a ^V" "/t/ptyhold lnext" \
	"the input to pts[0-9]* is in the middle of a ^V or of an ECHOPRT erase: not carried" 1
refused "a pty's lines ended by three bytes" "/t/ptyhold eol" \
	"the lines of the input to pts[0-9]* not read yet end in more than two bytes besides newline and VEOF: not carried" 1

refused "/dev/tty of a session left since" "/t/ptyhold left" \
	"/dev/tty is open on pts[0-9]*, which is not its controlling terminal now: not carried" 1

vzctl stop $ct > /dev/null 2>&1
vzctl destroy $ct > /dev/null 2>&1
done_testing
