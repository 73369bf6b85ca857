#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# Unix sockets a checkpoint refuses, each with one sentence naming the task, the fd and why,
# the CT left running with the program alive (test/progs/unixhold): a datagram socket connected
# to the host's "/dev/log" (a socket bound by a host process under the CT's root: its peer is
# no socket of the CT), a file in flight (SCM_RIGHTS) of a kind not carried (a pidfd), a socket
# in flight in a queue that its own queue holds in turn (a cycle of the kernel's unix GC through
# two sockets; one passed over itself is carried: unixfd02), out-of-band data queued, a socket
# whose file was unlinked while another socket of the CT is bound at its name now or whose
# directory is gone (the restore binds it there again), a listener bound through a symlink that
# leads elsewhere since.
# Then bound sockets the CT's own
# processes hold, carried by a chkpnt and restore and checked from outside: busybox syslogd at
# /dev/log with a client connected to it (logger's messages before and after reach the log), a
# socket with an abstract name, one whose file was unlinked (its name and its queue, no file),
# a datagram client connected to a server whose file was unlinked and a listener whose file was
# unlinked with a client not accepted yet (a restore connects them by the name before it
# unlinks the file again: the client sends to its server after, the listener accepts it), and
# three stream listeners blocked in accept(), at a path, through a symlink (the name is not
# its file's path, as PostgreSQL's on Debian) and at an abstract name: a client
# from vzctl exec is answered before and after, by a connection with the listener's name; and
# a connection made by connect() and accept() that a client started by vzctl exec keeps across
# the chkpnt and restore, answered on it before and after. Once the refused program is gone
# the same CT checkpoints and restores. What the catalog carries is in test 41's
# unixpair00..02, unixopts00, unixdgram00, unixlisten00, unixconn00 and unixpeer00 (peers and
# clients not accepted yet that were closed), files and credentials in flight in unixfd00,
# unixfd01 and unixcred00, socket filters in sockfilter01.
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
# waitfor CMD...: CMD succeeds within 30 s.
waitfor() {
	local n
	for n in $(seq 60); do "$@" > /dev/null 2>&1 && return 0; sleep 0.5; done
	return 1
}
# refused WHAT PATTERN [FD]: chkpnt fails (16) saying PATTERN about unixhold's fd FD (3); the CT
# and it live on.
refused() {
	rm -f $out/img
	run "$1: chkpnt is refused" 16 vzctl chkpnt $ct --dumpfile $out/img
	check "$1: saying why ($(grep -m 1 Error $out/last))" said "$2"
	check "$1: naming the task and the fd" said "(unixhold), fd ${3:-3}: "
	check "$1: the CT still runs" sh -c "vzctl status $ct | grep -q running"
	check "$1: the program is alive" vzctl exec $ct "kill -0 \$(cat /tmp/uh.pid)"
	vzctl exec $ct "kill \$(cat /tmp/uh.pid)" > /dev/null 2>&1 < /dev/null
	# Reaped before the next chkpnt, which would refuse a zombie.
	waitfor vzctl exec $ct "! kill -0 \$(cat /tmp/uh.pid) 2> /dev/null" < /dev/null
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
refused "a file in flight of a kind not carried" \
	"a unix stream socket has a file in flight (SCM_RIGHTS): an anonymous inode"
hold scmcycle
refused "a socket in flight in a queue its own queue holds in turn" \
	"a unix stream socket holds in flight a socket of a cycle through another's queue, or a client passed to its listener: cannot be carried yet"
hold oob
refused "out-of-band data" "out-of-band data (MSG_OOB)"
# A socket whose file was unlinked is bound at its name again by the restore: not when another
# socket of the CT is bound there now, nor when its directory is gone.
hold gonetaken /tmp/gt.sock
refused "an unlinked socket's name bound by another since" \
	"a unix datagram socket is bound to /tmp/gt.sock, the name of another socket of the CT whose file was unlinked" 4
vzctl exec $ct 'mkdir -p /tmp/gd' < /dev/null
hold gonedir /tmp/gd/s.sock
refused "an unlinked socket whose directory is gone" \
	"a unix datagram socket bound to /tmp/gd/s.sock, whose file was unlinked, cannot be bound there again: its directory is gone"
# Bound through a symlink that leads elsewhere since: the name no longer reaches its file.
vzctl exec $ct 'mkdir -p /tmp/mreal /tmp/mother && ln -sfn /tmp/mreal /tmp/mlink' < /dev/null
hold serve /tmp/mlink/srv.sock
vzctl exec $ct 'ln -sfn /tmp/mother /tmp/mlink' < /dev/null
refused "a socket whose name's symlink leads elsewhere now" \
	"a unix stream socket bound to /tmp/mlink/srv.sock has its file at /tmp/mreal/srv.sock from the CT's root (bound in a chroot, or moved): cannot be carried yet"

# bg TAG ARGS...: unixhold ARGS in the CT, its output in /tmp/uh-TAG.out, its pid in
# /tmp/uh-TAG.pid; ok once it said ready.
bg() {
	local tag=$1 n
	shift
	rm -f $priv/tmp/uh-$tag.out
	vzctl exec $ct "setsid /bin/unixhold $* > /tmp/uh-$tag.out 2>&1 < /dev/null & echo \$! > /tmp/uh-$tag.pid" \
		> $out/exec 2>&1 < /dev/null
	for n in $(seq 60); do grep -q '^ready$' $priv/tmp/uh-$tag.out 2>/dev/null && break; sleep 0.5; done
	check "unixhold $* is ready ($(tr '\n' '|' < $priv/tmp/uh-$tag.out 2>/dev/null))" \
		grep -q '^ready$' $priv/tmp/uh-$tag.out
}
# usr1 TAG: unixhold TAG reports (bound, gone: its name and queue, then "end").
usr1() {
	vzctl exec $ct "kill -USR1 \$(cat /tmp/uh-$1.pid)" > /dev/null 2>&1 < /dev/null
	waitfor grep -q '^end$' $priv/tmp/uh-$1.out
}
# ctsock PATH: PATH is a socket file in the CT (its /dev is a mount of its own, not in $priv).
ctsock() { vzctl exec $ct "test -S $1" < /dev/null; }
log=$priv/var/log/t42.log
mkdir -p $priv/var/log
rm -f $log
vzctl exec $ct "setsid syslogd -n -m 0 -O /var/log/t42.log < /dev/null > /dev/null 2>&1 & echo \$! > /tmp/syslogd.pid" \
	> $out/exec 2>&1 < /dev/null
check "syslogd binds /dev/log" waitfor ctsock /dev/log
vzctl exec $ct "logger -t t42 before-the-dump" > $out/exec 2>&1 < /dev/null
check "logger's message reaches the log" waitfor grep -q before-the-dump $log
bg peer peer /dev/log
check "a client connected to /dev/log is heard" waitfor grep -q 'log$' $log
bg abs bound @t42-abs
vzctl exec $ct "/bin/unixhold send @t42-abs before" > $out/exec 2>&1 < /dev/null
bg gone gone /tmp/gone.sock
check "the unlinked socket's file is gone" test ! -e $priv/tmp/gone.sock
bg gp gonepeer /tmp/gp.sock
bg gl gonelisten /tmp/gl.sock
# ask TAG PATH MSG: a client from vzctl exec is answered "re MSG" by the listener of TAG at
# PATH, which tells it took MSG at PATH.
ask() {
	vzctl exec $ct "/bin/unixhold ask $2 $3" > $out/ask 2>&1 < /dev/null &&
		grep -qx "re $3" $out/ask && waitfor grep -qx "got $3 at $2" $priv/tmp/uh-$1.out
}
bg srv serve /tmp/srv.sock
bg asrv serve @t42-srv
check "the listener at /tmp/srv.sock answers a client" ask srv /tmp/srv.sock before
check "the listener at @t42-srv answers a client" ask asrv @t42-srv before
# Bound through a symlink, as PostgreSQL binds /var/run/postgresql/.s.PGSQL.5432 on Debian
# (/var/run leads to /run): the name is not its file's path, but reaches it.
vzctl exec $ct 'mkdir -p /tmp/real && ln -sfn /tmp/real /tmp/link' < /dev/null
bg lsrv serve /tmp/link/srv.sock
check "the listener bound through a symlink answers a client" ask lsrv /tmp/link/srv.sock before
# A connection kept across the dump: accepted by echo, its client started by vzctl exec.
bg echo echo /tmp/echo.sock
bg keep keep /tmp/echo.sock
check "the kept connection is answered before the dump" grep -qx 're before' $priv/tmp/uh-keep.out

rm -f $out/img
run "bound sockets: chkpnt" 0 vzctl chkpnt $ct --dumpfile $out/img
vzctl dumpinfo $out/img > $out/info 2>&1
check "dumpinfo shows syslogd's socket at /dev/log" grep -q 'unix: .*/dev/log' $out/info
check "dumpinfo shows the abstract name" grep -q 'unix: .*@t42-abs' $out/info
check "dumpinfo shows the unlinked socket file" grep -q 'unix: .*/tmp/gone.sock.*file=unlinked' $out/info
check "dumpinfo shows the listener at /tmp/srv.sock with its backlog" \
	grep -q 'unix: .*type=stream state=listen name=/tmp/srv.sock .*backlog=3 ' $out/info
check "dumpinfo shows the listener at @t42-srv with its backlog" \
	grep -q 'unix: .*type=stream state=listen name=@t42-srv backlog=3 ' $out/info
check "dumpinfo shows the kept connection's accepted side with the listener's name" \
	grep -q 'unix: .*type=stream state=pair name=/tmp/echo.sock accepted=yes ' $out/info
check "dumpinfo shows the listener by the name it was bound with" \
	grep -q 'unix: .*type=stream state=listen name=/tmp/link/srv.sock ' $out/info
run "bound sockets: restore" 0 vzctl restore $ct --dumpfile $out/img
check "syslogd lives" vzctl exec $ct "kill -0 \$(cat /tmp/syslogd.pid)"
check "/dev/log is a socket file still" ctsock /dev/log
vzctl exec $ct "logger -t t42 after-the-restore" > $out/exec 2>&1 < /dev/null
check "logger's message after the restore reaches the log" waitfor grep -q after-the-restore $log
check "the message before the dump is in the log once" test "$(grep -c before-the-dump $log)" = 1
vzctl exec $ct "kill -USR1 \$(cat /tmp/uh-peer.pid)" > /dev/null 2>&1 < /dev/null
check "the connected client is heard again (connected to the restored /dev/log)" \
	waitfor grep -q 'log-again$' $log
vzctl exec $ct "/bin/unixhold send @t42-abs after" > $out/exec 2>&1 < /dev/null
check "the abstract socket reports" usr1 abs
check "it is named @t42-abs still ($(tr '\n' '|' < $priv/tmp/uh-abs.out))" \
	grep -qx 'name @t42-abs' $priv/tmp/uh-abs.out
check "it had the datagram queued before the dump and the one sent after, in order" \
	sh -c "grep '^got' $priv/tmp/uh-abs.out | tr '\n' ' ' | grep -qx 'got before got after '"
check "the unlinked socket reports" usr1 gone
check "it is named /tmp/gone.sock still ($(tr '\n' '|' < $priv/tmp/uh-gone.out))" \
	grep -qx 'name /tmp/gone.sock' $priv/tmp/uh-gone.out
check "its queued datagram is back" \
	sh -c "grep '^got' $priv/tmp/uh-gone.out | tr '\n' ' ' | grep -qx 'got queued '"
check "its file is gone still" test ! -e $priv/tmp/gone.sock
check "the client of the unlinked server reports" usr1 gp
check "its peer is /tmp/gp.sock still, the server named so ($(tr '\n' '|' < $priv/tmp/uh-gp.out))" \
	sh -c "grep -qx 'peer /tmp/gp.sock' $priv/tmp/uh-gp.out && grep -qx 'name /tmp/gp.sock' $priv/tmp/uh-gp.out"
check "the server had its datagram from before the dump and took the one sent after, in order" \
	sh -c "grep '^got' $priv/tmp/uh-gp.out | tr '\n' ' ' | grep -qx 'got before got after '"
check "the unlinked listener's client reports" usr1 gl
check "its client's peer is /tmp/gl.sock still, and it was accepted with what it sent ($(tr '\n' '|' < $priv/tmp/uh-gl.out))" \
	sh -c "grep -qx 'peer /tmp/gl.sock' $priv/tmp/uh-gl.out && grep -qx 'got early' $priv/tmp/uh-gl.out"
check "neither file came back" test ! -e $priv/tmp/gp.sock -a ! -e $priv/tmp/gl.sock
check "/tmp/srv.sock is a socket file still" ctsock /tmp/srv.sock
check "the listener at /tmp/srv.sock answers a client after the restore" \
	ask srv /tmp/srv.sock after
check "the listener at @t42-srv answers a client after the restore" ask asrv @t42-srv after
check "the listener bound through a symlink answers a client after the restore" \
	ask lsrv /tmp/link/srv.sock after
check "its socket file is where the symlink leads, the symlink kept" \
	vzctl exec $ct "test -S /tmp/real/srv.sock && test -L /tmp/link" < /dev/null
vzctl exec $ct "kill -USR1 \$(cat /tmp/uh-keep.pid)" > /dev/null 2>&1 < /dev/null
check "the kept connection is answered after the restore" \
	waitfor grep -qx 're after' $priv/tmp/uh-keep.out
check "its client's peer is /tmp/echo.sock still" grep -qx 'peer /tmp/echo.sock' $priv/tmp/uh-keep.out
check "the accepted side took both messages, named /tmp/echo.sock ($(tr '\n' '|' < $priv/tmp/uh-echo.out))" \
	sh -c "grep '^got' $priv/tmp/uh-echo.out | tr '\n' ' ' | grep -qx 'got before at /tmp/echo.sock got after at /tmp/echo.sock '"
check "each listener's program answered two clients, no more" \
	test "$(grep -c '^got' $priv/tmp/uh-srv.out)$(grep -c '^got' $priv/tmp/uh-asrv.out)$(grep -c '^got' $priv/tmp/uh-lsrv.out)" = 222
pids='$(cat /tmp/syslogd.pid /tmp/uh-peer.pid /tmp/uh-abs.pid /tmp/uh-gone.pid /tmp/uh-gp.pid /tmp/uh-gl.pid /tmp/uh-srv.pid /tmp/uh-asrv.pid /tmp/uh-lsrv.pid /tmp/uh-echo.pid /tmp/uh-keep.pid)'
vzctl exec $ct "kill $pids" > /dev/null 2>&1 < /dev/null
# Until the CT's init has reaped them all: a zombie left makes the chkpnt refuse the CT.
reaped() { vzctl exec $ct "for p in $pids; do kill -0 \$p 2> /dev/null && exit 1; done; exit 0" < /dev/null; }
check "the programs are gone and reaped" waitfor reaped

rm -f $out/img
run "with the refused programs gone: chkpnt" 0 vzctl chkpnt $ct --dumpfile $out/img
run "and restore" 0 vzctl restore $ct --dumpfile $out/img
run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
