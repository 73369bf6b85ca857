#!/bin/bash
# vm-boot: 2-catalog
# vm-opts: --timeout 3600
# case-timeout: 2400
# The catalog: every self-checking program written to test/progs/zdtm.h's protocol (listed in
# test/progs/catalog.list) runs in one busybox CT, each as a session of its own, and is carried
# three ways, each time by fresh instances of all of them:
#   restore  vzctl chkpnt + vzctl restore;
#   snapshot vzctl chkpnt --suspend, --dump, --resume: checked live, then the CT stopped and the
#            snapshot restored and checked again (the same image, so the state it holds twice);
#   cycles   5 checkpoints and restores in a row (CATALOG_CYCLES), then checked.
# Each program checks its own state after SIGTERM and prints PASS or FAIL; from the host, each
# program's tasks must look the same before the dump and after the restore: /proc/PID/maps (but
# device and inode), the status fields that hold carried state, the targets of its fds and
# their fdinfo (position, flags, and the state of eventfds, signalfds, timerfds and epolls).
# CATALOG=NAME,NAME... runs a subset.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t41
priv=/vz/private/101
img=$out/ct.img
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

progs=$(cat $P/catalog.list)
[ -n "${CATALOG:-}" ] && progs=$(echo "$CATALOG" | tr ',' ' ')
[ -n "$progs" ] || { fail "the catalog lists no program"; done_testing; }

vzctl create 101 --hostname ct101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/zt/bin
for p in $progs; do cp $P/$p.static $priv/zt/bin/$p || fail "$p is built"; done

# The CT's start script: each program in a fresh directory, its output appended (so a restored
# task writing at its old position adds to what the live one wrote after the snapshot).
{
	echo '#!/bin/sh'
	for p in $progs; do
		echo "rm -rf /zt/$p; mkdir -p /zt/$p; cd /zt/$p"
		echo "setsid /zt/bin/$p /zt/$p >> /zt/$p/out 2>&1 < /dev/null &"
		echo "echo \$! > /zt/$p/pid"
	done
} > $priv/zt/start.sh
chmod +x $priv/zt/start.sh
check "start" vzctl start 101

