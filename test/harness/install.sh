#!/bin/bash
# make install and make uninstall into a temporary DESTDIR: the exact file list with PREFIX=/usr,
# PREFIX=/usr/local moving the binaries, IPTABLES_MODULES_UNLOAD set to "no" in an existing
# iptables-config (and appended to an ip6tables-config without it), and uninstall leaving nothing
# of ours behind.
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
kver=${KVER:-$(scripts/kver.sh)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/root
mkdir -p "$d/etc/sysconfig"
printf '# rules\nIPTABLES_MODULES_UNLOAD="yes"\nIPTABLES_SAVE_ON_STOP="no"\n' > "$d/etc/sysconfig/iptables-config"
printf '# rules\nIP6TABLES_SAVE_ON_STOP="no"\n' > "$d/etc/sysconfig/ip6tables-config"

ours() { # the installed files and links, less the templates (etc/template's) and iptables configs
	(cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | grep -v -e '^vz/template/' -e '^etc/sysconfig/' | sort)
}

if ! make -s install DESTDIR="$d" PREFIX=/usr > "$tmp/log" 2>&1; then
	fail "make install: $(tail -n 5 "$tmp/log")"
	done_testing
fi
man8=$(cd man && ls ./*.8 | sed 's|^\./|usr/share/man/man8/|')
man5=$(cd man && ls ./*.5 | sed 's|^\./|usr/share/man/man5/|')
expected=$(sort <<EOF2
lib/modules/$kver/extra/vzcpt.ko
lib/modules/$kver/extra/vzrst.ko
usr/sbin/vzctl
usr/sbin/vzlist
usr/sbin/vzmigrate
etc/init.d/vz
usr/lib/systemd/system/vz.service
etc/vz/vz.conf
etc/vz/conf/ve-basic.conf-sample
etc/modprobe.d/vz.conf
usr/share/bash-completion/completions/vzctl
usr/share/bash-completion/completions/vzlist
usr/share/bash-completion/completions/vzmigrate
$man8
$man5
EOF2
)
got=$(ours "$d")
if [ "$got" = "$expected" ]; then
	ok "make install puts exactly the expected $(wc -l <<< "$got") files"
else
	fail "make install file list differs: $(diff <(echo "$expected") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
fi
expect_eq "the man pages vzmigrate.8, vzlist.8, vz.conf.5 and ctid.conf.5 are among them" 4 \
	"$(grep -c -e man8/vzmigrate.8 -e man8/vzlist.8 -e man5/vz.conf.5 -e man5/ctid.conf.5 <<< "$got")"
check "/etc/vz/conf exists" test -d "$d/etc/vz/conf"
check "the busybox OS template is in /vz/template/cache" test -s "$d/vz/template/cache/busybox.tar.gz"
check "vzlist is a link to vzctl" test "$(readlink "$d/usr/sbin/vzlist")" = vzctl
check "the init script is executable" test -x "$d/etc/init.d/vz"
check "the systemd unit calls it" grep -q '^ExecStart=/etc/init.d/vz start' "$d/usr/lib/systemd/system/vz.service"
expect_eq "IPTABLES_MODULES_UNLOAD is set to no in place" 'IPTABLES_MODULES_UNLOAD="no"' \
	"$(grep '^IPTABLES_MODULES_UNLOAD' "$d/etc/sysconfig/iptables-config")"
check "the rest of iptables-config is kept" grep -q '^IPTABLES_SAVE_ON_STOP="no"' "$d/etc/sysconfig/iptables-config"
expect_eq "IP6TABLES_MODULES_UNLOAD=no is appended to ip6tables-config" 'IP6TABLES_MODULES_UNLOAD="no"' \
	"$(tail -n 1 "$d/etc/sysconfig/ip6tables-config")"
check "the completion loads in bash" bash -c "complete() { :; }; . '$d/usr/share/bash-completion/completions/vzctl'"
for m in $man8 $man5; do
	w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$d/$m" 2>&1 > /dev/null)
	[ -z "$w" ] || fail "man ${m##*/}: $w"
done
ok "the man pages format without warnings"

make -s uninstall DESTDIR="$d" PREFIX=/usr > "$tmp/log" 2>&1 || fail "make uninstall: $(tail -n 5 "$tmp/log")"
expect_eq "make uninstall removes every file it installed" "" "$(ours "$d")"
check "and /etc/vz" test ! -e "$d/etc/vz"
check "iptables-config stays (the setting is harmless)" test -f "$d/etc/sysconfig/iptables-config"

d=$tmp/local
make -s install DESTDIR="$d" PREFIX=/usr/local > "$tmp/log" 2>&1 || fail "make install PREFIX=/usr/local: $(tail -n 5 "$tmp/log")"
check "PREFIX=/usr/local puts vzctl in usr/local/sbin" test -x "$d/usr/local/sbin/vzctl"
check "and the man pages in usr/local/share/man" test -f "$d/usr/local/share/man/man8/vzmigrate.8"
check "but the init script stays in /etc/init.d" test -x "$d/etc/init.d/vz"
make -s uninstall DESTDIR="$d" PREFIX=/usr/local > "$tmp/log" 2>&1
expect_eq "and uninstall with the same PREFIX removes it all" "" "$(ours "$d")"
done_testing
