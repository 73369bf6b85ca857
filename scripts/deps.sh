#!/bin/sh
# Install, as root and idempotently, every Debian package the build, the test VM, the tests and the
# benchmarks need. Cheap when nothing is missing: one dpkg-query, no apt-get.
set -eu

PKGS="build-essential make gcc libc6-dev pkg-config
linux-headers-amd64 linux-image-amd64 linux-source-6.1
qemu-system-x86 busybox-static cpio kmod iproute2 iputils-ping e2fsprogs procps util-linux
libcgroup-dev libxml2-dev libmnl-dev
criu iptables nftables arptables ebtables gnuplot-nox bash-completion dkms man-db mmdebstrap curl openssh-client openssh-server rsync
clang"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
# linux-source-6.1 ships a tarball; checkpatch (make checkpatch, the lint test) runs from it unpacked.
SRC=/usr/src/linux-source-6.1
[ -z "$missing" ] && [ -x $SRC/scripts/checkpatch.pl ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing $SRC/scripts; run 'make deps' as root" >&2
	exit 1
fi
if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
if [ ! -x $SRC/scripts/checkpatch.pl ]; then
	# Only the scripts: the whole tree is 1.4 GB; unpack it by hand to read the kernel's source.
	echo "deps: unpacking $SRC/scripts from $SRC.tar.xz"
	tar -C /usr/src -xJf $SRC.tar.xz linux-source-6.1/scripts
fi
