#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# Timers and the process tree, through vzctl chkpnt and restore of a busybox CT. Carried:
# itimers and POSIX timers (the catalog's itimer00 and posixtimer00 check them from inside);
# here `vzctl dumpinfo` decodes them from an image of posixtimer00 and itimer00 running.
# Still refused, each by a dump that fails naming the task and the object while the CT keeps
# running: an interval POSIX timer on another process's CPU-time clock whose signal is pending,
# a timer's signal queued behind another of the same number (their order), one queued while
# ignored (blocked), a timer on CLOCK_TAI, and a clock_nanosleep() on another process's CPU-time
# clock (one on the process's own is carried: the catalog's cpusleep00). Timers whose signals
# are queued are carried: the catalog's posixtimer02 (and posixtimer03 on CPU-time clocks), and
# this test's dumpinfo. A session whose leader
# has exited (a daemon's double fork) and a zombie are carried: test 52.
. test/lib.sh
P=$VZREPO/test/progs
out=/tmp/t45
ct=145
priv=/vz/private/$ct
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/t
for p in itimer00 posixtimer00 posixtimer01 posixtimer02; do
	cp $P/$p.static $priv/t/$p || fail "$p is built"
done
check "start" vzctl start $ct

# wait_ready FILE: until FILE has a line starting with "ready".
wait_ready() {
	local i
	for i in $(seq 120); do grep -q '^ready' "$1" 2>/dev/null && return 0; sleep 0.5; done
	return 1
}

# Carried: the image holds both programs' timers, decoded by dumpinfo.
vzctl exec $ct 'mkdir -p /t/a /t/b; cd /t/a; setsid /t/itimer00 /t/a > /t/a/out 2>&1 < /dev/null &
	cd /t/b; setsid /t/posixtimer00 /t/b > /t/b/out 2>&1 < /dev/null &
	mkdir -p /t/c; cd /t/c; setsid /t/posixtimer02 /t/c > /t/c/out 2>&1 < /dev/null &'
check "itimer00 is ready" wait_ready $priv/t/a/out
check "posixtimer00 is ready" wait_ready $priv/t/b/out
check "posixtimer02 is ready" wait_ready $priv/t/c/out
if vzctl chkpnt $ct --dumpfile $out/img > $out/msg 2>&1; then ok "chkpnt with timers"; else
	fail "chkpnt with timers: $(cat $out/msg)"; fi
vzctl dumpinfo $out/img > $out/info 2>&1
check "dumpinfo: ITIMER_REAL armed every 200 ms" grep -q 'itimer: which=real state=armed .* interval_ns=200000000' $out/info
check "dumpinfo: ITIMER_REAL fired, its SIGALRM pending" grep -q 'itimer: which=real state=fired .* interval_ns=300000000' $out/info
check "dumpinfo: ITIMER_PROF by CPU time" grep -q 'itimer: which=prof state=armed .* interval_ns=70000000' $out/info
check "dumpinfo: POSIX timer 4 to its thread" grep -q 'posix_timer: id=4 clock=boottime notify=thread signal=37 .*thread=' $out/info
check "dumpinfo: POSIX timer 3 absolute" grep -q 'posix_timer: id=3 clock=realtime .*abstime=yes' $out/info
check "dumpinfo: POSIX timer 6's overruns" grep -q 'posix_timer: id=6 .*overrun_last=[1-9]' $out/info
check "dumpinfo: POSIX timer 7 on the process's CPU clock" grep -q 'posix_timer: id=7 clock=cpu clockid=-6 ' $out/info
check "dumpinfo: alarm()" grep -q 'itimer: which=real state=armed value_ns=[0-9]* interval_ns=0$' $out/info
# posixtimer02's: 0 fired every 50 ms, its signal queued, armed again when it is taken; 1's
# signal with the overrun of its second expiry; 3's signal behind 4's; 5 armed, its stale
# signal queued.
check "dumpinfo: a timer to be armed again by its queued signal" \
	grep -q 'posix_timer: id=0 clock=monotonic notify=signal signal=35 value=0x3e8 state=fired value_ns=-[0-9]* interval_ns=50000000 overrun=-1 overrun_last=0 queued=rearms sig_overrun=0 queue_seq=[0-9]*$' $out/info
