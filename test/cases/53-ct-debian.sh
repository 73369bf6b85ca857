#!/bin/bash
# vm-boot: 7-debian
# vm-opts: --mem 2048 --timeout 1500
# vm-weight: 6
# A Debian 12 CT from the debian-12-x86_64-minimal template (etc/template/mkdebian.sh): created,
# started with Debian's own sysvinit, which vzctl start waits for until its rc scripts for runlevel 2
# are done; its services (rsyslog, cron, sshd with host keys of its own) run; it is reachable; it
# stops through its rc scripts on the SIGPWR vzctl stop sends (rsyslog says it exits on a signal,
# and no kill was needed); a second start is as good. Before that, the issue-14 scenario: the CT is
# checkpointed (its /dev and /dev/shm files carried) and restored with its services running.
. test/lib.sh
. test/lib-ct.sh
debian_ct 153 debian-12-x86_64-minimal Debian deb153
check "it holds no SSH host key" sh -c "! tar -tzf /vz/template/cache/$tmpl.tar.gz | grep -q ssh_host_"
expect_eq "the private area is Debian 12" 12 "$(cut -d. -f1 $priv/etc/debian_version)"
expect_eq "/etc/hostname is the CT's" deb$CT "$(cat $priv/etc/hostname)"

t0=$SECONDS
run "start $CT" 0 vzctl start $CT
echo "# start took $((SECONDS - t0)) s"
check "start said nothing of a timeout" sh -c "! grep -q 'has not reached' $out/last"
init=$(cat /var/run/vz/$CT.pid)
expect_eq "pid 1 is sysvinit" "init" "$(cat /proc/$init/comm)"
run "runlevel in the CT" 0 vzctl exec $CT runlevel
check "the CT is in runlevel 2" said "^N 2$"
expect_eq "no rc script is left running once start returned" "" \
	"$(for p in $(cat /sys/fs/cgroup/vz/$CT/cgroup.procs); do tr '\0' ' ' < /proc/$p/cmdline; echo; done | grep 'init.d/rc')"
for d in rsyslogd cron sshd; do
	run "$d runs" 0 vzctl exec $CT pidof $d
done
check "the CT made its own SSH host keys" test -s $priv/etc/ssh/ssh_host_ed25519_key.pub
expect_eq "its hostname" deb$CT "$(vzctl exec $CT hostname 2>&1)"
check "the host pings it" ping -c 1 -W 5 $IP
# DNS settings through Debian's own /etc/resolv.conf, as OpenVZ's set_dns did.
run "set --nameserver --searchdomain" 0 vzctl set $CT --nameserver $HOSTIP --nameserver 2001:db8::53 \
	--searchdomain example.org --save
expect_eq "the CT's resolv.conf has them" "search example.org|nameserver $HOSTIP|nameserver 2001:db8::53|" \
	"$(vzctl exec $CT cat /etc/resolv.conf | tr '\n' '|')"
