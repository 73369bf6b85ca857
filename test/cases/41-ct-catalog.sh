#!/bin/bash
# vm-boot: 2-catalog
# vm-opts: --timeout 3600
# vm-weight: 16
# case-timeout: 2400
# The catalog: every self-checking program written to test/progs/zdtm.h's protocol (listed in
# test/progs/catalog.list) runs in one busybox CT, each as a session of its own, and is carried
# three ways, each time by fresh instances of all of them:
#   restore  vzctl chkpnt + vzctl restore;
#   snapshot vzctl chkpnt --suspend, --dump, --resume: checked live, then the CT stopped and the
#            snapshot restored, with the programs' files as they were at the dump, and checked
#            again (the same image, so the state it holds twice);
#   cycles   5 checkpoints and restores in a row (CATALOG_CYCLES), then checked.
# Each program checks its own state after SIGTERM and prints PASS or FAIL; from the host, each
# program's tasks (it and all its descendants, test/progs/procview.c) must look the same before
# the dump and after the restore: /proc/PID/maps (but device and inode), the status fields
# that hold carried state, the targets of its fds and their fdinfo (position, flags, and the
# state of eventfds, signalfds, timerfds and epolls).
# Every undump is made a second slower once the CT's clocks go on (vzrst's undump_delay_ms), as a
# large CT's is: whatever a program counts on its clocks must not lose that second.
# CATALOG=NAME,NAME... runs a subset.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t41
priv=/vz/private/101
img=$out/ct.img
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
delay=/sys/module/vzrst/parameters/undump_delay_ms
trap 'echo 0 > $delay' EXIT
echo 1000 > $delay || fail "vzrst takes an undump delay"

progs=$(cat $P/catalog.list)
[ -n "${CATALOG:-}" ] && progs=$(echo "$CATALOG" | tr ',' ' ')
[ -n "$progs" ] || { fail "the catalog lists no program"; done_testing; }
# A name that is not a built program would hold every round for its whole wait.
unknown=$(for p in $progs; do [ -x $P/$p.static ] || echo "$p"; done)
[ -z "$unknown" ] || { fail "no catalog program is named:" $unknown; done_testing; }

vzctl create 101 --hostname ct101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
# mount00 mounts: a CT's root may, given sys_admin (or in a user namespace of its own).
vzctl set 101 --capability sys_admin:on --save > /dev/null || fail "grant sys_admin"
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