check "dumpinfo: a one-shot's queued signal with an overrun" \
	grep -q 'posix_timer: id=1 clock=realtime .* queued=yes sig_overrun=1 queue_seq=[0-9]*$' $out/info
# queue_seq: timers' signals ahead in the same queue.
seq_of() { sed -n "s/.*posix_timer: id=$1 .* queue_seq=\([0-9]*\)\$/\1/p" $out/info; }
s3=$(seq_of 3) s4=$(seq_of 4)
check "dumpinfo: two timers' signals of one number in their order ($s4 then $s3)" \
	test -n "$s3" -a -n "$s4" -a "${s3:-0}" -gt "${s4:-0}"
check "dumpinfo: an armed timer with its old signal queued" \
	grep -q 'posix_timer: id=5 .* state=armed .* queued=yes ' $out/info
if vzctl restore $ct --dumpfile $out/img > $out/msg 2>&1; then ok "restore with timers"; else
	fail "restore with timers: $(cat $out/msg)"; fi
vzctl exec $ct 'kill -TERM $(pidof itimer00 posixtimer00 posixtimer02)' > /dev/null 2>&1
for i in $(seq 60); do grep -q '^PASS\|^FAIL' $priv/t/a/out && grep -q '^PASS\|^FAIL' $priv/t/b/out &&
	grep -q '^PASS\|^FAIL' $priv/t/c/out && break; sleep 0.5; done
check "itimer00 passes after the restore ($(tail -1 $priv/t/a/out))" grep -q '^PASS itimer00' $priv/t/a/out
check "posixtimer00 passes after the restore ($(tail -1 $priv/t/b/out))" grep -q '^PASS posixtimer00' $priv/t/b/out
check "posixtimer02 passes after the restore ($(tail -1 $priv/t/c/out))" grep -q '^PASS posixtimer02' $priv/t/c/out

# refused NAME CMD EXPECT: CMD started in the CT is refused with EXPECT, the CT left running.
refused() {
	local name=$1 cmd=$2 expect=$3
	rm -f $priv/t/out
	vzctl exec $ct "cd /t; $cmd > /t/out 2>&1 < /dev/null &"
	if ! wait_ready $priv/t/out; then fail "$name: ready ($(cat $priv/t/out))"; return; fi
	if vzctl chkpnt $ct --dumpfile $out/refused > $out/msg 2>&1; then
		fail "$name: the chkpnt succeeded"
		vzctl restore $ct --dumpfile $out/refused > /dev/null 2>&1
	else
		check "$name is refused ($(grep -i error $out/msg | head -1))" grep -q "$expect" $out/msg
	fi
	check "$name: the CT still runs" sh -c "vzctl status $ct | grep -q running"
	vzctl exec $ct 'for n in posixtimer01; do kill -9 $(pidof $n); done' \
		> /dev/null 2>&1
	sleep 1
}
refused "an interval timer on another process's CPU clock with its signal pending" "/t/posixtimer01 othercpu" "POSIX timer 0 on another process's CPU clock with its signal 34 queued: it cannot be carried yet"
refused "a timer's signal and a sigqueue()'s of the same number" "/t/posixtimer01 mixed" "has shared signal 34 queued by a POSIX timer and by another sender: their order cannot be carried yet"
refused "a timer's signal queued while ignored" "/t/posixtimer01 ignored" "POSIX timer 0 with its signal 34 queued while ignored (and blocked)"
refused "a POSIX timer on CLOCK_TAI" "/t/posixtimer01 tai" "POSIX timer 0 on clock 11"
refused "a sleep on another process's CPU clock" "/t/posixtimer01 cpusleep" "(posixtimer01) sleeps in clock_nanosleep() on the CPU clock of another process: cannot be carried yet"

vzctl stop $ct > /dev/null 2>&1
vzctl destroy $ct > /dev/null 2>&1
done_testing
