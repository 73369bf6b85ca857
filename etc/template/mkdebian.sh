#!/bin/sh
# mkdebian.sh OUT [services|databases]: the Debian 12 minimal OS template (debian-12-x86_64-minimal),
# made by mmdebstrap from the APT sources this machine uses, packed into OUT (a .tar.gz, as OpenVZ's
# template caches). With "services", the same system with a web server and a key-value store from
# Debian (nginx-light, redis-server): the CT the services scenario (test 54) checkpoints, a CT as
# hosting users run them, which the guest (no network) cannot install into a minimal one. With
# "databases", the services system with PostgreSQL 15 and MariaDB 10.11 too (test 59).
#
# The init is sysvinit: the CT's init runs Debian's own rc scripts, as OpenVZ's Debian templates
# did. systemd is what Debian users run on their machines, but it leans on kinds of state that a
# checkpoint cannot carry yet (mounts it makes, inotify, its cgroup tree), so a systemd CT could not
# be checkpointed at all; sysvinit's CT can, one service at a time, as the kinds land.
#
# What makes it a CT's system rather than a machine's (the parts LXC's and OpenVZ's templates change):
# - no getty (a CT has no virtual consoles; its /dev/console has no reader), a power failure
#   (SIGPWR, which `vzctl stop` sends) shuts the CT down through its rc scripts;
# - no SSH host keys: each CT makes its own at its first start (/etc/init.d/ssh-hostkeys);
# - no hostname, resolv.conf or network address of the build machine: vzctl writes them.
set -eu
out=$1
flavour=${2:-minimal}
SUITE=bookworm
PKGS="sysvinit-core,sysv-rc,initscripts,orphan-sysvinit-scripts,ifupdown,iproute2,iputils-ping"
PKGS="$PKGS,netbase,procps,cron,rsyslog,openssh-server,less,nano,ca-certificates"
case $flavour in
minimal) ;;
services) PKGS="$PKGS,nginx-light,redis-server" ;;
databases) PKGS="$PKGS,nginx-light,redis-server,postgresql-15,mariadb-server" ;;
*) echo "mkdebian: unknown flavour '$flavour' (minimal, services or databases)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v mmdebstrap > /dev/null; then
	echo "mkdebian: mmdebstrap is missing (make deps installs it)" >&2
	exit 1
fi
# The machine's own sources (its mirror or snapshot); Debian's archive if it has none in deb822 form.
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources="deb http://deb.debian.org/debian $SUITE main"
# Made once per version of this recipe (a minute or two, and the archive's bandwidth), then copied:
# VZ_TEMPLATE_CACHE keeps it across clean checkouts. Remove it there to take the archive's updates.
cache=${VZ_TEMPLATE_CACHE:-/var/cache/vzcpt}
key=$(cat "$0" "$here"/debian/* | sha256sum | cut -c1-16)
made=$cache/debian-12-x86_64-$flavour-$key.tar.gz
if [ ! -f "$made" ]; then
	mkdir -p "$cache"
	rm -f "$made.tmp.tar.gz"
	echo "mkdebian: making the Debian $SUITE template with mmdebstrap (cached in $cache)"
	mmdebstrap --quiet --variant=minbase --mode=root --include="$PKGS" \
		--customize-hook="sh $here/debian/customize.sh $here/debian \"\$1\"" \
		"$SUITE" "$made.tmp.tar.gz" "$sources" < /dev/null
	mv "$made.tmp.tar.gz" "$made"
fi
mkdir -p "$(dirname "$out")"
cp "$made" "$out.tmp"
mv "$out.tmp" "$out"