# pending ready|NPASS [names]: how many programs have not failed and not said "ready" (or printed
# NPASS PASS lines) yet, and with "names" which; read by verdicts' one awk, for a slow guest.
pending() {
	local p n=0 names=""
	verdicts
	for p in $progs; do
		[ -n "${FAILED[$p]:-}" ] && continue
		if [ "$1" = ready ]; then [ "${READY[$p]:-}" = 1 ] && continue
		else [ "${PASSES[$p]:-0}" -ge "$1" ] && continue; fi
		n=$((n + 1))
		names="$names $p"
	done
	echo "$n${2:+$names}"
}
# start_all ROUND: fresh instances of every program; ok once each has said "ready".
start_all() {
	local p n
	say "$1: starting the programs"
	# What a failed program left behind (its children) would be carried into this round.
	pidmap
	for h in $(awk '$1 != 1 { print $2 }' $out/pidmap); do kill -KILL $h 2>/dev/null; done
	rm -f $priv/zt/*/out $priv/zt/*/pid
	# Detached, as test 34 starts its programs: vzctl exec returns once its command has.
	say "$1: leftovers killed"
	vzctl exec 101 'setsid /zt/start.sh < /dev/null > /dev/null 2>&1 &' > $out/start 2>&1 ||
		fail "$1: start the programs: $(cat $out/start)"
	say "$1: the start script runs"
	# A wall-clock limit: a busy guest makes each round slow. A program that failed will
	# never be ready.
	local t=$SECONDS
	for ((n = SECONDS + 180; SECONDS < n; )); do
		sleep 0.5
		[ "$(pending ready)" = 0 ] && break
		((SECONDS - t >= 20)) && { t=$SECONDS; say "not ready yet: $(pending ready names)"; }
	done < /dev/null
	verdicts
	for p in $progs; do
		[ "${READY[$p]:-}" = 1 ] ||
			fail "$1: $p is ready: $(tr '\n' '|' < $priv/zt/$p/out 2>/dev/null)"
	done
}
# verdicts: what each program's output says, read by one awk (a process per program is slow
# in a loaded guest): READY[PROG]=1 once it said "ready", FAILED[PROG] its first FAIL line,
# PASSES[PROG] its PASS lines; a program with no output has none of them.
declare -A READY FAILED PASSES HOST
verdicts() {
	local p f what rest outs=()
	READY=() FAILED=() PASSES=()
	for p in $progs; do
		f=$priv/zt/$p/out
		[ -s "$f" ] && outs+=("$f")
	done
	((${#outs[@]})) || return 0
	while read -r p what rest; do
		case $what in
		ready) READY[$p]=1 ;;
		FAIL) FAILED[$p]=$rest ;;
		PASS) PASSES[$p]=$rest ;;
		esac
	done < <(awk '
		FNR == 1 { f = FILENAME; sub(".*/zt/", "", f); sub("/out$", "", f); names[++n] = f; pass[f] = 0 }
		$0 == "ready" { ready[f] = 1 }
		/^FAIL/ && !(f in failed) { failed[f] = $0 }
		$0 == "PASS " f { pass[f]++ }
		END {
			for (i = 1; i <= n; i++) {
				f = names[i]
				if (f in ready) print f, "ready"
				if (f in failed) print f, "FAIL", failed[f]
				print f, "PASS", pass[f]
			}
		}' "${outs[@]}")
}
# pidmap: "CTPID HOSTPID" of every task of the CT, into $out/pidmap and HOST[CTPID]; one grep
# reads them all (a task gone meanwhile is left out).
pidmap() {
	local h n files=()
	for h in $(< /sys/fs/cgroup/vz/101/cgroup.procs); do files+=("/proc/$h/status"); done
	HOST=()
	: > $out/pidmap
	((${#files[@]})) || return 0
	grep -H '^NSpid:' "${files[@]}" 2>/dev/null |
		awk '{ h = $1; sub("^/proc/", "", h); sub("/status:NSpid:$", "", h); print $NF, h }' > $out/pidmap
	while read -r n h; do HOST[$n]=$h; done < $out/pidmap
}
# say WHAT: a progress line with the time, for a slow guest.
say() { echo "# $(date +%T) $*"; }
# times: the lines of the last vzctl run that say how long its steps took.
times() { grep -i 'frozen\|took\| s)\|ms' "$out/last" | sed 's/^/#   /'; }
# view PROG: what the host sees of the program's tasks (it and all its descendants: see
# test/progs/procview.c).
view() {
	local ct="" h
	{ read -r ct < $priv/zt/$1/pid; } 2>/dev/null
	h=${HOST[${ct:-none}]:-}
	[ -n "$h" ] || { echo "no task $ct"; return; }
	$P/procview "$h"
}
views() {
	local p t=$SECONDS slow=""
	say "views $1: the CT's tasks"
	pidmap
	say "views $1: each program's"
	for p in $progs; do
		t=$SECONDS
		view $p > $out/view.$p.$1
		((SECONDS - t >= 2)) && slow="$slow $p:$((SECONDS - t))s"
	done
	say "views $1${slow:+ (slow:$slow)}"
}
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
	# From the host: a vzctl exec per program takes a second each in a slow guest.
	pidmap
	for p in $progs; do
		n=""
		{ read -r n < $priv/zt/$p/pid; } 2>/dev/null
		[ -n "$n" ] && [ -n "${HOST[$n]:-}" ] && kill -TERM "${HOST[$n]}"
	done
	# Long enough for a TCP stream stalled by retransmission backoff (at most 120 s).
	local t=$SECONDS
	for ((n = SECONDS + 360; SECONDS < n; )); do
		sleep 0.5
		[ "$(pending "$2")" = 0 ] && break
		# Which programs make a round slow, for the log.
		((SECONDS - t >= 30)) && { t=$SECONDS; say "still to pass: $(pending "$2" names)"; }
	done < /dev/null
	verdicts
	for p in $progs; do
		if [ -n "${FAILED[$p]:-}" ]; then fail "$1: $p: ${FAILED[$p]}"
		else expect_eq "$1: $p passes" "$2" "${PASSES[$p]:-}"; fi
	done
}
# snap_files save|put: copy each program's directory aside, or put the copy back but its
# output (appended to by both the live and the restored program).
snap_files() {
	# The whole tree at once: a few processes, not four per program (seconds each round on TCG).
	if [ "$1" = save ]; then
		rm -rf $out/snap && cp -a $priv/zt $out/snap || fail "snapshot: copy the programs' files"
	else
		(cd $priv/zt && cp --parents -- */out $out/snap/) && rm -rf $priv/zt &&
			cp -a $out/snap $priv/zt || fail "snapshot: put back the programs' files"
	fi
}
# chkpnt_restore ROUND: a whole checkpoint and restore; says why when either fails.
chkpnt_restore() {
	say "$1"
	rm -f $img
	run "$1: chkpnt" 0 vzctl chkpnt 101 --dumpfile $img
	times
	say "$1: restore"
	run "$1: restore" 0 vzctl restore 101 --dumpfile $img
	times
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
run "snapshot: dumpinfo reads the image" 0 sh -c "vzctl dumpinfo $img > $out/snap.info"
# packet00's r1 as the image has it: its device, options and two frames from their sources.
case " $(echo $progs) " in *" packet00 "*)
	check "snapshot: dumpinfo shows packet00's r1 bound to lo with its two frames queued" \
		grep -q 'packet: .* type=raw proto=0x88b5 dev=lo flags=auxdata,origdev .*packets=2' $out/snap.info
	check "snapshot: dumpinfo shows r1's frames from 02:00:00:00:00:01 and :02" \
		sh -c "grep -c 'pkt: dev=lo proto=0x88b5 from=02:00:00:00:00:0[12] ' $out/snap.info | grep -qx 4"
esac
# tcpopts00's client and tcpsofterr00's reset connection, as their TCP_OPTS records have them.
case " $(echo $progs) " in *" tcpopts00 "*)
	check "snapshot: dumpinfo shows tcpopts00's client's NOTSENT_LOWAT, LINGER2 and reno" \
		grep -q 'tcp_opts: .* notsent_lowat=4096 linger2=-1 congestion=reno' $out/snap.info
esac
case " $(echo $progs) " in *" tcpsofterr00 "*)
	check "snapshot: dumpinfo shows tcpsofterr00's soft error (EHOSTUNREACH)" \
		grep -q 'tcp_opts: .* err_soft=113' $out/snap.info
esac
# futex00's threads A, B and C wait in futexes with timeouts: the image has each one's restart.
case " $(echo $progs) " in *" futex00 "*)
	check "snapshot: dumpinfo shows futex00's threads in their timed futex waits" \
		sh -c "test \$(grep -c 'futex00.* futex_wait=' $out/snap.info) -ge 3"
esac
# A snapshot is the memory and the files of one moment: the programs' files as they are now
# come back with the image (the live programs write to theirs after the resume).
snap_files save
run "snapshot: chkpnt --resume" 0 vzctl chkpnt 101 --resume
views live
same_views snapshot live
verify "snapshot, live" 1
say "snapshot: stop"
run "snapshot: stop" 0 vzctl stop 101
snap_files put
say "snapshot: restore"
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
