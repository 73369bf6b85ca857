#!/bin/bash
# The destination of test/harness/migrate.sh (10.77.0.2): Debian's sshd (from the host's root) on
# the virtual network with the keys the harness made, for the source's vzmigrate; then, once the
# source has pushed "done" over ssh, its own checks of the CTs that came over (test/migrate/src.sh).
. test/lib.sh
modprobe vzcpt && modprobe vzrst || { fail "the modules load"; done_testing; }
ip addr add 10.1.1.1/32 dev lo
. test/migrate/ssh.sh
check "sshd starts" mig_sshd

# The source says when it is done (its trap does even when it fails early).
mig_wait_done
check "the source said it is done" test -e /tmp/mig-done

t=/vz/private/101
check "101 runs here" sh -c "vzctl status 101 | grep -q ' running\$'"
pid=$(cat $t/root/mem00.pid 2> /dev/null)
vzctl exec 101 "kill -TERM $pid" > /dev/null 2>&1
for _ in $(seq 120); do grep -q '^PASS\|^FAIL' $t/zt/out 2> /dev/null && break; sleep 0.5; done
check "mem00's self-check passes after the migration: $(grep '^PASS\|^FAIL' $t/zt/out)" grep -q '^PASS' $t/zt/out
check "the counter still goes on, no value lost or repeated" \
	awk '$1 != NR || $2 != "ok" { bad = 1 } END { exit bad || NR == 0 }' $t/root/c
check "102 runs here" sh -c "vzctl status 102 | grep -q ' running\$'"
check "103 is here, stopped" sh -c "vzctl status 103 | grep -q 'exist unmounted down'"
check "nothing of 104 is here" test ! -e /etc/vz/conf/104.conf -a ! -e /vz/private/104
check "101 answers on its address" ping -c 1 -W 5 10.1.1.101
check "vzctl stop 101" vzctl stop 101
check "vzctl stop 102" vzctl stop 102
check "sshd still runs" kill -0 "$(cat /tmp/sshd/sshd.pid)"
kill "$(cat /tmp/sshd/sshd.pid)"
done_testing
