#!/bin/bash
# vzmigrate's own logic on the host, without modules or guests: both ends are directories here
# (VZMIGRATE_ROOT), vzctl is a fake that keeps each CT's state in a file and writes or reads a
# marked image (after two marked pre-copy passes for --iterative --suspend), and ssh a fake that
# runs the command on the destination's directory. Each way a
# migration ends: the CT runs on exactly one side, what failed is named, the exit code is OpenVZ's.
# The real thing, with two guests: test/harness/migrate.sh.
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
F=$(mktemp -d)
trap 'rm -rf "$F"' EXIT
export F
mkdir -p "$F/bin"

cat > "$F/bin/vzctl" <<'EOF'
#!/bin/bash
# The fake vzctl: state in $R/var/run/vz/CTID.state (running or down), staged as the real one.
R=$VZMIGRATE_ROOT cmd=$1 id=$2
shift 2
conf=$R/etc/vz/conf/$id.conf st=$R/var/run/vz/$id.state staged=$R/var/run/vz/$id.staged
priv=$R/vz/private/$id
echo "$cmd $id $*" >> "$R/log"
die() { echo "Error: $*" >&2; exit 1; }
[ -e "$R/fail-$cmd${1:-}" ] && die "injected failure of $cmd ${1:-}"
case $cmd$1 in
status) echo "CT $id $([ -e "$conf" ] && echo exist || echo deleted) unmounted $(cat "$st" 2> /dev/null || echo down)" ;;
start) echo running > "$st" ;;
stop) echo down > "$st" ;;
chkpnt--suspend) echo chkpnt > "$staged" ;;
chkpnt--iterative)
	# Two passes into the stream, then the CT suspended, as vzctl chkpnt --iterative --suspend.
	printf 'PASSES %s\n' "$id"; head -c 1000000 /dev/zero
	echo "	pre-copy pass 1: 200 pages, 819200 bytes, 1 address spaces, 5.000 ms, frozen 1.000 ms" >&2
	echo "	pre-copy pass 2: 44 pages, 180224 bytes, 1 address spaces, 2.000 ms, frozen 0.500 ms" >&2
	[ -e "$R/fail-chkpnt--iterative-suspend" ] && die "injected failure of the suspend after the passes"
	echo "	suspended in 3.000 ms" >&2
	# A config changed while the memory went: the final pass takes it.
	[ -e "$R/change-conf" ] && echo "DESCRIPTION=changed" >> "$conf"
	echo chkpnt > "$staged" ;;
chkpnt--dump) printf 'IMAGE %s\n' "$id"; head -c 3000000 /dev/zero ;;
chkpnt--kill) rm -f "$staged"; echo down > "$st" ;;
chkpnt--resume) rm -f "$staged" ;;
restore--undump)
	read -r l
	if [ "$l" = "PASSES $id" ]; then
		n=$(head -c 1000000 | wc -c)
		[ "$n" = 1000000 ] || die "restore of CT $id failed: the passes are cut ($n bytes)"
		read -r l
	fi
	[ "$l" = "IMAGE $id" ] || die "restore of CT $id failed: not its image"
	n=$(wc -c)
	[ "$n" = 3000000 ] || die "restore of CT $id failed: the image is cut ($n bytes)"
	[ -d "$priv" ] || die "restore of CT $id failed: no private area"
	echo restore > "$staged"; echo running > "$st" ;;
restore--resume) [ -e "$staged" ] || die "CT $id is not undumped"; rm -f "$staged" ;;
restore--kill) rm -f "$staged"; echo down > "$st" ;;
destroy) rm -rf "$priv"; mv "$conf" "$conf.destroyed" ;;
umount) ;;
*) die "fake vzctl: $cmd $*" ;;
esac
EOF
cat > "$F/bin/ssh" <<'EOF'
#!/bin/bash
# The fake ssh: the command runs on the destination's directory, the source's paths in it
# made the destination's.
while [ $# -gt 0 ]; do
	case $1 in
	-o|-i|-p|-l|-F|-O) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
shift
[ -e "$F/ssh-down" ] && { echo "ssh: connect to host dst port 22: Connection refused" >&2; exit 255; }
cmd="$*"
# Each session, and whether the source's CT was frozen when it began.
echo "$([ -e "$F/src/var/run/vz/101.staged" ] && echo frozen || echo running): ${cmd%% *}" >> "$F/ssh.log"
# The final sync (the CT suspended here) fails.
case "$cmd" in rsync*)
	[ -e "$F/fail-final-rsync" ] && [ -e "$F/src/var/run/vz/101.staged" ] &&
		{ echo "rsync: connection unexpectedly closed" >&2; exit 12; } ;;
esac
export VZMIGRATE_ROOT=$F/dst
exec bash -c "${cmd//$F\/src/$F/dst}"
EOF
chmod +x "$F/bin/vzctl" "$F/bin/ssh"
export PATH=$F/bin:$PATH

