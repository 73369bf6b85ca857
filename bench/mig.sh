# The migration-freeze measurements (sourced after bench/lib.sh, not run), shared by
# bench/migfreeze-guest.sh (the sweep, make bench-migfreeze) and bench/run-guest.sh (its mig case,
# make bench). The caller sets B (the bench directory), CT and IMG (a tmpfs directory for the
# images) and has created CT with room for the workload and bench/dirtier.static in its /bin.
#
# One case: the CT runs bench/dirtier MIB WS (MIB MiB, of which a working set of WS MiB is
# rewritten every 10 ms), and each repetition checkpoints it four ways, the CT running on after
# each, into tmpfs (one guest: no network in between):
#   ours plain:    vzctl chkpnt --suspend; --dump; --resume     (vzmigrate --online --noiter)
#   ours precopy:  vzctl chkpnt --iterative --suspend; --dump; --resume   (vzmigrate --online)
#   ours snapshot: vzctl chkpnt --iterative --keep-running       (the same in one vzctl)
#   criu plain:    criu dump --leave-running
#   criu precopy:  criu pre-dump --track-mem (passes, with vzctl's stop rule), then criu dump
#                  --track-mem --prev-images-dir ../N --leave-running
# What "frozen" is, for each:
#   ours: from the start of the suspend to the end of the resume, seen from outside (the
#         passes' own short freezes apart): for pre-copy, vzctl's "suspended in" figure plus the
#         wall time of --dump and --resume; every vzctl start inside it counts.
#   criu: frozen_time of the final dump's stats-dump: CRIU's own clock from the freeze of the
#         tasks to their return to running (after the network unlock, --leave-running); the
#         pre-dumps' own short freezes apart, as ours. CRIU's start and its collection of the
#         process tree before the freeze are outside it.
# Every line is "BENCH mig tool=T way=W mib= ws= rep= frozen_s= total_s= passes= pass_pages=
# pass_bytes= pass_frozen_ms= final_pages= final_bytes= bytes=" plus tool-specific figures:
# pass_* are the pre-copy passes (comma-separated), final_* what the frozen dump wrote itself,
# bytes everything written (the image file; CRIU's directories), total_s from the first pass's
# start to the CT running again.
# shellcheck shell=bash

MIG_OUT=/vz/private/$CT/root/d.out
MIG_CG=/sys/fs/cgroup/vz/$CT
# The stop rule of vzctl chkpnt --iterative (utils/vzctl/cmd_chkpnt.c), for CRIU's pre-dumps too.
MIG_PASSES=8
MIG_FEW=1000
MIG_PAGE=4096
MIG_CRIU_OPTS=(--ext-mount-map /dev/console:console --freeze-cgroup "$MIG_CG" --manage-cgroups=soft)

mig_initpid() { cat /var/run/vz/$CT.pid; }

# Figures of a CRIU stats-dump: criu_stats DIR KEY... prints their values (0 if absent).
criu_stats() {
	local d=$1
	shift
	crit decode -i "$d/stats-dump" 2>/dev/null | python3 -c '
import json, sys
try:
    e = json.load(sys.stdin)["entries"][0]["dump"]
except Exception:
    e = {}
print(" ".join(str(e.get(k, 0)) for k in sys.argv[1:]))' "$@"
}

# Whether pass N of PAGES pages (FIRST the first's, PREV the one before) is the last (vzctl's rule).
mig_last_pass() {
	local n=$1 pages=$2 first=$3 prev=$4
	[ "$n" -ge $MIG_PASSES ] || [ "$pages" -lt $MIG_FEW ] || [ "$pages" -lt $((first / 16)) ] ||
		{ [ "$n" -gt 1 ] && [ "$pages" -ge "$prev" ]; }
}

mig_start() {
	local mib=$1 ws=$2
	vzctl start $CT > /tmp/start.log 2>&1 || die "start: $(cat /tmp/start.log)"
	: > "$MIG_OUT"
	# Its own session: CRIU dumps only sessions whose leader is in the CT.
	vzctl exec $CT "setsid dirtier $mib $ws > /root/d.out 2>&1 < /dev/null &" || die "exec dirtier"
	for _ in $(seq 1200); do grep -q '^ready' "$MIG_OUT" && break; sleep 0.5; done
	grep -q '^ready' "$MIG_OUT" || die "dirtier $mib $ws is not ready: $(cat "$MIG_OUT")"
	sleep 2
}

