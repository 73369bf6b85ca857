# Helpers for guest scenarios (test/cases/*.sh). Source it; report each check with ok/fail.
# A case prints TAP lines and exits non-zero if any check failed.
TEST_FAILED=0
ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; TEST_FAILED=1; }
# check NAME CMD...: run CMD, ok if it succeeds.
check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}
# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi
}
done_testing() { exit $TEST_FAILED; }