# start_all ROUND: fresh instances of every program; ok once each has said "ready".
start_all() {
	local p n
	say "$1: starting the programs"
	rm -f $priv/zt/*/out $priv/zt/*/pid
	# Detached, as test 34 starts its programs: vzctl exec returns once its command has.
	vzctl exec 101 'setsid /zt/start.sh < /dev/null > /dev/null 2>&1 &' > $out/start 2>&1 ||
		fail "$1: start the programs: $(cat $out/start)"
	# A wall-clock limit: a busy guest makes each round of greps slow. A program that failed
	# will never be ready.
	for ((n = SECONDS + 180; SECONDS < n; )); do
		sleep 0.5
		for p in $progs; do
			grep -q '^FAIL' $priv/zt/$p/out 2>/dev/null && break 2
			grep -q '^ready$' $priv/zt/$p/out 2>/dev/null || continue 2
		done
		break
	done < /dev/null
	for p in $progs; do
		grep -q '^ready$' $priv/zt/$p/out 2>/dev/null ||
			fail "$1: $p is ready: $(tr '\n' '|' < $priv/zt/$p/out 2>/dev/null)"
	done
}
# pidmap: "CTPID HOSTPID" of every task of the CT, into $out/pidmap.
pidmap() {
	local h
	for h in $(cat /sys/fs/cgroup/vz/101/cgroup.procs); do
		echo "$(awk '/^NSpid:/ { print $NF }' /proc/$h/status 2>/dev/null) $h"
	done > $out/pidmap
}
# hostpid CTPID: the host's pid of the CT's task CTPID (after pidmap).
hostpid() { awk -v p="$1" '$1 == p { print $2 }' $out/pidmap; }
# say WHAT: a progress line with the time, for a slow guest.
say() { echo "# $(date +%T) $*"; }
# view PROG: what the host sees of the program's tasks (the program and its children).
view() {
	local ct h t fd
	ct=$(cat $priv/zt/$1/pid 2>/dev/null)
	h=$(hostpid "$ct")
	[ -n "$h" ] || { echo "no task $ct"; return; }
	for t in $h $(cat /proc/$h/task/*/children 2>/dev/null); do
		echo "== $(awk '/^NSpid:/ { print $NF }' /proc/$t/status)"
		for th in /proc/$t/task/*; do echo "thread $(awk '/^NSpid:/ { print $NF }' $th/status) $(cat $th/comm)"; done | sort
		awk '{ $4 = ""; $5 = ""; print }' /proc/$t/maps
		# The ids as the CT sees them (the host's pids change at a restore); not SigQ, which counts
		# the signals queued for the whole user, not the task's.
		grep -E '^(Name|Umask|State|Uid|Gid|Groups|NStgid|NSpid|NSpgid|NSsid|Threads|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|Cap[A-Za-z]*|NoNewPrivs|Seccomp|Cpus_allowed_list):' /proc/$t/status |
			awk '/^NS/ { print $1, $NF; next } { print }'
		for fd in $(ls /proc/$t/fd | sort -n); do
			echo "fd $fd $(readlink /proc/$t/fd/$fd | sed 's/\[[0-9]*\]/[N]/')"
			# What a restore cannot keep: an eventfd's id (the host's counter), a
			# timerfd's time left and count (they run); an epoll's targets in the
			# order of their files' addresses.
			# A lock's pid is the host's (it changes at a restore; the CT's is checked
			# by the program itself).
			grep -vE '^(mnt_id|ino|eventfd-id|it_value|ticks):' /proc/$t/fdinfo/$fd |
				sed -E 's/ ino:[0-9a-f]*//; s/ sdev:[0-9a-f]*//' |
				sed -E 's/^(lock:.*(READ|WRITE)) -?[0-9]+ /\1 PID /' | sort
		done
	done
}
views() { local p; pidmap; for p in $progs; do view $p > $out/view.$p.$1; done; say "views $1"; }
same_views() {
	local p
	for p in $progs; do
		if cmp -s $out/view.$p.before $out/view.$p.$2; then ok "$1: the host sees $p as before"
		else fail "$1: the host sees $p as before: $(diff $out/view.$p.before $out/view.$p.$2 | grep '^[<>]' | head -n 6 | tr '\n' '|')"; fi
	done
}
# verify ROUND NPASS: SIGTERM to every program; each must print its NPASS-th PASS and no FAIL.
verify() {
	local p n o
	say "verify $1"
	for p in $progs; do vzctl exec 101 "kill -TERM \$(cat /zt/$p/pid)" > /dev/null 2>&1; done
	for ((n = SECONDS + 120; SECONDS < n; )); do
		sleep 0.5
		for p in $progs; do
			o=$priv/zt/$p/out
			grep -q '^FAIL' $o 2>/dev/null && continue
			[ "$(grep -c "^PASS $p\$" $o 2>/dev/null)" -ge "$2" ] || continue 2
		done
		break
	done < /dev/null
	for p in $progs; do
		o=$priv/zt/$p/out
		if grep -q '^FAIL' $o; then fail "$1: $p: $(grep -m 1 '^FAIL' $o)"
		else expect_eq "$1: $p passes" "$2" "$(grep -c "^PASS $p\$" $o)"; fi
	done
}
# chkpnt_restore ROUND: a whole checkpoint and restore; says why when either fails.
chkpnt_restore() {
	say "$1"
	rm -f $img
	run "$1: chkpnt" 0 vzctl chkpnt 101 --dumpfile $img
	run "$1: restore" 0 vzctl restore 101 --dumpfile $img
}

# --- restore
start_all restore
views before
chkpnt_restore restore
views after
same_views restore after
verify restore 1

# --- snapshot: checked live after --resume, then the same image restored and checked again
start_all snapshot
views before
rm -f $img
run "snapshot: chkpnt --suspend" 0 vzctl chkpnt 101 --suspend
run "snapshot: chkpnt --dump" 0 vzctl chkpnt 101 --dump --dumpfile $img
run "snapshot: chkpnt --resume" 0 vzctl chkpnt 101 --resume
views live
same_views snapshot live
verify "snapshot, live" 1
run "snapshot: stop" 0 vzctl stop 101
run "snapshot: restore" 0 vzctl restore 101 --dumpfile $img
views after
same_views "snapshot, restored" after
verify "snapshot, restored" 2

# --- cycles
start_all cycles
views before
for i in $(seq "${CATALOG_CYCLES:-5}"); do chkpnt_restore "cycle $i"; done
views after
same_views cycles after
verify cycles 1

run "stop" 0 vzctl stop 101
vzctl destroy 101 > /dev/null 2>&1
done_testing
