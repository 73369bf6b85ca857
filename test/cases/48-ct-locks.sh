#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# File locks a CT holds through vzctl chkpnt + restore (issue 13; the catalog's lock00-02 check
# them from inside, here they run once more to be seen from the host). POSIX locks of two
# processes and a waiter asleep in F_SETLKW (lock00), OFD locks (lock01), flock() locks shared
# over fork (lock02): `vzctl dumpinfo` shows each kind; the host's /proc/locks lists the same
# locks of the CT's files (kind, type, range) after the restore as before; each program
# passes. A restore that cannot take a lock again (a host process took it meanwhile) fails
# with the lock named and leaves no task behind; once the host lets go, the same image
# restores. Refused, the CT left running: a lease (F_SETLEASE).
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t48
ct=148
priv=/vz/private/$ct
img=$out/ct.img
progs="lock00 lock01 lock02"
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/t/bin
cp $P/ghosthold.static $priv/t/ghosthold || fail "ghosthold is built"
for p in $progs; do cp $P/$p.static $priv/t/bin/$p || fail "$p is built"; done
check "start" vzctl start $ct

# --- a lease is refused
rm -rf $priv/t/lease; mkdir -p $priv/t/lease
vzctl exec $ct "cd /t/lease && setsid /t/ghosthold lease /t/lease < /dev/null > /t/lease/out 2>&1 & echo \$! > /t/lease/pid" \
	> /dev/null 2>&1
for n in $(seq 60); do grep -q '^ready\|^FAIL' $priv/t/lease/out 2>/dev/null && break; sleep 0.5; done
check "lease: ghosthold is ready" grep -q '^ready' $priv/t/lease/out
run "lease: chkpnt is refused" 16 vzctl chkpnt $ct --dumpfile $img
check "lease: the reason is given" said "holds a lease (F_SETLEASE) on fd 3: leases cannot be carried yet"
check "lease: the CT still runs" vzctl exec $ct "kill -0 \$(cat /t/lease/pid)"
vzctl exec $ct "kill -TERM \$(cat /t/lease/pid)" > /dev/null 2>&1

# --- the lock programs
for p in $progs; do
	rm -rf $priv/t/$p; mkdir -p $priv/t/$p
	vzctl exec $ct "cd /t/$p && setsid /t/bin/$p /t/$p < /dev/null >> /t/$p/out 2>&1 & echo \$! > /t/$p/pid" \
		> /dev/null 2>&1
done
for p in $progs; do
	for n in $(seq 60); do grep -q '^ready\|^FAIL' $priv/t/$p/out 2>/dev/null && break; sleep 0.5; done
	check "$p is ready" grep -q '^ready' $priv/t/$p/out
done
# locks: the host's /proc/locks lines of the CT's lock files, as "KIND TYPE INODE START END"
# (not the pid: the host's changes at a restore); a waiter's line is marked "->".
locks() {
	local inos
	inos=$(stat -c %i $priv/t/lock0*/lockfile $priv/t/lock02/shared $priv/t/lock02/excl | tr '\n' '|')
	awk -v inos="|$inos" '{
		w = ($2 == "->"); o = w ? 1 : 0
		split($(6 + o), d, ":")
		if (index(inos, "|" d[3] "|")) print (w ? "-> " : "") $(2 + o), $(4 + o), d[3], $(7 + o), $(8 + o)
	}' /proc/locks | sort
}
locks > $out/locks.before
expect_eq "the host sees the CT's locks" \
	"9 1" "$(grep -vc '^->' $out/locks.before) $(grep -c '^->' $out/locks.before)"
run "chkpnt" 0 vzctl chkpnt $ct --dumpfile $img
vzctl dumpinfo $img > $out/info 2>&1
for k in "kind=posix type=write" "kind=posix type=read" "kind=ofd type=write" "kind=flock type=read" \
	"kind=flock type=write"; do
	check "dumpinfo shows a $k lock" grep -q "$k" $out/info
done

# --- a lock the host took meanwhile: the restore fails naming it, and leaves nothing
# Held by this shell's open of the file (fd 9): a command's child would keep it past a kill.
exec 9< $priv/t/lock02/excl
check "the host takes lock02's file" flock -x -n 9
run "restore while the host holds lock02's file" 17 vzctl restore $ct --dumpfile $img
check "the reason names the lock" said "cannot take its write flock() lock of bytes 0-9223372036854775807 of file [0-9]* again (error -11: a conflicting lock is held)"
expect_eq "no task of the CT is left" "" "$(cat /sys/fs/cgroup/vz/$ct/cgroup.procs 2>/dev/null)"
exec 9<&-

run "restore" 0 vzctl restore $ct --dumpfile $img
sleep 1	# the sleeper asks for its lock again once it runs
locks > $out/locks.after
if cmp -s $out/locks.before $out/locks.after; then ok "the host sees the same locks after the restore"
else fail "the host sees the same locks after the restore: $(diff $out/locks.before $out/locks.after | grep '^[<>]' | tr '\n' '|')"; fi
for p in $progs; do vzctl exec $ct "kill -TERM \$(cat /t/$p/pid)" > /dev/null 2>&1; done
for p in $progs; do
	for n in $(seq 60); do grep -q '^PASS\|^FAIL' $priv/t/$p/out && break; sleep 0.5; done
	expect_eq "$p verifies its locks" "PASS $p" "$(grep -m 1 '^PASS\|^FAIL' $priv/t/$p/out)"
done

run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
