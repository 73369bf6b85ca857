#!/bin/bash
# The migration-freeze benchmark, in the test VM (one boot): a busybox CT runs bench/dirtier, which
# holds MIB MiB and keeps rewriting a working set of WS MiB of it, and is checkpointed the two ways
# an online vzmigrate does, into a tmpfs file instead of ssh (one guest, not two):
#   plain:     vzctl chkpnt --suspend; --dump; --resume          (vzmigrate --online --noiter)
#   iterative: vzctl chkpnt --iterative --suspend; --dump; --resume   (vzmigrate --online)
# The CT is frozen from the suspend's start to the resume's end; for the iterative way from the
# start of the suspend after the passes (vzctl says how long it took). Figures as "BENCH ..." lines.
# Usage (in the guest): bench/migfreeze-guest.sh REPS MIB:WS...
set -u
B=$VZREPO/bench
CT=101
IMG=/bench/img
REPS=${1:-3}
shift
CASES=${*:-64:1 256:1 256:16}

log() { echo "# $(date +%T) $*"; echo "bench: $*" > /dev/kmsg; }
die() { echo "BENCH fatal msg=\"$*\""; exit 1; }
now() { date +%s.%N; }
dt() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }

modprobe vzcpt && modprobe vzrst || die "modules do not load"
ip addr add 10.1.1.1/32 dev lo
mkdir -p /bench && mount -t tmpfs -o size=1200m tmpfs /bench || die "no tmpfs for the images"
mkdir -p $IMG
vzctl create $CT --hostname ct$CT > /tmp/create.log 2>&1 || die "create: $(cat /tmp/create.log)"
vzctl set $CT --ram 1G --save > /dev/null || die "set"
cp "$B/dirtier.static" /vz/private/$CT/bin/dirtier || die "cp dirtier"
OUT=/vz/private/$CT/root/d.out
echo "BENCH vm cpus=$(nproc) memtotal_kib=$(awk '/MemTotal/ {print $2}' /proc/meminfo) kernel=$(uname -r)"

for c in $CASES; do
	mib=${c%%:*} ws=${c##*:}
	log "case $mib MiB, working set $ws MiB"
	vzctl start $CT > /tmp/start.log 2>&1 || die "start: $(cat /tmp/start.log)"
	: > $OUT
	vzctl exec $CT "dirtier $mib $ws > /root/d.out 2>&1 < /dev/null &"
	for _ in $(seq 600); do grep -q '^ready' $OUT && break; sleep 0.5; done
	grep -q '^ready' $OUT || die "dirtier $mib $ws is not ready: $(cat $OUT)"
	sleep 2
	for r in $(seq "$REPS"); do
		rm -f $IMG/*
		t0=$(now)
		vzctl chkpnt $CT --suspend > /tmp/p.log 2>&1 &&
			vzctl chkpnt $CT --dump --dumpfile $IMG/plain >> /tmp/p.log 2>&1 &&
			vzctl chkpnt $CT --resume >> /tmp/p.log 2>&1 || die "plain rep $r: $(cat /tmp/p.log)"
		t1=$(now)
		plain_bytes=$(stat -c %s $IMG/plain)
		rm -f $IMG/*
		sleep 2
		t2=$(now)
		vzctl chkpnt $CT --iterative --suspend --dumpfile $IMG/iter > /tmp/i.log 2>&1 || die "iterative rep $r: $(cat /tmp/i.log)"
		t3=$(now)
		vzctl chkpnt $CT --dump --dumpfile $IMG/iter >> /tmp/i.log 2>&1 &&
			vzctl chkpnt $CT --resume >> /tmp/i.log 2>&1 || die "iterative rep $r: $(cat /tmp/i.log)"
		t4=$(now)
		ms=$(sed -n 's/.*suspended in \([0-9.]*\) ms.*/\1/p' /tmp/i.log)
		passes=$(grep -c 'pre-copy pass' /tmp/i.log)
		pages=$(sed -n 's/.*pre-copy pass [0-9]*: \([0-9]*\) pages.*/\1/p' /tmp/i.log | paste -sd, -)
		pfrozen=$(sed -n 's/.*frozen \([0-9.]*\) ms$/\1/p' /tmp/i.log | paste -sd, -)
		final=$(vzctl dumpinfo $IMG/iter 2>/dev/null | sed -n 's/.*summary:.* page_bytes=\([0-9]*\).*/\1/p')
		echo "BENCH migfreeze mib=$mib ws=$ws rep=$r plain_frozen_s=$(dt "$t0" "$t1") plain_bytes=$plain_bytes" \
			"iter_frozen_s=$(awk -v a="$t3" -v b="$t4" -v m="${ms:-0}" 'BEGIN { printf "%.4f", b - a + m / 1000 }')" \
			"iter_total_s=$(dt "$t2" "$t4") iter_bytes=$(stat -c %s $IMG/iter) final_page_bytes=${final:-?}" \
			"passes=$passes pass_pages=$pages pass_frozen_ms=$pfrozen"
		sleep 2
	done
	# The workload checks its whole memory once more: it ran through every freeze.
	vzctl exec $CT 'kill -USR1 $(pidof dirtier)'
	for _ in $(seq 120); do grep -q '^verified\|^CORRUPT' $OUT && break; sleep 0.5; done
	echo "BENCH verify mib=$mib ws=$ws result=\"$(grep -m1 '^verified\|^CORRUPT' $OUT || echo none)\""
	vzctl stop $CT --fast > /dev/null 2>&1
done
log "done"
