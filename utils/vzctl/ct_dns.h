/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT's name servers and search domains (OpenVZ's NAMESERVER and
 * SEARCHDOMAIN, `vzctl set --nameserver/--searchdomain`), written into its
 * /etc/resolv.conf as OpenVZ's set_dns script did: the nameserver lines
 * (or the search line) replaced, every other line kept.
 */
#ifndef VZCTL_CT_DNS_H
#define VZCTL_CT_DNS_H

#include <stddef.h>

#define CT_DNS_LIST_MAX	512	/* a NAMESERVER or SEARCHDOMAIN value, spaces between */

/* One --nameserver value: an IPv4 or IPv6 address, or "inherit" (the host's). 0 or -1. */
int ct_dns_parse_server(const char *s, char *err, size_t errlen);
/* One --searchdomain value: a domain name. 0 or -1. */
int ct_dns_parse_domain(const char *s, char *err, size_t errlen);

/* Append @word to the space-separated @list of @len bytes, unless it holds it. 0 or -1 if full. */
int ct_dns_list_add(char *list, size_t len, const char *word);

/*
 * Rewrite @private's etc/resolv.conf: when @servers is set, its nameserver
 * lines become @servers ("inherit" stands for the host's own); when @search
 * is set, its search and domain lines become one search line. 0, or -1 with
 * errno (ct_file_strerror() says it).
 */
int ct_dns_write(const char *private, const char *servers, const char *search);

#endif
