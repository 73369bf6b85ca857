#!/bin/bash
# dkms.conf: `dkms add`, `build` and `install` of the modules against the Debian headers, into a
# temporary DKMS tree, source tree and install tree, so that the machine is not touched (a private
# mount namespace hides /var/lib/dkms, where dkms would otherwise make its signing key).
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
kver=${KVER:-$(scripts/kver.sh)}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
if ! command -v dkms > /dev/null; then
	fail "dkms is not installed (make deps)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src/vzcpt-$ver
mkdir -p "$src" "$tmp/tree" "$tmp/lib/$kver" "$tmp/varlib"
# What DKMS gets: the tracked (or new, not ignored) files of kernel/ and include/, and dkms.conf.
git ls-files -z --cached --others --exclude-standard kernel include dkms.conf |
	tar --null -T - -cf - | tar -C "$src" -xf - || fail "copy the sources"

opts=(-m vzcpt -v "$ver" -k "$kver" --sourcetree "$tmp/src" --dkmstree "$tmp/tree")
unshare -m --propagation private bash -c '
	mount --bind "$1" /var/lib/dkms || exit 1
	shift
	dkms add "$@" && dkms build "$@" && dkms install "$@" --installtree "'"$tmp/lib"'" --no-depmod &&
	dkms status -m vzcpt -k "'"$kver"'" --sourcetree "'"$tmp/src"'" --dkmstree "'"$tmp/tree"'" --installtree "'"$tmp/lib"'"
' dkms "$tmp/varlib" "${opts[@]}" > "$tmp/log" 2>&1
rc=$?
expect_eq "dkms add, build and install succeed" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/log"
check "dkms status says installed: $(tail -n 1 "$tmp/log")" grep -q "^vzcpt/$ver, $kver, x86_64: installed" "$tmp/log"
for m in vzcpt vzrst; do
	ko=$(find "$tmp/lib/$kver" -name "$m.ko*" | head -n 1)
	check "$m is installed in the install tree (${ko#"$tmp/lib/"})" test -n "$ko"
	[ -n "$ko" ] || continue
	expect_eq "$m is built for $kver" "$kver" "$(modinfo -F vermagic "$ko" | awk '{print $1}')"
	check "$m depends on nf_conntrack" grep -q nf_conntrack <<< "$(modinfo -F depends "$ko")"
done
check "nothing was written to the machine's DKMS tree" test -z "$(ls -A /var/lib/dkms)"
done_testing
