#!/bin/bash
# Kernel code style: checkpatch --strict clean (the modules already build with W=1 -Werror).
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
out=$(make -s checkpatch 2>&1)
if [ -z "$out" ]; then ok "checkpatch --strict is clean"; else fail "checkpatch --strict: $out"; fi
done_testing