# side SIDE: an empty host with its vz.conf and, for SIDE dst, both modules.
side() {
	rm -rf "${F:?}/$1"
	mkdir -p "$F/$1/etc/vz/conf" "$F/$1/var/run/vz" "$F/$1/vz/private" "$F/$1/proc"
	echo "VE_PRIVATE=$F/$1/vz/private/\$VEID" > "$F/$1/etc/vz/vz.conf"
	touch "$F/$1/proc/cpt" "$F/$1/proc/rst" "$F/$1/log"
}
# ct ID STATE: CT ID on the source, running or down.
ct() {
	echo "VE_ROOT=/vz/root/\$VEID" > "$F/src/etc/vz/conf/$1.conf"
	mkdir -p "$F/src/vz/private/$1/root"
	echo "file of $1" > "$F/src/vz/private/$1/root/f"
	echo "$2" > "$F/src/var/run/vz/$1.state"
}
reset() { side src; side dst; rm -f "$F/ssh-down" "$F/fail-final-rsync" "$F/ssh.log"; }
mig() { VZMIGRATE_ROOT=$F/src sh utils/vzctl/vzmigrate "$@" > "$F/out" 2>&1; }
state() { cat "$F/$1/var/run/vz/$2.state" 2> /dev/null || echo none; }
# where ID: where the CT runs and what of it each side has.
where() {
	local s
	for s in src dst; do
		printf '%s:%s%s%s%s ' $s "$(state $s "$1")" \
			"$([ -e "$F/$s/var/run/vz/$1.staged" ] && echo ,staged)" \
			"$([ -e "$F/$s/etc/vz/conf/$1.conf" ] && echo ,conf)" \
			"$([ -e "$F/$s/vz/private/$1" ] && echo ,private)"
	done
}
# result NAME CODE WHERE [-]: the exit code and the state of CT 101 after a migration, and
# (but with -) that its error names it.
result() {
	local st=$? w
	w=$(where 101)
	expect_eq "$1: exit code" "$2" "$st"
	expect_eq "$1: where CT 101 is" "$3" "${w% }"
	[ "$2" = 0 ] || [ "${4:-}" = - ] || check "$1: one line naming the CT: $(grep -v '^Cannot\|^Load' "$F/out" | head -n 1)" \
		sh -c "grep -q '^Error: CT 101: \|^Error: CT 101 \|^Cannot migrate' '$F/out'"
}

stages() { awk '{ print $1 == "chkpnt" ? substr($3, 3) : $1 }' "$F/src/log" | tr '\n' ' ' | sed 's/ $//'; }
reset; ct 101 running
mig --online dst 101; result "online" 0 "src:down dst:running,conf,private"
check "online: the files came" grep -q "file of 101" "$F/dst/vz/private/101/root/f"
expect_eq "online: the stages in order here (pre-copy)" "status iterative dump kill destroy" "$(stages)"
check "online: the passes and the image went in one stream" grep -q "^chkpnt 101 --iterative --suspend --dumpfile -$" "$F/src/log"
# Frozen, a new ssh session costs a fork and a shell there besides the round trip: the stream
# and the resume's session are open before the suspend, the config went with the first pass.
expect_eq "online: one ssh session begins while the CT is frozen, the final sync's" \
	"frozen: rsync" "$(grep '^frozen' "$F/ssh.log" | tr '\n' ' ' | sed 's/ $//')"
check "online: the resume there came on its word" grep -q "^restore 101 --resume$" "$F/dst/log"

reset; ct 101 running; touch "$F/src/change-conf"
mig --online dst 101; result "online, the config changed during the pre-copy" 0 "src:down dst:running,conf,private"
check "the final pass took the changed config" grep -q "^DESCRIPTION=changed$" "$F/dst/etc/vz/conf/101.conf"

reset; ct 101 running
mig --online --noiter dst 101; result "online --noiter" 0 "src:down dst:running,conf,private"
expect_eq "--noiter: no pre-copy" "status suspend dump kill destroy" "$(stages)"
check "online: the config here is gone (destroyed)" test -e "$F/src/etc/vz/conf/101.conf.destroyed"

reset; ct 101 running
mig --online -r no -t dst 101; result "online -r no" 0 "src:down,private dst:running,conf,private"
check "-r no: the private area stays here" test -e "$F/src/vz/private/101/root/f"
check "-r no: the config here is renamed" test -e "$F/src/etc/vz/conf/101.conf.migrated"
check "--times prints the frozen time: $(grep Frozen "$F/out")" grep -q '^Frozen time: [0-9.]* s$' "$F/out"
expect_eq "--times prints each pass" 2 "$(grep -c '^Pre-copy pass [12]: [0-9]* pages, [0-9]* bytes, .* ms, frozen [0-9.]* ms$' "$F/out")"
check "--times: the pre-copy's phase and the final sync's" \
	grep -q '^Times: .*precopy+suspend [0-9.]* s; sync-final [0-9.]* s; dump+undump' "$F/out"

# On a terminal (script(1) gives one), each pass shows as it ends, on a line of its own.
reset; ct 101 running
script -qec "VZMIGRATE_ROOT=$F/src sh utils/vzctl/vzmigrate --online dst 101" /dev/null > "$F/tty" 2>&1
st=$?
tr '\r' '\n' < "$F/tty" > "$F/out"
(exit $st); result "online on a terminal" 0 "src:down dst:running,conf,private"
expect_eq "a terminal shows each pass as it ends" 2 \
	"$(grep -c '^Pre-copy pass [12]: [0-9]* pages, [0-9]* bytes, .* ms, frozen [0-9.]* ms$' "$F/out")"
