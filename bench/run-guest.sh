#!/bin/bash
# The benchmark, in the test VM (one boot): each case runs on one busybox CT (vzctl create/start:
# own pid/mount/UTS/IPC/net namespaces, veth, cgroup vz/101) and is checkpointed and restored
# alternately with vzctl and with CRIU, REPS times each. Every figure goes to stdout as a
# "BENCH key=value ..." line; bench/report turns them into bench/RESULTS.md.
# migN is one case of make bench-migfreeze (bench/mig.sh): a CT of N MiB rewriting 1 % of it,
# checkpointed by both tools with and without pre-copy while it runs on.
# tcpN: N established TCP connections from a client on the host (bench/tcpclient) to a server
# in the CT (bench/tcpecho), each echoing sequence numbers without pause; the client's longest
# wait for an echo across the checkpoint and restore is the stall. CRIU gets --tcp-established.
# debian: issue 14's Debian CT with its services and two clients (bench/debian.sh).
# Usage (in the guest): bench/run-guest.sh [REPS [CASES...]]   CASES: mem16 proc10 files1000 mig256 tcp100 debian ...
set -u
B=$VZREPO/bench
CT=101
CG=/sys/fs/cgroup/vz/$CT
IMG=/bench/img
REPS=${1:-3}
shift
CASES=${*:-mem16 mem64 mem256 mem512 proc1 proc10 proc100 proc1000 files10 files1000 files10000 tcp1 tcp100 tcp1000 mig256 debian}
OPTO=1800	# no single operation may take longer (s)
. "$B/lib.sh"
. "$B/mig.sh"

modprobe vzcpt && modprobe vzrst || die "modules do not load"
ip addr add 10.1.1.1/32 dev lo
mkdir -p /bench && mount -t tmpfs -o size=2600m tmpfs /bench || die "no tmpfs for the images"
mkdir -p $IMG

# --- the VM and the limit: memory-to-tmpfs write bandwidth and memory-copy bandwidth
echo "BENCH vm cpus=$(nproc) memtotal_kib=$(awk '/MemTotal/ {print $2}' /proc/meminfo) kernel=$(uname -r) criu=\"$(criu --version | head -n1 | sed 's/Version: //')\" cpu=\"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)\""
for r in 1 2 3; do
	t0=$(now)
	dd if=/dev/zero of=/bench/zero bs=1M count=512 status=none || die "dd"
	t1=$(now)
	rm -f /bench/zero
	echo "BENCH bw rep=$r dd_tmpfs_mibs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 512 / (b - a) }')"
done
for r in 1 2 3; do
	echo "BENCH bw rep=$r memcpy_mibs=$("$B/membw" 256 4 | awk '{print $2}')"
done

# --- the CT
vzctl create $CT --hostname ct$CT --ipadd 10.1.1.$CT > /tmp/create.log 2>&1 || die "create: $(cat /tmp/create.log)"
vzctl set $CT --ram 3G --numproc 2100 --save > /dev/null || die "set"
for w in memhold spawner fileholder dirtier tcpecho; do cp "$B/$w.static" /vz/private/$CT/bin/$w || die "cp $w"; done
OUT=/vz/private/$CT/root/w.out