mig_ours_plain() {
	local mib=$1 ws=$2 rep=$3 t0 t1 bytes
	rm -rf "${IMG:?}"/ours
	t0=$(now)
	vzctl chkpnt $CT --suspend > /tmp/p.log 2>&1 &&
		vzctl chkpnt $CT --dump --dumpfile $IMG/ours >> /tmp/p.log 2>&1 &&
		vzctl chkpnt $CT --resume >> /tmp/p.log 2>&1 || die "ours plain $mib:$ws rep $rep: $(cat /tmp/p.log)"
	t1=$(now)
	bytes=$(stat -c %s $IMG/ours)
	rm -f $IMG/ours
	echo "BENCH mig tool=ours way=plain mib=$mib ws=$ws rep=$rep frozen_s=$(dt "$t0" "$t1") total_s=$(dt "$t0" "$t1")" \
		"passes=0 pass_pages= pass_bytes= pass_frozen_ms= final_pages=$((bytes / MIG_PAGE)) final_bytes=$bytes bytes=$bytes"
}

mig_ours_precopy() {
	local mib=$1 ws=$2 rep=$3 t0 t1 t2 t3 t4 td ms passes pages pbytes pfrozen final bytes
	rm -rf "${IMG:?}"/ours
	t0=$(now)
	vzctl chkpnt $CT --iterative --suspend --dumpfile $IMG/ours > /tmp/i.log 2>&1 ||
		die "ours precopy $mib:$ws rep $rep: $(cat /tmp/i.log)"
	t1=$(now)
	vzctl chkpnt $CT --dump --dumpfile $IMG/ours >> /tmp/i.log 2>&1 || die "ours precopy $mib:$ws rep $rep: $(cat /tmp/i.log)"
	td=$(now)
	vzctl chkpnt $CT --resume >> /tmp/i.log 2>&1 || die "ours precopy $mib:$ws rep $rep: $(cat /tmp/i.log)"
	t2=$(now)
	# What starting a vzctl costs here, two of which are inside the freeze.
	t3=$(now)
	vzctl status $CT > /dev/null 2>&1
	t4=$(now)
	ms=$(sed -n 's/.*suspended in \([0-9.]*\) ms.*/\1/p' /tmp/i.log)
	passes=$(grep -c 'pre-copy pass' /tmp/i.log)
	pages=$(sed -n 's/.*pre-copy pass [0-9]*: \([0-9]*\) pages.*/\1/p' /tmp/i.log | paste -sd, -)
	pbytes=$(sed -n 's/.*pre-copy pass [0-9]*: [0-9]* pages, \([0-9]*\) bytes.*/\1/p' /tmp/i.log | paste -sd, -)
	pfrozen=$(sed -n 's/.*pre-copy pass .*frozen \([0-9.]*\) ms$/\1/p' /tmp/i.log | paste -sd, -)
	final=$(vzctl dumpinfo $IMG/ours 2>/dev/null | sed -n 's/.*summary:.* page_bytes=\([0-9]*\).*/\1/p')
	bytes=$(stat -c %s $IMG/ours)
	rm -f $IMG/ours
	echo "BENCH mig tool=ours way=precopy mib=$mib ws=$ws rep=$rep" \
		"frozen_s=$(awk -v a="$t1" -v b="$t2" -v m="${ms:-nan}" 'BEGIN { printf "%.4f", b - a + m / 1000 }')" \
		"total_s=$(dt "$t0" "$t2") passes=$passes pass_pages=$pages pass_bytes=$pbytes pass_frozen_ms=$pfrozen" \
		"final_pages=$(( ${final:-0} / MIG_PAGE )) final_bytes=${final:-nan} bytes=$bytes suspend_ms=${ms:-nan}" \
		"dump_s=$(dt "$t1" "$td") resume_s=$(dt "$td" "$t2") vzctl_status_s=$(dt "$t3" "$t4")"
}

