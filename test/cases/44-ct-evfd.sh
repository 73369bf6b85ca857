#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# eventfd, signalfd, timerfd, epoll and inotify states a checkpoint cannot carry (the
# catalog's eventfd00, signalfd00, timerfd00, epoll00, epoll01 and inotify00 carry the rest):
# each is refused while the CT runs, with a message naming the task, the fd and the reason,
# and the CT and the holder go on running. An epoll watching for an event bit epoll has no use
# for; an epoll watching a socket; an inotify watching /dev (not the CT's root filesystem), one
# watching a file deleted since; fanotify. And an inotify with an event not read, refused until
# the image carried queued events: now dumped (dumpinfo shows the event) and restored (the catalog's
# inotify01 checks the events themselves).
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t44
priv=/vz/private/101
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create 101 --hostname ct101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/zt
cp $P/evfdhold.static $priv/zt/evfdhold || fail "evfdhold is built"
check "start" vzctl start 101

# refused MODE PATTERN: the holder in MODE makes chkpnt fail, saying PATTERN; the CT runs on.
refused() {
	local n
	rm -f $priv/zt/$1.out
	vzctl exec 101 "setsid /zt/evfdhold $1 > /zt/$1.out 2>&1 < /dev/null & echo \$! > /zt/$1.pid" \
		> /dev/null 2>&1
	for n in $(seq 40); do grep -q '^ready$' $priv/zt/$1.out 2>/dev/null && break; sleep 0.5; done
	check "$1: the holder is ready ($(tr '\n' '|' < $priv/zt/$1.out 2>/dev/null))" \
		grep -q '^ready$' $priv/zt/$1.out
	run "$1: chkpnt is refused" 16 vzctl chkpnt 101 --dumpfile $out/ct.img
	check "$1: the reason: $(grep -m 1 Error $out/last)" said "$2"
	check "$1: the CT runs on" sh -c "vzctl status 101 | grep -q running"
	check "$1: the holder runs on" vzctl exec 101 "kill -0 \$(cat /zt/$1.pid)"
	vzctl exec 101 "kill -KILL \$(cat /zt/$1.pid)" > /dev/null 2>&1
	sleep 0.5
}

refused events "task [0-9]* (evfdhold), fd [0-9]*: an epoll watches fd [0-9]* for events 0x1019, which the image does not carry"
refused socket "task [0-9]* (evfdhold), fd [0-9]*: an epoll watches, as fd 9, a file it cannot carry: a netlink socket"
# The event queued (inq made in the watched /zt) goes into the image and comes back.
rm -f $priv/zt/inotify-queued.out
vzctl exec 101 "setsid /zt/evfdhold inotify-queued > /zt/inotify-queued.out 2>&1 < /dev/null & echo \$! > /zt/inotify-queued.pid" \
	> /dev/null 2>&1
for n in $(seq 40); do grep -q '^ready$' $priv/zt/inotify-queued.out 2>/dev/null && break; sleep 0.5; done
run "inotify-queued: chkpnt carries the queued event" 0 vzctl chkpnt 101 --dumpfile $out/ct.img
vzctl dumpinfo $out/ct.img > $out/info 2>&1
check "inotify-queued: dumpinfo shows the event ($(grep -m 1 'event.*wd=1' $out/info))" \
	grep -q 'event.*wd=1.*mask=0x100.*name=inq' $out/info
run "inotify-queued: restore" 0 vzctl restore 101 --dumpfile $out/ct.img
check "inotify-queued: the holder runs on" vzctl exec 101 "kill -0 \$(cat /zt/inotify-queued.pid)"
vzctl exec 101 "kill -KILL \$(cat /zt/inotify-queued.pid)" > /dev/null 2>&1
refused inotify-proc "task [0-9]* (evfdhold), fd [0-9]*: inotify watch 1 is on inode [0-9]* of a proc filesystem that is neither the CT's root's nor a tmpfs it carries"
refused inotify-deleted "task [0-9]* (evfdhold), fd [0-9]*: inotify watch 1 is on inode [0-9]*, which has no name left (deleted)"
refused fanotify "task [0-9]* (evfdhold), fd [0-9]*: a fanotify instance (fanotify is not carried) cannot be carried yet (.*fanotify.*, on anon_inodefs)"

run "stop" 0 vzctl stop 101
vzctl destroy 101 > /dev/null 2>&1
done_testing
