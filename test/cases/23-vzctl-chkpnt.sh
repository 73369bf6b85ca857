#!/bin/bash
# vm-boot: 1-kernel
# vzctl chkpnt and dumpinfo on real images, with bare CTs started by ctdrive (so that the test does
# not depend on the container code; the CT's init pid is given in /var/run/vz/CTID.pid): a full
# checkpoint to a file that ctdrive restores, dumpinfo in text and XML, staged suspend / dump /
# resume, the image streamed to stdout, a failed dump leaving the old dump file unchanged and the
# CT running, the default dump file in DUMPDIR, and the messages and exit codes without a CT, a
# context or the modules.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vz/123
out=/tmp/t23
ct=123
mkdir -p $out /var/run/vz /sys/fs/cgroup/vz
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

frozen() { grep -q '^frozen 1' $cg/cgroup.events; }
last() { tail -n 1 "$1" | awk '{print $1}'; }
wait_past() { for i in $(seq 40); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }
gone() { for i in $(seq 40); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done; return 1; }
start_ct() { # start_ct OUTFILE [PROG...]: a CT counting into OUTFILE; its init's pid in the pid file
	local f=$1; shift
	init=$($P/ctdrive run $cg sh -c "exec ${*:-$P/counter 1 50} > $f 2>/dev/null")
	echo "$init" > /var/run/vz/$ct.pid
	wait_past "$f" 2
}

# --- full checkpoint to a file
start_ct $out/c1
if vzctl chkpnt $ct --dumpfile $out/d.img > $out/msg 2>&1; then
	ok "vzctl chkpnt: $(tail -n 1 $out/msg)"
else
	fail "vzctl chkpnt: $(cat $out/msg)"
fi
check "the CT is gone after chkpnt" gone "$init"
check "its pid file is gone" test ! -e /var/run/vz/$ct.pid
check "no temporary file is left" test -z "$(ls $out/d.img.* 2>/dev/null)"
n=$(last $out/c1)

# --- dumpinfo of a real image
if vzctl dumpinfo $out/d.img > $out/info 2> $out/err; then
	ok "dumpinfo reads the image: $(grep '^  summary:' $out/info)"
else
	fail "dumpinfo: $(cat $out/err)"
fi
check "dumpinfo names the CT" grep -q "^image: ctid=$ct " $out/info
check "dumpinfo shows the init and the counter" grep -q 'task: pid=1 .*comm=counter' $out/info
check "dumpinfo shows mappings with pages" grep -q 'vma: .*kind=anon .*pages=[1-9]' $out/info
check "dumpinfo shows the executable" grep -q "exe=$P/counter" $out/info
check "dumpinfo shows the fds" grep -q 'fd: fd=1 ' $out/info
if vzctl dumpinfo --xml $out/d.img > $out/info.xml 2> $out/err && xmllint --noout $out/info.xml; then
	ok "dumpinfo --xml is well-formed XML"
else
	fail "dumpinfo --xml: $(cat $out/err)"
fi
check "the XML has the same tasks" test "$(grep -c '<task ' $out/info.xml)" = "$(grep -c 'task: ' $out/info)"
vzctl dumpinfo - < $out/d.img > $out/info2 2>&1
check "dumpinfo - reads standard input" cmp -s $out/info $out/info2

# --- the image vzctl wrote restores
: > $out/c1
if init=$($P/ctdrive restore $ct $cg $out/d.img 2> $out/err); then
	check "the restored counter carries on from the checkpoint" wait_past $out/c1 "$n"
	kill -9 "$init"; gone "$init"
else
	fail "restore of vzctl's image: $(cat $out/err)"
fi

# --- staged: suspend, dump, resume, each a separate invocation; and the image to stdout
start_ct $out/c2
check "chkpnt --suspend" vzctl chkpnt $ct --suspend
check "the CT is frozen" frozen
check "chkpnt --dump by another invocation" vzctl chkpnt $ct --dump --dumpfile $out/s.img
check "the CT is still frozen after the dump" frozen
vzctl chkpnt $ct --dump --dumpfile - > $out/p.img 2> $out/err
check "chkpnt --dump --dumpfile - streams the image to stdout" vzctl dumpinfo $out/p.img
# Two dumps of one frozen CT differ only in the time they were taken.
same_but_time() { cmp -s <(vzctl dumpinfo "$1" | grep -v clocks: | sed 's/sleeping=[0-9.]*//') \
	<(vzctl dumpinfo "$2" | grep -v clocks: | sed 's/sleeping=[0-9.]*//'); }
check "the image is the same through stdout" same_but_time $out/s.img $out/p.img
n=$(last $out/c2)
check "chkpnt --resume" vzctl chkpnt $ct --resume
check "the CT runs again" wait_past $out/c2 "$n"
check "the snapshot reads back" vzctl dumpinfo $out/s.img

# --- a dump that fails leaves the CT running and the old dump file as it was
kill -9 "$init"; gone "$init"
start_ct $out/s1 "$P/sockhold"
cp $out/d.img $out/keep.img
vzctl chkpnt $ct --dumpfile $out/keep.img > $out/msg 2>&1
rc=$?
expect_eq "a failed chkpnt exits 16" 16 "$rc"
case "$(cat $out/msg)" in
*"Error: checkpoint of CT $ct failed: task 1 (sockhold), fd "*) ok "it prints the kernel's reason: $(grep Error $out/msg)" ;;
*) fail "unexpected message: $(cat $out/msg)" ;;
esac
check "the old dump file is unchanged" cmp -s $out/d.img $out/keep.img
check "no temporary file is left" test -z "$(ls $out/keep.img.* 2>/dev/null)"
check "the CT is not frozen" test "$(frozen && echo y)" != y
n=$(last $out/s1)
check "the CT keeps running" wait_past $out/s1 "$n"
kill -9 "$init"; gone "$init"

# --- the default dump file: $DUMPDIR/Dump.CTID
start_ct $out/c3
dumpdir=$(sed -n 's/^DUMPDIR=//p' /etc/vz/vz.conf | tr -d '"')
rm -f "$dumpdir/Dump.$ct"
check "chkpnt with no --dumpfile" vzctl chkpnt $ct
check "writes $dumpdir/Dump.$ct" vzctl dumpinfo "$dumpdir/Dump.$ct"
gone "$init"

# --- without a CT, a context or the modules
rm -f /var/run/vz/$ct.pid
vzctl chkpnt $ct > $out/msg 2>&1
expect_eq "chkpnt of a CT not running exits 31" 31 "$?"
vzctl chkpnt $ct --resume > $out/msg 2>&1
rc=$?
expect_eq "resume with no context exits 16" 16 "$rc"
check "and says so: $(cat $out/msg)" grep -q "^Error: checkpoint of CT $ct failed: no checkpoint of CT $ct is in progress" $out/msg
rmmod vzcpt vzrst
vzctl chkpnt $ct > $out/msg 2>&1
expect_eq "chkpnt without vzcpt exits 16" 16 "$?"
expect_eq "and prints OpenVZ's message" "Error: No checkpointing support is available, unable to open /proc/cpt" "$(head -n 1 $out/msg)"
vzctl restore $ct > $out/msg 2>&1
expect_eq "restore without vzrst exits 17" 17 "$?"
check "and names the module: $(cat $out/msg)" grep -q "^Error: No undumping support is available, unable to open /proc/rst: module vzrst is not loaded" $out/msg
modprobe vzcpt && modprobe vzrst
rmdir $cg 2>/dev/null
done_testing