# mig_ours_snapshot MIB WS REP: pre-copy and the freeze in one vzctl (chkpnt --iterative
# --keep-running): no vzctl start inside the freeze. frozen_s is vzctl's own clock, from the
# suspend to the resume's return, as CRIU's frozen_time is its own.
mig_ours_snapshot() {
	local mib=$1 ws=$2 rep=$3 t0 t1 frozen bytes
	rm -rf "${IMG:?}"/ours
	t0=$(now)
	vzctl chkpnt $CT --iterative --keep-running --dumpfile $IMG/ours > /tmp/k.log 2>&1 ||
		die "ours snapshot $mib:$ws rep $rep: $(cat /tmp/k.log)"
	t1=$(now)
	frozen=$(sed -n 's/.*frozen for \([0-9.]*\) s (suspend, dump and resume).*/\1/p' /tmp/k.log)
	bytes=$(stat -c %s $IMG/ours)
	rm -f $IMG/ours
	echo "BENCH mig tool=ours way=snapshot mib=$mib ws=$ws rep=$rep frozen_s=${frozen:-nan}" \
		"total_s=$(dt "$t0" "$t1") passes=$(grep -c 'pre-copy pass' /tmp/k.log) bytes=$bytes"
}

# criu_fail WHAT LOG: a CRIU failure is a result (a BENCH line), not the end of the run.
criu_fail() {
	echo "BENCH mig tool=criu way=$1 mib=$2 ws=$3 rep=$4 ok=0 why=\"$(grep -m3 'Error' "$5" | tr '\n"' ' _')\""
	tail -n 12 "$5" | sed 's/^/# criu: /'
}

# mig_criu WAY MIB WS REP [diag]: with diag, the final dump logs at -v4 (slower: its line is a
# "BENCH mig-diag", not counted) and the longest gaps between its log lines are printed, to show
# what its freeze is made of.
mig_criu() {
	local way=$1 mib=$2 ws=$3 rep=$4 diag=${5:-} d=$IMG/criu t0 t1 tf n=0 first=0 prev=0 prevopt=() v=()
	local pages=() pbytes=() pfrozen=() s pw fz s_fzing s_md s_mw s_skip
	rm -rf "$d" && mkdir -p "$d"
	t0=$(now)
	if [ "$way" = precopy ]; then
		while :; do
			n=$((n + 1))
			mkdir "$d/$n"
			criu pre-dump -t "$(mig_initpid)" -D "$d/$n" -o pre.log --track-mem "${prevopt[@]}" \
				"${MIG_CRIU_OPTS[@]}" || { criu_fail "$way" "$mib" "$ws" "$rep" "$d/$n/pre.log"; rm -rf "$d"; return 1; }
			read -r pw fz <<< "$(criu_stats "$d/$n" pages_written frozen_time)"
			pages+=("$pw")
			pbytes+=("$(du -sb --apparent-size "$d/$n" | awk '{print $1}')")
			pfrozen+=("$(awk -v f="$fz" 'BEGIN { printf "%.3f", f / 1000 }')")
			[ $n = 1 ] && first=$pw
			prevopt=(--prev-images-dir "../$n")
			mig_last_pass "$n" "$pw" "$first" "$prev" && break
			prev=$pw
		done
		prevopt+=(--track-mem)
	fi
	mkdir "$d/f"
	[ -n "$diag" ] && v=(-v4)
	tf=$(now)
	criu dump -t "$(mig_initpid)" -D "$d/f" -o dump.log "${v[@]}" --leave-running "${prevopt[@]}" "${MIG_CRIU_OPTS[@]}" ||
		{ criu_fail "$way" "$mib" "$ws" "$rep" "$d/f/dump.log"; rm -rf "$d"; return 1; }
	t1=$(now)
	# Times in microseconds: freezing (seize), frozen (freeze to running), memdump (pages into
	# pipes, frozen), memwrite (pipes into the image, frozen when not a pre-dump).
	s=$(criu_stats "$d/f" frozen_time freezing_time memdump_time memwrite_time pages_written pages_skipped_parent)
	read -r fz s_fzing s_md s_mw pw s_skip <<< "$s"
	[ -n "$diag" ] && mig_criu_gaps "$d/f/dump.log"
	echo "BENCH mig${diag:+-diag} tool=criu way=$way mib=$mib ws=$ws rep=$rep ok=1" \
		"frozen_s=$(awk -v f="$fz" 'BEGIN { printf "%.4f", f / 1e6 }') total_s=$(dt "$t0" "$t1") passes=$n" \
		"pass_pages=$(IFS=,; echo "${pages[*]}") pass_bytes=$(IFS=,; echo "${pbytes[*]}") pass_frozen_ms=$(IFS=,; echo "${pfrozen[*]}")" \
		"final_pages=$pw final_bytes=$((pw * MIG_PAGE)) bytes=$(du -sb --apparent-size "$d" | awk '{print $1}')" \
		"dump_wall_s=$(dt "$tf" "$t1") freezing_ms=$((s_fzing / 1000)) memdump_ms=$((s_md / 1000))" \
		"memwrite_ms=$((s_mw / 1000)) skipped_parent=$s_skip"
	rm -rf "$d"
}

