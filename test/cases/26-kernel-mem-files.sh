#!/bin/bash
# vm-boot: 1-kernel
# Nothing silently lost for memory mappings, files and paths. Each program checks itself after a
# dump and restore: mlock, on-fault locks, mlockall(MCL_FUTURE) and madvise states of mappings
# (mmflags00); shared file mappings keep the access of their file (mapshared00); shared anonymous
# memory stays one object shared by parent and children after munmap and mremap (shmanon00); a pipe's capacity
# and O_NONBLOCK (pipe00); files, mappings, cwd and root of a task created by a chrooted task
# (chrootkid). Page records no dump makes (missing, duplicated, for a shared file mapping) are
# refused at restore before any is written (pagesedit). What a restore could not reopen is refused at dump, naming the task and the object,
# with the CT left running: a detached mount, a file outside the CT's root (memhold). An exe that is no longer
# executable is refused at restore. Transparent huge pages stay huge across suspend, dump and
# resume (thp00). Tasks SIGKILLed from the host during dumps: the dump fails or succeeds cleanly,
# the CT is never left frozen.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt26
out=/tmp/t26
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

frozen() { grep -q '^frozen 1' $cg/cgroup.events 2>/dev/null; }
# wait_for FILE REGEX [TRIES]: wait until FILE has a line matching REGEX
wait_for() { for _ in $(seq "${3:-80}"); do grep -aq "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done; return 1; }
killct() {
	local p
	for p in $(cat $cg/cgroup.procs 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	for _ in $(seq 40); do [ -z "$(cat $cg/cgroup.procs 2>/dev/null)" ] && return 0; sleep 0.25; done
}
usr1_all() { local p; for p in $(cat $cg/cgroup.procs); do kill -USR1 "$p"; done; }
# start NAME CMD...: CMD as the CT's init, its output in $out/NAME.out; waits for "ready"
start() {
	local name=$1; shift
	: > $out/$name.out
	init=$($P/ctdrive run $cg sh -c "exec $* > $out/$name.out 2>&1")
	wait_for $out/$name.out '^ready\|^FAIL' && ! grep -q '^FAIL' $out/$name.out ||
		{ fail "$name: not ready: $(cat $out/$name.out)"; killct; return 1; }
}

# roundtrip NAME NPASS CMD...: start, dump (the CT dies), restore ($CYCLES times, default once),
# SIGUSR1 to every task; each of the NPASS PASS lines must come and no FAIL line
roundtrip() {
	local name=$1 npass=$2; shift 2
	start "$name" "$@" || return 1
	for _ in $(seq "${CYCLES:-1}"); do
		if ! $P/ctdrive dump 26 "$init" $cg $out/$name.img 2> $out/err; then
			fail "$name: dump: $(cat $out/err)"; killct; return 1
		fi
		killct
		if ! init=$($P/ctdrive restore 26 $cg $out/$name.img 2> $out/err); then
			fail "$name: restore: $(cat $out/err)"; killct; return 1
		fi
	done
	usr1_all
	for _ in $(seq 80); do
		[ "$(grep -ac '^PASS\|^FAIL' $out/$name.out)" -ge "$npass" ] && break
		sleep 0.25
	done
	if grep -aq '^FAIL' $out/$name.out || [ "$(grep -ac '^PASS' $out/$name.out)" != "$npass" ]; then
		fail "$name after restore: $(grep -a '^PASS\|^FAIL' $out/$name.out | tr '\n' ' ')"
	else
		ok "$name after restore: $(grep -a '^PASS' $out/$name.out | tr '\n' ' ')"
	fi
	killct
}

# --- state carried: each program verifies itself after the restore
roundtrip mmflags00 1 $P/mmflags00
roundtrip mapshared00 1 $P/mapshared00 $out/shared.dat
# twice: a restored object is dumped as shared anonymous memory again
CYCLES=2 roundtrip shmanon00 3 $P/shmanon00
roundtrip pipe00 1 $P/pipe00
rm -rf $out/jail; mkdir -p $out/jail/sub
echo -n "jail data" > $out/jail/data
{ echo -n "jail map"; head -c 4088 /dev/zero; } > $out/jail/map
roundtrip chrootkid 2 $P/chrootkid $out/jail

# --- pages only where a dump puts them: refused at restore before a byte of them is written
pagerule() { # pagerule MODE IMAGE WHAT
	$P/pagesedit "$1" $out/$2.img $out/pr.img || { fail "pagesedit $1 $2"; return; }
	if $P/ctdrive restore 26 $cg $out/pr.img > /dev/null 2> $out/err; then
		fail "$1: an image with pages no dump makes was restored"
	else
		case "$(cat $out/err)" in
		*"$3"*) ok "$1: refused: $(cat $out/err)" ;;
		*) fail "$1: $(cat $out/err)" ;;
		esac
	fi
	killct
}
pagerule drop mmflags00 "of its pages"
pagerule dup mmflags00 "out of order"
sum=$(md5sum < $out/shared.dat)
pagerule shared mapshared00 "carr"
expect_eq "the shared mapping's file is unchanged" "$sum" "$(md5sum < $out/shared.dat)"