initpid() { cat /var/run/vz/$CT.pid; }
# The workload's main process, seen from the host: the one of that name whose parent is not.
wpid() {
	local p pp
	for p in $(cat $CG/cgroup.procs); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = "$WNAME" ] || continue
		pp=$(awk '/^PPid:/ {print $2}' /proc/$p/status)
		[ "$(cat /proc/$pp/comm 2>/dev/null)" = "$WNAME" ] || { echo $p; return; }
	done
}
# Ask the workload for a full verification and wait for its answer (or its failure).
# VERIFY names what checks the CT after a restore: verify, or the debian case's own.
VERIFY=verify
VSEQ=0
verify() {
	local p
	p=$(wpid)
	[ -n "$p" ] || { echo "no workload process"; return 1; }
	VSEQ=$((VSEQ + 1))
	kill -USR1 "$p" || return 1
	for _ in $(seq 1200); do
		grep -q "^verified $VSEQ\b" $OUT && return 0
		grep -q CORRUPT $OUT && { grep CORRUPT $OUT | head -n 1; return 1; }
		kill -0 "$p" 2>/dev/null || { echo "workload died"; return 1; }
		sleep 0.5
	done
	echo "no answer"
	return 1
}
# The TCP client's report once every connection was answered again: STALL, the longest wait for
# an echo since its last report (s); fails unless all connections live and every echo was right.
CSEQ=0
client_report() {
	local line
	STALL=nan
	[ -n "${CLIENT:-}" ] || return 0
	CSEQ=$((CSEQ + 1))
	kill -USR1 "$CLIENT" || { echo "the TCP client is gone"; return 1; }
	for _ in $(seq 300); do
		line=$(grep "^report seq=$CSEQ " /tmp/client.out) && break
		sleep 0.5
	done
	[ -n "$line" ] || { echo "the TCP client never reported"; return 1; }
	STALL=$(echo "$line" | sed -n 's/.* stall=\([0-9.]*\).*/\1/p')
	echo "$line" | grep -q " alive=$TCPN bad=0 .* stuck=0\$" || { echo "TCP client: $line"; return 1; }
}
# The CT's memory: anon + shmem of its cgroup (what a dump must carry), in KiB.
ctmem() { awk '$1 == "anon" || $1 == "shmem" { s += $2 } END { print int(s / 1024) }' $CG/memory.stat; }

# Watchers: frozen time seen from outside and the kernel memory peak.
# start_watch [-d DIR]: with -d, also when an image is renamed into DIR.
start_watch() {
	"$B/kmemwatch" > /tmp/km.out & KM=$!
	"$B/cgwatch" "$@" $CG > /tmp/cg.out & CW=$!
	for _ in $(seq 100); do
		grep -q ready /tmp/km.out && grep -q ready /tmp/cg.out && return
		sleep 0.05
	done
}
stop_watch() {
	kill -TERM $KM; wait $KM
	kill -TERM $CW 2>/dev/null; wait $CW
	FROZEN_CG=$(awk '/^frozen/ {print $2}' /tmp/cg.out)
	DUMPED=$(awk '/^dumped/ && $2 >= 0 {print $2}' /tmp/cg.out)
	KSLAB=$(awk '/^slab/ {print $2}' /tmp/km.out)
	KNONLRU=$(awk '/^slab/ {print $4}' /tmp/km.out)
}

ours() {
	local case=$1 rep=$2 mem t0 t1 t2 t3 ok=1 why="" size
	mem=$(ctmem)
	client_report > /dev/null || { echo "BENCH run case=$case tool=ours rep=$rep ok=0 why=\"before: the TCP client failed\""; return 1; }
	rm -f $IMG/ours.img
	start_watch -d $IMG
	t0=$(now)
	timeout $OPTO vzctl chkpnt $CT --dumpfile $IMG/ours.img > /tmp/op.log 2>&1 || { ok=0; why="chkpnt: $(tr '\n' ' ' < /tmp/op.log)"; }
	t1=$(now)
	stop_watch
	size=$(stat -c %s $IMG/ours.img 2>/dev/null || echo 0)
	t2=$(now)
	[ $ok = 1 ] && { timeout $OPTO vzctl restore $CT --dumpfile $IMG/ours.img > /tmp/op.log 2>&1 || { ok=0; why="restore: $(tr '\n' ' ' < /tmp/op.log)"; }; }
	t3=$(now)
	rm -f $IMG/ours.img
	if [ $ok = 1 ]; then v=$($VERIFY) || { ok=0; why="verify: $v"; }; fi
	if [ $ok = 1 ]; then client_report > /tmp/cr.out || { ok=0; why="tcp: $(cat /tmp/cr.out)"; }; fi
	echo "BENCH run case=$case tool=ours rep=$rep chkpnt=$(dt $t0 $t1) restore=$(dt $t2 $t3) frozen=${DUMPED:-nan} frozen_to=dump frozen_cg=$FROZEN_CG stall=$STALL image=$size ctmem_kib=$mem kslab_kib=$KSLAB knonlru_kib=$KNONLRU ok=$ok why=\"$why\""
	[ $ok = 1 ]
}

