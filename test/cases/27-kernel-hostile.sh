#!/bin/bash
# vm-opts: --timeout 1800
# vm-boot: 4-sweeps
# vm-weight: 6
# Hostile images: imgfuzz makes 300 (make fuzz: build/hostile-n) variants of a real image of a CT with
# several processes, pipes and files (fields set to boundary values, records dropped, duplicated and
# moved, ids pointing nowhere or at the wrong kind, overlapping mappings, pages outside their
# mapping, relative, empty, ".." and NUL paths, huge counts; every checksum recomputed), and one
# long-lived ctdrive undumps each into a new CT through /proc/rst. Every variant that the shared
# validator refuses on the host is refused by the kernel too, each refusal has a reason, whatever
# restores is counted, listed and killed, nothing is left in the cgroup, every restore context is
# freed (the module's pr_debug pair, through dyndbg), and the guest kernel log stays clean (the
# harness fails the run on any Oops or WARNING). The variants come from one of five seeds, which
# turns with the day (a failure names it): five days' runs restore 1500. `make fuzz` runs it with
# many thousands.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt27
out=/tmp/t27
N=$(cat "$VZREPO/build/hostile-n" 2>/dev/null || echo 300)
SEED=$((27 + 10#$(date +%j) % 5))
echo "# imgfuzz seed $SEED (test/progs/imgfuzz gen IMAGE $SEED N FIRST makes the variants)"
CHUNK=250
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
procs() { wc -l < $cg/cgroup.procs; }

# A CT of four processes: a counter writing a file, a shell, and sleep | cat joined by a pipe.
init=$($P/ctdrive run $cg sh -c "$P/counter 1 50 > $out/c 2>/dev/null & sleep 1000 | cat; wait")
for _ in $(seq 40); do [ "$(procs)" -ge 4 ] && [ -s $out/c ] && break; sleep 0.25; done
$P/ctdrive dump 27 "$init" $cg $out/good.img || { fail "dump of the CT"; done_testing; }
for _ in $(seq 100); do [ "$(procs)" = 0 ] && break; sleep 0.1; done
expect_eq "the dumped CT is gone" 0 "$(procs)"
$P/imgfuzz wrap $out/good.img > $out/good.stream && $P/ctdrive restoremany 27 $cg < $out/good.stream > $out/good.res
expect_eq "the unchanged image restores" "restored 4294967295" "$(cat $out/good.res)"

# Every restore context's creation and freeing, counted in the kernel log by chunk.
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
echo 'module vzrst format "context of CT" +p' > /sys/kernel/debug/dynamic_debug/control
created=0 freed=0
dmesg -C
: > $out/manifest
: > $out/results
t0=$(date +%s)
for ((first = 0; first < N; first += CHUNK)); do
	n=$((N - first < CHUNK ? N - first : CHUNK))
	$P/imgfuzz gen $out/good.img "$SEED" "$n" "$first" 2>> $out/manifest |
		$P/ctdrive restoremany 27 $cg >> $out/results 2> $out/ctdrive.err
	st=${PIPESTATUS[1]}
	[ "$st" = 0 ] || fail "ctdrive restoremany from $first: status $st: $(head -n 3 $out/ctdrive.err)"
	log=$(dmesg -c)
	created=$((created + $(grep -c 'context of CT 27 created' <<< "$log")))
	freed=$((freed + $(grep -c 'context of CT 27 freed' <<< "$log")))
done
t1=$(date +%s)
echo 'module vzrst format "context of CT" -p' > /sys/kernel/debug/dynamic_debug/control

expect_eq "$N variants each got a verdict" "$N" "$(grep -c '^refused\|^restored' $out/results)"
expect_eq "no variant left a task in the cgroup" 0 "$(grep -c '^left' $out/results)"
expect_eq "the cgroup is empty" 0 "$(procs)"
expect_eq "every refusal has a reason" 0 "$(grep -c '(no reason)' $out/results)"
expect_eq "every restore context was freed ($created created)" "$created" "$freed"
check "a context per variant was made" test "$created" -ge "$N"

# The kernel runs the same validator as the host: what it refused there, the kernel refuses here
# (but for bytes after the end record: the kernel stops reading there, as a stream reader must).
host_refused=$(grep -c ' host=refused ' $out/manifest)
missed=$(awk 'NR == FNR { if ($2 == "host=refused" && !/after the end record/) want[$1] = 1; next }
	$1 == "restored" && want[$2] { print $2 }' $out/manifest $out/results)
expect_eq "the $host_refused variants the validator refuses on the host are refused by the kernel" "" "$missed"
# The validator's own reasons reach the user; the rest are the restore's (a file that is not there).
by_validator=$(grep -c 'the image is refused: record\|the image is corrupt' $out/results)
check "most refusals come from the validator ($by_validator)" test "$by_validator" -ge $((host_refused * 9 / 10))
restored=$(grep -c '^restored' $out/results)
echo "# $N variants in $((t1 - t0)) s: $host_refused refused by the validator on the host," \
	"$((N - restored)) refused by the kernel ($by_validator by the validator), $restored restored"
# What restored is harmless: listed here, each with the change that was made.
awk 'NR == FNR { d[$1] = $0; next } $1 == "restored" { print "#   restored: " d[$2] }' \
	$out/manifest $out/results | cut -c1-200 | head -n 40
check "the restored variants are the few the validator accepts" test "$restored" -le $((N - host_refused))
done_testing
