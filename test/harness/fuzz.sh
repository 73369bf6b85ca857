#!/bin/bash
# Host fuzzing, short: each libFuzzer harness of test/fuzz (the shared image validator, vzctl's
# config parser) for FUZZ_TIME seconds under ASan/UBSan; one TAP line each. `make fuzz` runs longer.
cd "$(dirname "$0")/../fuzz" || exit 1
if ! command -v clang > /dev/null; then
	echo "not ok - fuzz: clang is missing (make deps installs it)"
	exit 1
fi
make -s run FUZZ_TIME="${FUZZ_TIME:-20}"
