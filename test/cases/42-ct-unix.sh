#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# Unix sockets a checkpoint refuses, each with one sentence naming the task, the fd and why,
# the CT left running with the program alive (test/progs/unixhold): a datagram socket connected
# to the host's "/dev/log" (a socket bound by a host process under the CT's root: its peer is
# no socket of the CT), a file descriptor in flight (SCM_RIGHTS), out-of-band data queued, and a
# listening socket (not carried yet; nor are bound ones: test/wip/unixdgram00.c awaits its run). Once the refused program is gone the same CT checkpoints and
# restores. What the catalog carries (socketpairs) is in test 41's unixpair00..02.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t42
ct=142
priv=/vz/private/$ct
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
cp $P/unixhold.static $priv/bin/unixhold
check "start" vzctl start $ct

# hold ARGS...: unixhold ARGS in the CT, in a session of its own; ok once it said ready.
hold() {
	local n
	rm -f $priv/tmp/uh.out
	vzctl exec $ct "setsid /bin/unixhold $* > /tmp/uh.out 2>&1 < /dev/null & echo \$! > /tmp/uh.pid" \
		> $out/exec 2>&1 < /dev/null
	for n in $(seq 60); do grep -q '^ready$' $priv/tmp/uh.out 2>/dev/null && break; sleep 0.5; done
	check "unixhold $* is ready ($(tr '\n' '|' < $priv/tmp/uh.out 2>/dev/null))" \
		grep -q '^ready$' $priv/tmp/uh.out
}
# refused WHAT PATTERN: chkpnt fails (16) saying PATTERN about unixhold's fd 3; the CT and it live on.
refused() {
	rm -f $out/img
	run "$1: chkpnt is refused" 16 vzctl chkpnt $ct --dumpfile $out/img
	check "$1: saying why ($(grep -m 1 Error $out/last))" said "$2"
	check "$1: naming the task and the fd" said "(unixhold), fd 3: "
	check "$1: the CT still runs" sh -c "vzctl status $ct | grep -q running"
	check "$1: the program is alive" vzctl exec $ct "kill -0 \$(cat /tmp/uh.pid)"
	vzctl exec $ct "kill \$(cat /tmp/uh.pid)" > /dev/null 2>&1 < /dev/null
	sleep 0.5
}

# The host's /dev/log: bound by a host process under the CT's root, where the CT finds it.
$P/unixhold host $priv/tmp/hostlog.sock > $out/host.out 2>&1 &
hostpid=$!
for n in $(seq 20); do grep -q ready $out/host.out && break; sleep 0.5; done
hold peer /tmp/hostlog.sock
refused "a peer outside the CT" \
	"a unix datagram socket is connected to a socket ($priv/tmp/hostlog.sock) that no task of the CT holds"
kill $hostpid
wait $hostpid 2>/dev/null

hold scm
refused "a file descriptor in flight" "file descriptors in flight (SCM_RIGHTS)"
hold oob
refused "out-of-band data" "out-of-band data (MSG_OOB)"
hold listen /tmp/l.sock
refused "a listening socket" "a listening unix stream socket (/tmp/l.sock) cannot be carried yet"

rm -f $out/img
run "with the refused programs gone: chkpnt" 0 vzctl chkpnt $ct --dumpfile $out/img
run "and restore" 0 vzctl restore $ct --dumpfile $out/img
run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