criu_run() {
	local case=$1 rep=$2 mem t0 t1 t2 t3 ok=1 why="" size frozen
	mem=$(ctmem)
	client_report > /dev/null || { echo "BENCH run case=$case tool=criu rep=$rep ok=0 why=\"before: the TCP client failed\""; return 1; }
	rm -rf $IMG/criu && mkdir -p $IMG/criu
	start_watch
	t0=$(now)
	timeout $OPTO criu dump -t "$(initpid)" -D $IMG/criu -o /tmp/criu-dump.log \
		--ext-mount-map /dev/console:console --freeze-cgroup $CG --manage-cgroups=soft $TCPOPT ||
		{ ok=0; why="dump: $(grep Error /tmp/criu-dump.log | head -n 3 | tr '\n' ' ')"; }
	t1=$(now)
	stop_watch
	size=$(du -sb --apparent-size $IMG/criu | awk '{print $1}')
	frozen=$(crit decode -i $IMG/criu/stats-dump 2>/dev/null | tr -d ' \n' | sed -n 's/.*"frozen_time":\([0-9]*\).*/\1/p' | awk '{ printf "%.4f", $1 / 1e6 }')
	t2=$(now)
	rm -f /tmp/criu.pid	# criu will not overwrite its pidfile
	if [ $ok = 1 ]; then
		timeout $OPTO criu restore -D $IMG/criu -o /tmp/criu-restore.log --root /vz/root/$CT \
			--ext-mount-map console:/dev/null --veth-pair eth0=veth$CT --manage-cgroups=soft \
			-d --pidfile /tmp/criu.pid $TCPOPT &&
			# What vzctl restore does for the CT's network on the host side too.
			ip link set veth$CT up && ip route replace 10.1.1.$CT dev veth$CT ||
			{ ok=0; why="restore: $(grep Error /tmp/criu-restore.log | head -n 3 | tr '\n' ' ')"; }
	fi
	t3=$(now)
	# vzctl knows the CT by its init's pid: the restored init is a new host process.
	[ $ok = 1 ] && cp /tmp/criu.pid /var/run/vz/$CT.pid
	# CRIU's network lock (--tcp-established) leaves its nftables tables in the CT, which our
	# next dump would carry as the CT's own: the CT had none before.
	[ $ok = 1 ] && [ -n "$TCPOPT" ] && nsenter -t "$(initpid)" -n nft flush ruleset
	rm -rf $IMG/criu
	if [ $ok = 1 ]; then v=$($VERIFY) || { ok=0; why="verify: $v"; }; fi
	if [ $ok = 1 ]; then client_report > /tmp/cr.out || { ok=0; why="tcp: $(cat /tmp/cr.out)"; }; fi
	echo "BENCH run case=$case tool=criu rep=$rep chkpnt=$(dt $t0 $t1) restore=$(dt $t2 $t3) frozen=${frozen:-nan} frozen_cg=$FROZEN_CG stall=$STALL image=$size ctmem_kib=$mem kslab_kib=$KSLAB knonlru_kib=$KNONLRU ok=$ok why=\"$why\""
	[ $ok = 1 ]
}

