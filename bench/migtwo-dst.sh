#!/bin/bash
# The destination guest of make bench-migtwo (10.77.0.2): the source's vzmigrate comes in over ssh
# (test/migrate/ssh.sh) until the source says it is done; the CTs are checked and removed by the
# source, over ssh.
B=$VZREPO/bench
. "$B/lib.sh"
. "$VZREPO/test/migrate/ssh.sh"
modprobe vzcpt && modprobe vzrst || die "modules do not load"
ip addr add 10.1.1.1/32 dev lo
mig_sshd || die "sshd does not start"
mig_wait_done || die "the source never said it is done"
kill "$(cat /tmp/sshd/sshd.pid)"
