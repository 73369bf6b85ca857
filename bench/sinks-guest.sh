#!/bin/bash
# Where the dump's time goes: one CT holding MIB MiB, dumped (suspended, staged --dump) into
# /dev/null, a pipe to bench/drain, and a tmpfs file, against dd and memcpy over the same sizes.
# /dev/null and the pipe show what the dump itself costs; perf profiles show where it goes.
# Usage: make stage && make -C bench && test/vm/run --mem 3072 bench/sinks-guest.sh [MIB]
set -u
B=$VZREPO/bench
M=${1:-256}
. "$B/lib.sh"
rate() { awk -v a="$1" -v b="$2" -v m="$3" 'BEGIN { printf "%.3f s %.1f MiB/s", b - a, m / (b - a) }'; }
modprobe vzcpt && modprobe vzrst || exit 1
ip addr add 10.1.1.1/32 dev lo
mkdir -p /bench && mount -t tmpfs -o size=1500m tmpfs /bench
t0=$(now); dd if=/dev/zero of=/bench/z bs=1M count="$M" status=none; t1=$(now); rm /bench/z
echo "SINK dd-tmpfs $(rate "$t0" "$t1" "$M")"
t0=$(now); dd if=/dev/zero of=/dev/null bs=256k count=$((M * 4)) status=none; t1=$(now)
echo "SINK dd-null $(rate "$t0" "$t1" "$M")"
t0=$(now); dd if=/dev/zero bs=256k count=$((M * 4)) status=none | "$B/drain" > /dev/null; t1=$(now)
echo "SINK dd-pipe-drain $(rate "$t0" "$t1" "$M")"
echo "SINK memcpy $("$B/membw" "$M" 2)"
vzctl create 101 --ipadd 10.1.1.101 > /dev/null || exit 1
vzctl set 101 --ram 2G --save > /dev/null
cp "$B/memhold.static" /vz/private/101/bin/memhold
vzctl start 101 > /dev/null || exit 1
vzctl exec 101 "memhold $M > /root/w.out 2>&1 &"
for _ in $(seq 600); do grep -q '^tick' /vz/private/101/root/w.out 2>/dev/null && break; sleep 0.5; done
for _ in 1 2; do
	vzctl chkpnt 101 --suspend > /dev/null || exit 1
	t0=$(now); vzctl chkpnt 101 --dump --dumpfile - > /dev/null; t1=$(now)
	echo "SINK dump-null $(rate "$t0" "$t1" "$M")"
	# timed to vzctl's return: the reader may see the end later
	t0=$(now); vzctl chkpnt 101 --dump --dumpfile - 2> /dev/null > >("$B/drain" > /dev/null); t1=$(now)
	echo "SINK dump-pipe-drain $(rate "$t0" "$t1" "$M")"
	t0=$(now); vzctl chkpnt 101 --dump --dumpfile - 2> /dev/null > >("$B/drain" -s > /dev/null); t1=$(now)
	echo "SINK dump-pipe-splice $(rate "$t0" "$t1" "$M")"
	t0=$(now); vzctl chkpnt 101 --dump --dumpfile /bench/img > /dev/null; t1=$(now)
	echo "SINK dump-tmpfs $(rate "$t0" "$t1" "$M") $(stat -c %s /bench/img) bytes"
	vzctl chkpnt 101 --resume > /dev/null || exit 1
done
if command -v perf > /dev/null; then
	vzctl chkpnt 101 --suspend > /dev/null || exit 1
	perf record -q -a -e cpu-clock -F 2000 -o /tmp/perf.dump -- sh -c "vzctl chkpnt 101 --dump --dumpfile /bench/img2 > /dev/null" 2> /dev/null
	vzctl chkpnt 101 --resume > /dev/null
	echo "PERF dump to tmpfs"
	perf report -q -i /tmp/perf.dump --stdio --sort sym 2> /dev/null | head -n 25
	rm -f /bench/img2
	vzctl chkpnt 101 --suspend > /dev/null || exit 1
	perf record -q -a -e cpu-clock -F 2000 -o /tmp/perf.pipe -- sh -c "vzctl chkpnt 101 --dump --dumpfile - 2> /dev/null | $B/drain > /dev/null" 2> /dev/null
	vzctl chkpnt 101 --resume > /dev/null
	echo "PERF dump into a pipe"
	perf report -q -i /tmp/perf.pipe --stdio --sort comm,sym 2> /dev/null | head -n 25
fi
vzctl stop 101 --fast > /dev/null
if command -v perf > /dev/null; then
	perf record -q -a -e cpu-clock -F 2000 -o /tmp/perf.rst -- sh -c "vzctl restore 101 --undump --dumpfile /bench/img > /dev/null" 2> /dev/null
	vzctl restore 101 --kill > /dev/null
	echo "PERF undump from tmpfs"
	perf report -q -i /tmp/perf.rst --stdio --sort sym 2> /dev/null | head -n 25
fi
t0=$(now); vzctl restore 101 --undump --dumpfile /bench/img > /dev/null; t1=$(now)
echo "SINK undump-tmpfs $(rate "$t0" "$t1" "$M")"
vzctl restore 101 --resume > /dev/null
sleep 1
for p in $(pgrep -x memhold); do kill -USR1 "$p"; done
for _ in $(seq 120); do grep -qE '^(verified|CORRUPT)' /vz/private/101/root/w.out && break; sleep 0.5; done
grep -E '^(verified|CORRUPT)' /vz/private/101/root/w.out || echo "no verification answer"
vzctl stop 101 --fast > /dev/null