check "a terminal shows the stream's count" grep -q 'bytes .* copied' "$F/out"

reset; ct 101 running
mig --online -v dst 101
check "-v says the pre-copy, the final sync and the dump: $(tr '\n' '|' < "$F/out")" sh -c \
	"grep -q '^Pre-copying CT 101' '$F/out' && grep -q 'final pass' '$F/out' && grep -q '^Dumping CT 101' '$F/out'"

reset; ct 101 running; touch "$F/dst/fail-restore--undump"
mig --online dst 101; result "undump fails there" 7 "src:running,conf,private dst:none"
check "undump fails: says so: $(cat "$F/out")" grep -q "^Error: CT 101: the restore on dst failed: injected failure of restore --undump$" "$F/out"

reset; ct 101 running; touch "$F/dst/fail-restore--resume"
mig --online dst 101; result "resume fails there" 7 "src:running,conf,private dst:down"

reset; ct 101 running; touch "$F/src/fail-chkpnt--dump"
mig --online dst 101; result "dump fails here" 8 "src:running,conf,private dst:none"
check "dump fails: the resume's session there ended without a resume" sh -c "! grep -q -- --resume '$F/dst/log'"

reset; ct 101 running; touch "$F/src/fail-chkpnt--suspend"
mig --online --noiter dst 101; result "--noiter: suspend fails here" 8 "src:running,conf,private dst:none"

reset; ct 101 running; touch "$F/src/fail-chkpnt--iterative"
mig --online dst 101; result "the pre-copy fails here" 8 "src:running,conf,private dst:none"
reset; ct 101 running; touch "$F/src/fail-chkpnt--iterative-suspend"
mig --online dst 101; result "the suspend after the passes fails here" 8 "src:running,conf,private dst:none"

reset; ct 101 running; touch "$F/fail-final-rsync"
mig --online dst 101; result "the final sync fails between the passes and the dump" 6 "src:running,conf,private dst:none"
check "and says the copy failed: $(cat "$F/out")" grep -q "^Error: CT 101: copying its .* to dst failed" "$F/out"
expect_eq "the CT was resumed here, not dumped" "status iterative resume" "$(stages)"

reset; ct 101 running; touch "$F/src/fail-chkpnt--dump"
mig --online --noiter dst 101; result "--noiter: dump fails here" 8 "src:running,conf,private dst:none"

reset; ct 101 running; touch "$F/src/fail-chkpnt--kill"
mig --online dst 101; result "kill here fails after the resume there" 8 "src:running,staged,conf,private dst:running,conf,private"
check "and says the CT stays suspended here: $(cat "$F/out")" grep -q "runs on dst; killing it here failed.*stays suspended here" "$F/out"

reset; ct 101 running; touch "$F/src/fail-chkpnt--dump"
mig --online --keep-dst dst 101; result "--keep-dst keeps the copy" 8 "src:running,conf,private dst:none,conf,private"

reset; ct 101 running; rm "$F/dst/proc/rst"
mig --online dst 101; result "no vzrst there" 14 "src:running,conf,private dst:none"
expect_eq "no vzrst: OpenVZ's message" "Cannot migrate container online: module rst is not loaded" "$(head -n 1 "$F/out")"

reset; ct 101 running; rm "$F/src/proc/cpt"
mig --online dst 101; result "no vzcpt here" 14 "src:running,conf,private dst:none"

reset; ct 101 running; echo x > "$F/dst/etc/vz/conf/101.conf"
mig --online dst 101; result "the CTID is taken there" 9 "src:running,conf,private dst:none,conf"
reset; ct 101 running; mkdir -p "$F/dst/vz/private/101"
mig dst 101; result "its private area is there" 9 "src:running,conf,private dst:none,private"

reset; ct 101 running; touch "$F/ssh-down"
mig --online dst 101; result "ssh cannot connect" 4 "src:running,conf,private dst:none"

reset; ct 101 down
mig dst 101; result "offline, stopped" 0 "src:down dst:none,conf,private"
reset; ct 101 down
mig --online dst 101; result "--online of a stopped CT: offline" 0 "src:down dst:none,conf,private"

reset; ct 101 running
mig -r no dst 101; result "offline, running" 0 "src:down,private dst:running,conf,private"
reset; ct 101 running; touch "$F/dst/fail-start"
mig dst 101; result "offline: the start there fails" 7 "src:running,conf,private dst:none"
reset; ct 101 running; touch "$F/src/fail-stop"
mig dst 101; result "offline: the stop here fails" 8 "src:running,conf,private dst:none"

reset; ct 101 running
mig dst 102; result "no such CT here" 10 "src:running,conf,private dst:none" -
check "no such CT here: says so: $(cat "$F/out")" grep -q "^Error: CT 102 does not exist here" "$F/out"
mig -r maybe dst 101; result "bad -r" 1 "src:running,conf,private dst:none" -
done_testing
