#!/bin/bash
# The demo, run in the test VM by `make demo`.
set -e
echo "== loading the checkpoint and restore modules"
/etc/init.d/vz init
/etc/init.d/vz status
ls -l /proc/cpt /proc/rst
vzctl --version
