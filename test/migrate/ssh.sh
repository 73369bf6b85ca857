# Sourced by the guests of two-guest runs (test/migrate/, bench/migtwo-*.sh): on the destination
# (10.77.0.2) Debian's sshd with the host and root keys the host side made (in /mnt/share), and IP
# forwarding, by which the source reaches the CTs that came over; on the source (10.77.0.1) the
# ssh options of its vzmigrate, with that root key.
# shellcheck shell=bash

# mig_sshd: starts it (its pid in /tmp/sshd/sshd.pid); fails if it does not start.
mig_sshd() {
	local k=/tmp/sshd

	sysctl -qw net.ipv4.ip_forward=1 || return 1
	# sshd without PAM refuses a locked account ('!' in its password field): unlock root in the
	# guest's overlay copy of /etc/shadow (a key is the only way in).
	case "$(getent shadow root | cut -d: -f2)" in '!'*) sed -i 's/^root:![^:]*:/root:*:/' /etc/shadow ;; esac
	# The guest's root is the host's, and so is root's ~/.bashrc, which bash reads for every
	# command sshd runs: this host's starts pyenv, 5 s a command under TCG. A destination host's
	# root has Debian's own (the guest's overlay takes the copy).
	cp /etc/skel/.bashrc /root/.bashrc || return 1
	mkdir -p -m 700 $k
	mkdir -p /run/sshd
	install -m 600 /mnt/share/host_key $k/host_key &&
		install -m 600 /mnt/share/root_key.pub $k/authorized_keys || return 1
	cat > $k/config <<CONF
ListenAddress 10.77.0.2
HostKey $k/host_key
AuthorizedKeysFile $k/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $k/sshd.pid
CONF
	/usr/sbin/sshd -f $k/config -E $k/log
}

# mig_wait_done: until the source says it is done (/tmp/mig-done, pushed over ssh), 10 minutes at most.
mig_wait_done() {
	for _ in $(seq 1200); do [ -e /tmp/mig-done ] && return 0; sleep 0.5; done
	return 1
}

# mig_ssh_opts: the source's ssh options (for vzmigrate --ssh and dsh), in $SSH.
mig_ssh_opts() {
	mkdir -p -m 700 /tmp/key
	install -m 600 /mnt/share/root_key /tmp/key/id || return 1
	SSH="-i /tmp/key/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=20"
}

# dsh CMD...: CMD on the destination, as root.
# shellcheck disable=SC2086
dsh() { ssh -o BatchMode=yes $SSH root@10.77.0.2 "$@"; }
