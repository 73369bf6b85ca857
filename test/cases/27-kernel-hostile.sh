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
# harness fails the run on any Oops or WARNING). Then the same for half as many variants of a
# second CT, with a network namespace and sockets of most kinds (below). The variants come from
# one of five seeds, which
# turns with the day (a failure names it): five days' runs restore 1500. `make fuzz` runs it with
# many thousands.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt27
out=/tmp/t27
N=$(cat "$VZREPO/build/hostile-n" 2>/dev/null || echo 300)
NNET=$(((N + 1) / 2))
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

# sweep TAG IMAGE N: N variants of IMAGE (seed $SEED), each undumped into a new CT, with every
# verdict checked. Every restore context's creation and freeing is counted in the kernel log.
sweep() {
	local tag=$1 good=$2 n=$3 first created=0 freed=0 log st t0 t1 host_refused missed
	local by_validator restored chunk
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	echo 'module vzrst format "context of CT" +p' > /sys/kernel/debug/dynamic_debug/control
	dmesg -C
	: > $out/$tag.manifest
	: > $out/$tag.results
	t0=$(date +%s)
	for ((first = 0; first < n; first += CHUNK)); do
		chunk=$((n - first < CHUNK ? n - first : CHUNK))
		$P/imgfuzz gen $good "$SEED" "$chunk" "$first" 2>> $out/$tag.manifest |
			$P/ctdrive restoremany 27 $cg >> $out/$tag.results 2> $out/$tag.ctdrive.err
		st=${PIPESTATUS[1]}
		[ "$st" = 0 ] || fail "$tag: ctdrive restoremany from $first: status $st: $(head -n 3 $out/$tag.ctdrive.err)"
		log=$(dmesg -c)
		created=$((created + $(grep -c 'context of CT 27 created' <<< "$log")))
		freed=$((freed + $(grep -c 'context of CT 27 freed' <<< "$log")))
	done
	t1=$(date +%s)
	echo 'module vzrst format "context of CT" -p' > /sys/kernel/debug/dynamic_debug/control

	expect_eq "$tag: $n variants each got a verdict" "$n" "$(grep -c '^refused\|^restored' $out/$tag.results)"
	expect_eq "$tag: no variant left a task in the cgroup" 0 "$(grep -c '^left' $out/$tag.results)"
	expect_eq "$tag: the cgroup is empty" 0 "$(procs)"
	expect_eq "$tag: every refusal has a reason" 0 "$(grep -c '(no reason)' $out/$tag.results)"
	expect_eq "$tag: every restore context was freed ($created created)" "$created" "$freed"
	check "$tag: a context per variant was made" test "$created" -ge "$n"

	# The kernel runs the same validator as the host: what it refused there, the kernel refuses
	# here (but for bytes after the end record: the kernel stops reading there, as a stream
	# reader must).
	host_refused=$(grep -c ' host=refused ' $out/$tag.manifest)
	missed=$(awk 'NR == FNR { if ($2 == "host=refused" && !/after the end record/) want[$1] = 1; next }
		$1 == "restored" && want[$2] { print $2 }' $out/$tag.manifest $out/$tag.results)
	expect_eq "$tag: the $host_refused variants the validator refuses on the host are refused by the kernel" "" "$missed"
	# The validator's own reasons reach the user; the rest are the restore's (a file that is not there).
	by_validator=$(grep -c 'the image is refused: record\|the image is corrupt' $out/$tag.results)
	check "$tag: most refusals come from the validator ($by_validator)" \
		test "$by_validator" -ge $((host_refused * 9 / 10))
	restored=$(grep -c '^restored' $out/$tag.results)
	echo "# $tag: $n variants in $((t1 - t0)) s: $host_refused refused by the validator on the host," \
		"$((n - restored)) refused by the kernel ($by_validator by the validator), $restored restored"
	# What restored is harmless: listed here, each with the change that was made.
	awk 'NR == FNR { d[$1] = $0; next } $1 == "restored" { print "#   restored: " d[$2] }' \
		$out/$tag.manifest $out/$tag.results | cut -c1-200 | head -n 40
	check "$tag: the restored variants are the few the validator accepts" \
		test "$restored" -le $((n - host_refused))
}
sweep tasks $out/good.img "$N"

# A CT with a network namespace of its own and sockets of most kinds the image carries, each
# set up by a catalog program (test/progs, the same as test 41's) in its own directory: the
# namespace's devices, addresses and routes, TCP listeners with connections queued and in
# their handshake, connections (ended, reset, with options of their own), a failed connect(),
# orphans, UDP with datagrams and multicast groups, raw, packet and netlink sockets, socket
# filters, unix sockets with files in flight. Its variants go through the same sweep.
export CTDRIVE_NETNS=1
NETPROGS="mcast00 tcpopts00 tcpsofterr00 tcpconnfail00 tcpacceptqrst00 tcpacceptq00 tcpsynq00
	tcporphan00 udp00 raw00 packet00 netlink00 sockfilter00 unixfd00 unixpair00"
script=""
for p in $NETPROGS; do
	rm -rf $out/net/$p; mkdir -p $out/net/$p
	script="$script cd $out/net/$p && $P/$p.static $out/net/$p > $out/net/$p/out 2>&1 &"
done
init=$($P/ctdrive run $cg sh -c "$script wait")
unready=""
for _ in $(seq 150); do
	unready=$(for p in $NETPROGS; do grep -q '^ready' $out/net/$p/out 2>/dev/null || echo $p; done)
	[ -z "$unready" ] && break
	sleep 0.2
done
expect_eq "the socket CT's programs are ready" "" "$(echo $unready)"
$P/ctdrive dump 27 "$init" $cg $out/net.img || { fail "dump of the socket CT"; done_testing; }
for _ in $(seq 100); do [ "$(procs)" = 0 ] && break; sleep 0.1; done
expect_eq "the dumped socket CT is gone" 0 "$(procs)"
vzctl dumpinfo $out/net.img > $out/net.info 2>&1 || fail "dumpinfo of the socket CT: $(tail -n 1 $out/net.info)"
for k in tcp_opts mcast tcp_req tcp_queue sock_filter packet netlink dgram netaddr; do
	check "the socket CT's image has $k records" grep -q "^ *$k:" $out/net.info
done
$P/imgfuzz wrap $out/net.img > $out/net.stream && $P/ctdrive restoremany 27 $cg < $out/net.stream > $out/net.res
expect_eq "the socket CT's unchanged image restores" "restored 4294967295" "$(cat $out/net.res)"
sweep sockets $out/net.img "$NNET"
done_testing