# --- what a restore could not reopen: refused at dump, naming the task and the object
refuse() { # refuse MODE WHAT...: each WHAT must be in the message
	local mode=$1 msg w; shift
	rm -rf $out/m; mkdir -p $out/m
	start memhold "$P/memhold $mode $out/m" || return
	if $P/ctdrive dump 26 "$init" $cg $out/m.img --resume 2> $out/err; then
		fail "$mode: the dump succeeded"; killct; return
	fi
	msg=$(cat $out/err)
	for w in "task 1 (memhold)" "$@"; do
		case "$msg" in *"$w"*) ;; *) fail "$mode: '$w' not in: $msg"; killct; return ;; esac
	done
	ok "$mode refused: $msg"
	check "$mode: the CT keeps running, not frozen" sh -c "kill -0 $init && ! grep -q '^frozen 1' $cg/cgroup.events"
	killct
}
# memfds and deleted files are carried now (test 47, ghost00, ghost01, memfd00), and SysV
# shared memory (test 46, ipcshm00).
refuse detached "fd 3" "not reachable from the CT's root"
refuse outside "memory: the executable" "not reachable from the CT's root"

# --- an exe that can no longer be executed is refused at restore
rm -rf $out/exe; mkdir -p $out/exe
mount -t tmpfs vzt26exe $out/exe
cp $P/forker $out/exe/prog
start exe $out/exe/prog 1 1
$P/ctdrive dump 26 "$init" $cg $out/exe.img 2> $out/err || fail "exe: dump: $(cat $out/err)"
killct
chmod 0644 $out/exe/prog
if $P/ctdrive restore 26 $cg $out/exe.img > /dev/null 2> $out/err; then
	fail "an exe without execute permission was restored"
else
	case "$(cat $out/err)" in
	*"$out/exe/prog"*"execut"*) ok "exe without x refused: $(cat $out/err)" ;;
	*) fail "exe without x: $(cat $out/err)" ;;
	esac
fi
killct
chmod 0755 $out/exe/prog
mount -o remount,noexec $out/exe
if $P/ctdrive restore 26 $cg $out/exe.img > /dev/null 2> $out/err; then
	fail "an exe on a noexec mount was restored"
else
	case "$(cat $out/err)" in
	*"$out/exe/prog"*"noexec"*) ok "exe on a noexec mount refused: $(cat $out/err)" ;;
	*) fail "exe on noexec: $(cat $out/err)" ;;
	esac
fi
killct
mount -o remount,exec $out/exe
check "the same image restores once the exe is executable" sh -c "$P/ctdrive restore 26 $cg $out/exe.img > /dev/null"
killct
umount $out/exe

# --- transparent huge pages stay huge: the dump does not split them
thp=/sys/kernel/mm/transparent_hugepage
old_thp=$(sed 's/.*\[\(.*\)\].*/\1/' $thp/enabled)
echo madvise > $thp/enabled
huge() { awk '/^AnonHugePages:/ { s += $2 } END { print s + 0 }' /proc/"$1"/smaps; }
if start thp00 $P/thp00; then
	h1=$(huge "$init")
	check "the CT has huge pages before the dump ($h1 kB)" test "$h1" -ge 4096
	$P/ctdrive dump 26 "$init" $cg $out/thp.img --resume 2> $out/err || fail "thp: dump: $(cat $out/err)"
	expect_eq "AnonHugePages after suspend, dump and resume" "$h1" "$(huge "$init")"
	kill -USR1 "$init"
	check "the resumed CT's memory is intact" wait_for $out/thp00.out '^PASS thp00'
	killct
	: > $out/thp00.out
	if init=$($P/ctdrive restore 26 $cg $out/thp.img 2> $out/err); then
		kill -USR1 "$init"
		# The restored task writes at its old offset of the emptied file: NULs before it.
		if wait_for $out/thp00.out 'PASS\|FAIL' && grep -aq 'PASS thp00' $out/thp00.out; then
			ok "restored THP memory intact: $(tr -d '\0' < $out/thp00.out)"
			check "and huge again ($(huge "$init") kB)" test "$(huge "$init")" -ge 4096
		else
			fail "restored THP memory: $(tr -d '\0' < $out/thp00.out)"
		fi
	else
		fail "thp: restore: $(cat $out/err)"
	fi
	killct
fi
echo "$old_thp" > $thp/enabled

# --- tasks killed from the host during dumps: the dump goes into a FIFO whose reader waits 1 s
# before it reads, so the kill lands while the dump is in progress: the dump must fail naming the
# killed task (or the CT's init), and the CT is never left frozen
rm -f $out/fifo; mkfifo $out/fifo
for i in 1 2 3 4 5 6 7 8; do
	start forker "$P/forker 4 12" || continue
	victim=$(grep -vx "$init" $cg/cgroup.procs | sed -n "$((i % 4 + 1))p")
	[ $((i % 4)) = 0 ] && victim=$init
	vpid=$(awk '/^NSpid:/ { print $NF }' /proc/"$victim"/status)
	(sleep 1; cat > /dev/null) < $out/fifo &
	reader=$!
	$P/ctdrive dump 26 "$init" $cg $out/fifo --resume 2> $out/err &
	d=$!
	sleep "0.$((3 + i % 5))"
	kill -9 "$victim"
	wait $d
	st=$?
	wait $reader
	sleep 0.5
	msg=$(cat $out/err)
	if frozen; then
		fail "kill during dump $i: the CT is left frozen"
	elif [ $st = 0 ]; then
		fail "kill during dump $i: the dump of a CT whose task $vpid was killed during it succeeded"
	else
		case "$msg" in
		*"task $vpid (forker)"*"killed during the dump"*|*"init of CT 26"*) ok "kill during dump $i (task $vpid): $msg" ;;
		*) fail "kill during dump $i (task $vpid): $msg" ;;
		esac
	fi
	killct
done
done_testing
