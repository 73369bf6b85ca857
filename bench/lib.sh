# Shared by the benchmark guest scripts (sourced, not run): progress to stdout and the guest's
# kernel log, a fatal BENCH line, and wall-clock arithmetic.
# shellcheck shell=bash

# A progress line, also in the guest's kernel log (bench: ...), where a hung run can be followed.
log() { echo "# $(date +%T) $*"; echo "bench: $*" > /dev/kmsg; }
# The run cannot go on: one BENCH fatal line, and the script ends.
die() { echo "BENCH fatal msg=\"$*\""; exit 1; }
# Seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }
# B - A in seconds, 4 decimals.
dt() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
