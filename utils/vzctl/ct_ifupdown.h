/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CT's eth0 in Debian's own network configuration, as OpenVZ's
 * debian-add_ip.sh kept its venet0 in /etc/network/interfaces: vzctl writes
 * /etc/network/interfaces.d/vzctl-eth0 from IP_ADDRESS at each start and
 * at each --ipadd/--ipdel, in a CT that has that directory (a CT without
 * ifupdown is left alone). vzctl itself puts the addresses and the default
 * route on eth0 before the CT's init runs; the stanza says the same in the
 * CT's words, idempotently (ip addr replace, ip route replace), so that the
 * init's ifup -a and an ifdown/ifup of eth0 inside the CT keep them.
 */
#ifndef VZCTL_CT_IFUPDOWN_H
#define VZCTL_CT_IFUPDOWN_H

#include <stddef.h>

#define CT_IFUPDOWN_FILE	"etc/network/interfaces.d/vzctl-eth0"

/*
 * The stanza for @nr addresses @ips (a.b.c.d[/n], checked by the config's
 * parser) of CT @ctid into @buf: its length, or -1 if it does not fit.
 */
int ct_ifupdown_stanza(unsigned int ctid, const char ips[][64], int nr, char *buf, size_t len);

/*
 * Write it into the CT's private area @private when it has
 * etc/network/interfaces.d: 0 (written, or no such directory), or -1 with
 * errno (ct_file_strerror() says it).
 */
int ct_ifupdown_write(const char *private, unsigned int ctid, const char ips[][64], int nr);

#endif