check "the config keeps them" grep -q "^NAMESERVER=\"$HOSTIP 2001:db8::53\"" /etc/vz/conf/$CT.conf
run "a bad name server is refused" 21 vzctl set $CT --nameserver 10.1.1 --save
check "naming the value" said "bad value for --nameserver: '10.1.1': not an IPv4 or IPv6 address, nor inherit"
# The CT's eth0 in Debian's own ifupdown files (as OpenVZ's debian-add_ip.sh): written at start and
# by --ipadd/--ipdel, brought up by the init's ifup -a (else ifdown would not take it down), and an
# ifdown/ifup of eth0 inside the CT takes the CT off the network and back.
nif=$priv/etc/network/interfaces.d/vzctl-eth0
check "vzctl wrote eth0 into the CT's ifupdown files" grep -q "^	up ip addr replace $IP/32 dev eth0$" $nif
run "ifdown eth0 in the CT" 0 vzctl exec $CT ifdown eth0
check "the host no longer reaches it" sh -c "! ping -c 1 -W 2 $IP > /dev/null"
run "ifup eth0 in the CT" 0 vzctl exec $CT ifup eth0
# The host's neighbour entry failed while eth0 was down: one CI run's single ping after
# ifup found no answer to its ARP within 3 s. The link is checked back within 15 s, and
# the tries it took are logged.
tries=0
until ping -c 1 -W 3 $IP > /dev/null || [ $((tries += 1)) -ge 5 ]; do :; done
check "the host reaches it again (after $tries failed tries)" test "$tries" -lt 5
run "set --ipadd on the running Debian CT" 0 vzctl set $CT --ipadd 10.1.1.163
check "the second address is in its ifupdown file" grep -q "^	up ip addr replace 10.1.1.163/32 dev eth0$" $nif
check "and answers" ping -c 1 -W 5 10.1.1.163
run "set --ipdel of it" 0 vzctl set $CT --ipdel 10.1.1.163
check "it left the file" sh -c "! grep -q 10.1.1.163 $nif && grep -q 'replace $IP/32' $nif"
# --userpasswd through the CT's own useradd and chpasswd (OpenVZ's set_userpass): a new user is
# made with a home, an existing one (root) gets a new password; the hashes in the CT's /etc/shadow
# are checked against the passwords with the host's crypt(3). The password never reaches argv.
pwok() { perl -e 'open(my $f, "<", $ARGV[0]) or exit 2;
	while (<$f>) { my @f = split /:/; exit(crypt($ARGV[2], $f[1]) eq $f[1] ? 0 : 1) if $f[0] eq $ARGV[1] }
	exit 3' $priv/etc/shadow "$1" "$2"; }
pwbad() { pwok "$@"; [ $? = 1 ]; }
run "set --userpasswd of a new user" 0 vzctl set $CT --userpasswd 'alice:S3cret:with colon & $pace'
check "alice is in the CT's passwd, with a home" sh -c "grep -q '^alice:x:1000:1000:' $priv/etc/passwd && test -d $priv/home/alice"
check "her shadow hash is of that password" pwok alice 'S3cret:with colon & $pace'
check "and not of another" pwbad alice S3cret
run "set --userpasswd of root" 0 vzctl set $CT --userpasswd 'root:r00t-pw'
check "root's hash is of it" pwok root r00t-pw
check "still one alice" test "$(grep -c '^alice:' $priv/etc/passwd)" = 1
run "a user name with a capital is refused" 21 vzctl set $CT --userpasswd 'Alice:x'
check "naming the rule" said "bad value for --userpasswd: a user name is at most 32 characters and starts with a lower-case letter or '_'"
run "an empty password is refused" 21 vzctl set $CT --userpasswd 'bob:'
check "saying so" said "bad value for --userpasswd: the password is empty"
check "bob was not made" sh -c "! grep -q '^bob:' $priv/etc/passwd"
check "sshd listens on port 22" sh -c "vzctl exec $CT cat /proc/net/tcp | grep -q ' 00000000:0016 .* 0A '"
check "syslog has cron's start" sh -c "grep -q 'cron.*INFO' $priv/var/log/syslog"
# The issue-14 scenario: a checkpoint of the running Debian CT and its restore, its services
# running after. The files of its /dev and /dev/shm (rsyslog's FIFO /dev/xconsole, which rsyslogd
# holds open, and the /dev/shm/.tmpfs marker) are carried by the image.
vzctl exec $CT ls -lan /dev /dev/shm > $out/devls 2>&1
echo "# its /dev and /dev/shm: $(tr '\n' '|' < $out/devls)"
run "chkpnt of the Debian CT" 0 vzctl chkpnt $CT --dumpfile $out/dump
if grep -q '^Error' $out/last; then echo "# the dump refuses: $(grep -m1 '^Error' $out/last)"; fi
run "dumpinfo of its image" 0 vzctl dumpinfo $out/dump
check "the image carries its /dev/xconsole" said "dev_node: .* path=dev/xconsole mode=010640"
check "and its /dev/shm/.tmpfs" said "dev_node: .* path=dev/shm/.tmpfs mode=0100644"
run "restore of the Debian CT" 0 vzctl restore $CT --dumpfile $out/dump
for d in rsyslogd cron sshd; do
	run "$d runs after the restore" 0 vzctl exec $CT pidof $d
done
check "its /dev/xconsole is a FIFO again" vzctl exec $CT test -p /dev/xconsole
cp $priv/etc/ssh/ssh_host_ed25519_key.pub $out/hostkey

t0=$SECONDS
run "stop $CT" 0 vzctl stop $CT
echo "# stop took $((SECONDS - t0)) s"
check "it stopped without being killed" sh -c "! grep -q 'killing it' $out/last"
# sysvinit wrote its runlevel-0 record into utmp (on the private area: /run is no tmpfs here) as it
# went down: a RUN_LVL entry (type 1) whose pid is the new level's character plus 256 times the old's.
lvl=$(utmpdump $priv/run/utmp 2>/dev/null | awk -F'[][]' '$2 + 0 == 1 { p = $4 + 0 } END { printf "%c", p % 256 }')
expect_eq "init went to runlevel 0 (its rc scripts stopped the services)" 0 "$lvl"
grep -q 'rsyslogd.*exiting on signal 15' $priv/var/log/syslog ||
	echo "# rsyslogd's exit is not in its syslog: $(tail -n 3 $priv/var/log/syslog | tr '\n' '|')"
expect_eq "nothing is left" none "$(leftovers $CT)"

run "start $CT again" 0 vzctl start $CT
run "runlevel after the second start" 0 vzctl exec $CT runlevel
check "runlevel 2 again" said "^N 2$"
check "it keeps its SSH host key" cmp -s $priv/etc/ssh/ssh_host_ed25519_key.pub $out/hostkey
run "stop $CT again" 0 vzctl stop $CT
run "destroy $CT" 0 vzctl destroy $CT
done_testing