# The 12 longest gaps between the timestamped lines of a CRIU log, with the lines around them.
mig_criu_gaps() {
	awk 'match($0, /^\(([0-9]+)\.([0-9]+)\)/) {
		t = substr($0, 2, RLENGTH - 2) + 0
		if (n++) printf "%.3f\t%s\t=> %s\n", t - pt, substr(pl, 1, 110), substr($0, 1, 110)
		pt = t; pl = $0
	}' "$1" | sort -rn | head -n 12 | sed 's/^/# criu gap s: /'
	awk 'match($0, /^\(([0-9]+)\.([0-9]+)\)/) { t = substr($0, 2, RLENGTH - 2) + 0 }
		/[Ff]reez|Unfreez|[Ll]ock|[Dd]umping finished|Writing stats/ { printf "# criu at %.3f: %s\n", t, substr($0, 1, 120) }' "$1" | head -n 40
}

# The workload checks its whole memory: it ran on through every freeze.
mig_verify() {
	local mib=$1 ws=$2 r
	vzctl exec $CT 'kill -USR1 $(pidof dirtier)'
	for _ in $(seq 240); do grep -q '^verified\|^CORRUPT' "$MIG_OUT" && break; sleep 0.5; done
	r=$(grep -m1 '^verified\|^CORRUPT' "$MIG_OUT" || echo none)
	echo "BENCH mig-verify mib=$mib ws=$ws result=\"$r\""
}

# mig_case MIB WS REPS [diag]: the four ways, REPS times each, on one CT; with diag, then one
# CRIU pre-copy whose final dump logs at -v4 (mig_criu).
mig_case() {
	local mib=$1 ws=$2 reps=$3 diag=${4:-} r
	log "mig case $mib MiB, working set $ws MiB"
	mig_start "$mib" "$ws"
	for r in $(seq "$reps"); do
		log "mig $mib:$ws rep $r: ours plain"
		mig_ours_plain "$mib" "$ws" "$r"
		sleep 1
		log "mig $mib:$ws rep $r: ours precopy"
		mig_ours_precopy "$mib" "$ws" "$r"
		sleep 1
		log "mig $mib:$ws rep $r: ours snapshot"
		mig_ours_snapshot "$mib" "$ws" "$r"
		sleep 1
		log "mig $mib:$ws rep $r: criu plain"
		mig_criu plain "$mib" "$ws" "$r"
		sleep 1
		log "mig $mib:$ws rep $r: criu precopy"
		mig_criu precopy "$mib" "$ws" "$r"
		sleep 1
	done
	if [ -n "$diag" ]; then
		log "mig $mib:$ws: criu precopy at -v4"
		mig_criu precopy "$mib" "$ws" 0 diag
	fi
	mig_verify "$mib" "$ws"
	vzctl stop $CT --fast > /dev/null 2>&1
}

