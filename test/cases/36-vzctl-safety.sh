#!/bin/bash
# vm-boot: 2-containers
# vzctl is safe for the host against a CT's root: /etc/hostname planted as a symlink to a host
# file (absolute, relative, through a symlinked /etc), as a FIFO, as a hard link to a host file:
# `vzctl set --hostname --save` neither writes the host file nor hangs. `vzctl exec` runs on pipes:
# a program in the CT (test/progs/tiocsti00) cannot push input into the caller's terminal
# (TIOCSTI), while data both ways and exit codes pass. A CT held by a staged checkpoint or restore
# refuses exec, enter, set, start, stop, destroy, umount and a second staged sequence with one line
# (exit 9) instead of hanging. /proc/cpt and /proc/rst refuse the CT's root and its other users
# every ioctl (test/progs/cptprobe00), before and after a checkpoint and restore.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t36
ct=136
priv=/vz/private/$ct
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
cp $P/tiocsti00.static $priv/bin/tiocsti00
cp $P/cptprobe00.static $priv/bin/cptprobe00
check "start" vzctl start $ct
in_ct() { vzctl exec $ct "$1" < /dev/null > /dev/null 2>&1; }

# --- files the CT's root planted where vzctl writes
victim=$out/victim
echo precious > $victim
intact_victim() { [ "$(cat "$1")" = precious ]; }
in_ct "ln -sf $victim /etc/hostname"
run "set --hostname through an absolute symlink to a host file is refused" 3 \
	timeout 30 vzctl set $ct --hostname evil --save
check "saying it is a symlink" said "Error: CT $ct: unable to write its /etc/hostname: it is a symbolic link"
check "the host file is untouched" intact_victim $victim
in_ct "ln -sf ../../../../../../../../..$victim /etc/hostname"
run "through a relative symlink climbing out: refused" 3 timeout 30 vzctl set $ct --hostname evil --save
check "the host file is untouched" intact_victim $victim
mkdir -p $out/hostetc
echo precious > $out/hostetc/hostname
in_ct "rm /etc/hostname; mv /etc /etc.real; ln -s $out/hostetc /etc"
run "through a symlinked /etc naming a host directory: resolved inside the CT (no such dir)" 3 \
	timeout 30 vzctl set $ct --hostname evil --save
check "the host directory's file is untouched" intact_victim $out/hostetc/hostname
rm -f $priv/etc && mv $priv/etc.real $priv/etc
in_ct "rm -f /etc/hostname; mkfifo /etc/hostname"
run "a FIFO as /etc/hostname: refused at once, no hang" 3 timeout 30 vzctl set $ct --hostname evil --save
check "saying it is not a regular file" said "it is not a regular file"
rm -f $priv/etc/hostname
echo precious > /vz/t36-victim
if ln /vz/t36-victim $priv/etc/hostname; then
	run "a hard link to a host file as /etc/hostname: replaced" 0 vzctl set $ct --hostname linked --save
	check "the host file is untouched" intact_victim /vz/t36-victim
	expect_eq "and has one link again" 1 "$(stat -c %h /vz/t36-victim)"
	expect_eq "the CT's /etc/hostname says the new name" linked "$(cat $priv/etc/hostname)"
else
	fail "hard link into the private area"
fi
rm -f /vz/t36-victim
run "a plain set --hostname --save still writes it" 0 vzctl set $ct --hostname ct$ct --save
expect_eq "/etc/hostname" ct$ct "$(cat $priv/etc/hostname)"
expect_eq "the CT's hostname" ct$ct "$(vzctl exec $ct hostname < /dev/null)"