# Our dump alone, of a suspended CT that then resumes: into a tmpfs file and into a pipe whose reader
# drops it. The throughput a dump reaches without suspend, kill and restore around it.
staged() {
	local case=$1 rep=$2 t0 t1 bytes
	vzctl chkpnt $CT --suspend > /dev/null || return 1
	t0=$(now)
	vzctl chkpnt $CT --dump --dumpfile $IMG/staged.img > /dev/null || return 1
	t1=$(now)
	bytes=$(stat -c %s $IMG/staged.img)
	rm -f $IMG/staged.img
	echo "BENCH staged case=$case rep=$rep sink=tmpfs dump=$(dt $t0 $t1) bytes=$bytes"
	# Into a pipe the pages go by reference and --dump returns once its reader has them all. The
	# reader (bench/drain) takes 1 MiB a read, as large as vzctl makes the pipe.
	rm -f /tmp/pipe.n
	t0=$(now)
	vzctl chkpnt $CT --dump --dumpfile - 2> /dev/null > >("$B/drain" > /tmp/pipe.n) || return 1
	t1=$(now)
	vzctl chkpnt $CT --resume > /dev/null || return 1
	for _ in $(seq 100); do [ -s /tmp/pipe.n ] && break; sleep 0.1; done
	echo "BENCH staged case=$case rep=$rep sink=pipe dump=$(dt $t0 $t1) bytes=$(cat /tmp/pipe.n)"
	# The same with a reader that splices the pipe into /dev/null and never copies.
	vzctl chkpnt $CT --suspend > /dev/null || return 1
	rm -f /tmp/pipe.n
	t0=$(now)
	vzctl chkpnt $CT --dump --dumpfile - 2> /dev/null > >("$B/drain" -s > /tmp/pipe.n) || return 1
	t1=$(now)
	vzctl chkpnt $CT --resume > /dev/null || return 1
	for _ in $(seq 100); do [ -s /tmp/pipe.n ] && break; sleep 0.1; done
	echo "BENCH staged case=$case rep=$rep sink=splice dump=$(dt $t0 $t1) bytes=$(cat /tmp/pipe.n)"
}

start_case() {
	local cmd
	CLIENT=""
	TCPOPT=""
	case $1 in
	mem*) WNAME=memhold; cmd="memhold ${1#mem}" ;;
	proc*) WNAME=spawner; cmd="spawner ${1#proc}" ;;
	files*) WNAME=fileholder; cmd="fileholder ${1#files} /root/files" ;;
	tcp*) WNAME=tcpecho; TCPN=${1#tcp}; cmd="tcpecho $TCPN 5000"; TCPOPT=--tcp-established ;;
	esac
	vzctl start $CT > /tmp/start.log 2>&1 || die "start: $(cat /tmp/start.log)"
	rm -f $OUT
	vzctl exec $CT "setsid $cmd > /root/w.out 2>&1 < /dev/null &" || die "exec $cmd"
	[ -n "$TCPOPT" ] && start_client
	for _ in $(seq 1200); do grep -q '^ready' $OUT 2>/dev/null && break; sleep 0.5; done
	grep -q '^ready' $OUT || die "$cmd never got ready: $(head -c 300 $OUT)"
	VSEQ=0
	verify > /dev/null || die "$cmd does not verify before any dump"
}

# The client on the host, once the server in the CT listens.
start_client() {
	for _ in $(seq 40); do
		"$B/tcpclient" "$TCPN" 10.1.1.$CT 5000 > /tmp/client.out 2>&1 & CLIENT=$!
		for _ in $(seq 600); do grep -q '^ready\|^FAIL' /tmp/client.out && break; sleep 0.1; done
		grep -q '^ready' /tmp/client.out && { CSEQ=0; return; }
		wait $CLIENT
		sleep 0.5
	done
	die "the TCP client cannot connect: $(cat /tmp/client.out)"
}

stop_case() {
	[ -n "${CLIENT:-}" ] && { kill $CLIENT; wait $CLIENT; CLIENT=""; }
	vzctl stop $CT --fast > /tmp/stop.log 2>&1 || {
		log "stop failed: $(cat /tmp/stop.log); killing the cgroup"
		echo 1 > $CG/cgroup.kill; sleep 1
		vzctl stop $CT --fast > /dev/null 2>&1
	}
}

. "$B/debian.sh"

for c in $CASES; do
	log "case $c"
	case $c in debian) debian_case "$REPS"; continue ;; esac
	case $c in mig*) mig_case "${c#mig}" "$(awk -v m="${c#mig}" 'BEGIN { print m / 100 }')" "$REPS"; continue ;; esac
	start_case $c
	for r in $(seq "$REPS"); do
		log "$c rep $r: vzctl"
		ours $c $r || { log "$c: vzctl failed, the CT restarts"; stop_case; start_case $c; }
		log "$c rep $r: criu"
		criu_run $c $r || { log "$c: criu failed, the CT restarts"; stop_case; start_case $c; }
	done
	case $c in mem*) for r in $(seq "$REPS"); do staged $c $r || log "$c: staged dump failed"; done ;; esac
	stop_case
done
log "done"