# mig_lazy MIB WS: whether CRIU's lazy migration (criu dump --lazy-pages, criu lazy-pages,
# criu restore --lazy-pages) works here, in one guest. CRIU cannot restore our CT beside itself
# (its veth, its root), so a dirtier in a pid namespace of its own (restored as a new one while the
# source waits frozen) outside any CT. downtime_s: from the start of criu dump to the return of
# criu restore -d (the restored task running, its pages still coming): an upper bound.
mig_lazy() {
	local mib=$1 ws=$2 d=$IMG/lazy port=27027 t0 t1 t2 dp lp src rst ok=1 why="" r fz
	log "lazy $mib MiB, working set $ws MiB"
	rm -rf "$d" && mkdir -p "$d"
	cp "$B/dirtier.static" /bench/dirtier || die "cp dirtier"
	: > /bench/lazy.out
	# Its own pid namespace and session, of which it is pid 1 and leader (CRIU dumps it whole).
	# Its cwd writable: CRIU's parasite mounts a proc of its pid namespace there (the guest's root
	# is read-only).
	(cd /bench && exec unshare -p -f setsid /bench/dirtier "$mib" "$ws" > /bench/lazy.out 2>&1 < /dev/null) &
	for _ in $(seq 1200); do grep -q '^ready' /bench/lazy.out && break; sleep 0.5; done
	src=$(pgrep -x -f "/bench/dirtier $mib $ws" | while read -r p; do
		[ "$(awk '/^NSpid:/ {print $3}' /proc/$p/status)" = 1 ] && echo "$p"; done)
	[ -n "$src" ] || { echo "BENCH lazy mib=$mib ws=$ws ok=0 why=\"no dirtier\""; return 1; }
	sleep 2
	t0=$(now)
	criu dump -t "$src" -D "$d" -o dump.log -v4 --lazy-pages --address 127.0.0.1 --port $port &
	dp=$!
	for _ in $(seq 1200); do ss -ltn | grep -q ":$port " && break; kill -0 $dp 2>/dev/null || break; sleep 0.05; done
	if ! ss -ltn | grep -q ":$port "; then
		ok=0 why="dump: $(grep -m3 Error "$d/dump.log" | tr '\n"' ' _')"
	fi
	if [ $ok = 1 ]; then
		criu lazy-pages --page-server --address 127.0.0.1 --port $port -D "$d" -o lp.log -v4 &
		lp=$!
		for _ in $(seq 200); do [ -S "$d/lazy-pages.socket" ] && break; sleep 0.05; done
		rm -f /tmp/lazy.pid
		criu restore -D "$d" -o rst.log -v4 --lazy-pages -d --pidfile /tmp/lazy.pid ||
			{ ok=0; why="restore: $(grep -m3 Error "$d/rst.log" | tr '\n"' ' _')"; }
	fi
	t1=$(now)
	# The source waits frozen until the restored task has all its pages, then dies.
	for _ in $(seq 240); do kill -0 $dp 2>/dev/null || break; sleep 0.5; done
	kill -0 $dp 2>/dev/null && { kill $dp; [ $ok = 1 ] && ok=0 why="the source's dump never ended"; }
	wait $dp || { [ $ok = 1 ] && { ok=0; why="dump ended badly: $(grep -m3 Error "$d/dump.log" | tr '\n"' ' _')"; }; }
	t2=$(now)
	[ -n "${lp:-}" ] && { kill $lp 2>/dev/null; wait $lp 2>/dev/null; }
	fz=$(criu_stats "$d" frozen_time)
	r=none
	if [ $ok = 1 ]; then
		rst=$(cat /tmp/lazy.pid)
		kill -USR1 "$rst"
		for _ in $(seq 240); do grep -q '^verified\|^CORRUPT' /bench/lazy.out && break; sleep 0.5; done
		r=$(grep -m1 '^verified\|^CORRUPT' /bench/lazy.out || echo none)
		kill -9 "$rst"
	else
		kill -9 "$src" 2>/dev/null
	fi
	echo "BENCH lazy mib=$mib ws=$ws ok=$ok downtime_s=$(dt "$t0" "$t1") source_frozen_s=$(awk -v f="$fz" 'BEGIN { printf "%.4f", f / 1e6 }')" \
		"until_all_pages_s=$(dt "$t0" "$t2") verify=\"$r\" why=\"$why\""
	# The logs, to see what failed.
	[ $ok = 1 ] || for f in dump.log lp.log rst.log; do
		[ -f "$d/$f" ] && grep -i 'error\|warn' "$d/$f" | head -n 5 | sed "s/^/# $f: /"
	done
	rm -rf "$d" /bench/dirtier
}