# --- vzctl exec: pipes, never the caller's terminal
run "/proc/cpt and /proc/rst refuse the CT before any checkpoint" 0 timeout 60 vzctl exec $ct /bin/cptprobe00
check "as its root and as uid 65534" said "^PASS cptprobe00 as uid 65534"
timeout 60 $P/tiocsti00 drive vzctl exec $ct /bin/tiocsti00 > $out/tiocsti 2>&1
sed 's/^/# /' $out/tiocsti
check "TIOCSTI from inside the CT reaches no terminal" grep -q "^PASS tiocsti00" $out/tiocsti
check "nothing was pushed into the caller's pty" grep -q "^PASS tiocsti-drive" $out/tiocsti
check "and the program's status came back" grep -q "^exit 0" $out/tiocsti
head -c 6000000 /dev/urandom > $out/big
timeout 120 vzctl exec $ct cat < $out/big > $out/big.out 2> $out/big.err
expect_eq "6 MB through cat in the CT: exit" 0 "$?"
check "and the same bytes back" cmp -s $out/big $out/big.out
timeout 120 vzctl exec $ct 'cat >&2; echo tail' < $out/big > $out/big.out 2> $out/big.err
check "6 MB to stderr" cmp -s $out/big $out/big.err
expect_eq "stdout apart" tail "$(cat $out/big.out)"
run "exit 0 passes" 0 vzctl exec $ct true
run "exit 3 passes" 3 vzctl exec $ct 'echo out; echo err >&2; exit 3'
check "with its output" said "^out$"
check "and its errors" said "^err$"
expect_eq "an empty stdin ends the command's input" 0 "$(vzctl exec $ct 'wc -c' < /dev/null | tr -d ' ')"

# --- a CT held by a staged checkpoint
frozen() { grep -q '^frozen 1' /sys/fs/cgroup/vz/$ct/cgroup.events 2>/dev/null; }
run "chkpnt --suspend" 0 vzctl chkpnt $ct --suspend
check "the CT is frozen" frozen
run "exec on the suspended CT: refused, no hang" 9 timeout 30 vzctl exec $ct true
check "saying how to finish" said "Error: CT $ct is suspended by a staged checkpoint: finish it first"
run "enter: refused" 9 timeout 30 vzctl enter $ct < /dev/null
run "set: refused" 9 timeout 30 vzctl set $ct --hostname x
run "stop: refused" 9 timeout 30 vzctl stop $ct --fast
run "start: refused" 9 timeout 30 vzctl start $ct
run "destroy: refused" 9 timeout 30 vzctl destroy $ct
run "umount: refused" 9 timeout 30 vzctl umount $ct
run "a second chkpnt --suspend: refused" 9 timeout 30 vzctl chkpnt $ct --suspend
check "saying so" said "is suspended by a staged checkpoint"
run "a full chkpnt: refused" 9 timeout 30 vzctl chkpnt $ct --dumpfile $out/no.img
run "restore --undump: refused" 9 timeout 30 vzctl restore $ct --undump --dumpfile $out/no.img
run "restore --resume of the checkpoint's CT: refused" 9 timeout 30 vzctl restore $ct --resume
check "the CT is still frozen" frozen
run "chkpnt --resume" 0 vzctl chkpnt $ct --resume
run "exec after the resume" 0 timeout 30 vzctl exec $ct true

# --- and by a staged restore
run "chkpnt" 0 vzctl chkpnt $ct --dumpfile $out/ct.img
run "restore --undump" 0 vzctl restore $ct --undump --dumpfile $out/ct.img
run "exec on the undumped CT: refused, no hang" 9 timeout 30 vzctl exec $ct true
check "saying how to finish" said "Error: CT $ct is undumped but not resumed: finish the staged restore first"
run "stop: refused" 9 timeout 30 vzctl stop $ct --fast
run "chkpnt --suspend: refused" 9 timeout 30 vzctl chkpnt $ct --suspend
run "chkpnt --dump of the restore's CT: refused" 9 timeout 30 vzctl chkpnt $ct --dump --dumpfile $out/no.img
run "a second restore --undump: refused" 9 timeout 30 vzctl restore $ct --undump --dumpfile $out/ct.img
run "restore --resume" 0 vzctl restore $ct --resume
run "exec after the resume" 0 timeout 30 vzctl exec $ct true
test ! -e /var/run/vz/$ct.staged
expect_eq "no staged marker is left" 0 "$?"

# --- /proc/cpt and /proc/rst from inside, root or not, and after the restore
run "/proc/cpt and /proc/rst refuse the restored CT" 0 timeout 60 vzctl exec $ct /bin/cptprobe00
check "as its root" said "^PASS cptprobe00 as root"
check "as uid 65534" said "^PASS cptprobe00 as uid 65534"
# The probe can fail: the host's root may drive the modules.
run "the same probe on the host finds the ioctls open" 1 $P/cptprobe00
check "CPT_GET_ABI answered the host" said "CPT_GET_ABI not refused"

vzctl stop $ct --fast > /dev/null 2>&1
vzctl destroy $ct > /dev/null 2>&1
done_testing
