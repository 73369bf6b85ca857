// SPDX-License-Identifier: GPL-2.0
/*
 * The socket options of iptables-legacy, ip6tables-legacy and
 * arptables-legacy (GET_INFO, GET_ENTRIES, SET_REPLACE, SET_ADD_COUNTERS),
 * called by the modules in a CT's network namespace: the exported way to
 * read a legacy table whole, in the layout user space has (match and target
 * names, not the kernel's pointers), and to set one, each entry checked as
 * iptables-restore's are. The GETs copy to user memory only (nf_getsockopt()
 * takes a __user buffer, and kernel_getsockopt() is gone since 5.8), and
 * SET_REPLACE writes the old counters to a __user pointer: those go through
 * a mapping made in the calling task (vzctl, in its ioctl) and unmapped
 * with the session. The SETs take kernel memory (sockptr_t).
 */
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/net.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_arp/arp_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/sock.h>

#include "vz_xt.h"

/* In the order of their NFPROTO_*, as the image has them. */
const struct vz_xt_family vz_xt_families[VZ_XT_FAMILIES] = {
	{ NFPROTO_IPV4, PF_INET, "iptables", NF_INET_NUMHOOKS, IPT_BASE_CTL,
	  offsetof(struct ipt_entry, next_offset), offsetof(struct ipt_entry, counters),
	  sizeof(struct ipt_entry), { "filter", "nat", "mangle", "raw", "security" } },
	/* arp_tables' options are on PF_INET sockets, past iptables' */
	{ NFPROTO_ARP, PF_INET, "arptables", NF_ARP_NUMHOOKS, ARPT_BASE_CTL,
	  offsetof(struct arpt_entry, next_offset), offsetof(struct arpt_entry, counters),
	  sizeof(struct arpt_entry), { "filter" } },
	{ NFPROTO_IPV6, PF_INET6, "ip6tables", NF_INET_NUMHOOKS, IP6T_BASE_CTL,
	  offsetof(struct ip6t_entry, next_offset), offsetof(struct ip6t_entry, counters),
	  sizeof(struct ip6t_entry), { "filter", "nat", "mangle", "raw", "security" } },
};

const struct vz_xt_family *vz_xt_family(u8 af)
{
	unsigned int i;

	for (i = 0; i < VZ_XT_FAMILIES; i++)
		if (vz_xt_families[i].af == af)
			return &vz_xt_families[i];
	return NULL;
}

/*
 * The three families' structures differ only in their number of hooks, @h:
 * getinfo { name[32], valid_hooks, hook_entry[h], underflow[h],
 * num_entries, size }; replace { name[32], valid_hooks, num_entries, size,
 * hook_entry[h], underflow[h], num_counters, counters (a pointer),
 * entries }; get_entries { name[32], size, entries }.
 */
#define VZ_XT_INFO_LEN(h)	(44 + 8 * (h))
#define VZ_XT_REPL_CTRS(h)	ALIGN(48 + 8 * (h), 8)
#define VZ_XT_REPL_LEN(h)	(VZ_XT_REPL_CTRS(h) + 8)
#define VZ_XT_ENTRIES_OFF	40

static void vz_xt_layout_check(void)
{
	BUILD_BUG_ON(sizeof(struct ipt_getinfo) != VZ_XT_INFO_LEN(NF_INET_NUMHOOKS));
	BUILD_BUG_ON(sizeof(struct ip6t_getinfo) != VZ_XT_INFO_LEN(NF_INET_NUMHOOKS));
	BUILD_BUG_ON(sizeof(struct arpt_getinfo) != VZ_XT_INFO_LEN(NF_ARP_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct ipt_replace, counters) != VZ_XT_REPL_CTRS(NF_INET_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct ip6t_replace, counters) != VZ_XT_REPL_CTRS(NF_INET_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct arpt_replace, counters) != VZ_XT_REPL_CTRS(NF_ARP_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct ipt_replace, entries) != VZ_XT_REPL_LEN(NF_INET_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct ip6t_replace, entries) != VZ_XT_REPL_LEN(NF_INET_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct arpt_replace, entries) != VZ_XT_REPL_LEN(NF_ARP_NUMHOOKS));
	BUILD_BUG_ON(offsetof(struct ipt_get_entries, entrytable) != VZ_XT_ENTRIES_OFF);
	BUILD_BUG_ON(offsetof(struct ip6t_get_entries, entrytable) != VZ_XT_ENTRIES_OFF);
	BUILD_BUG_ON(offsetof(struct arpt_get_entries, entrytable) != VZ_XT_ENTRIES_OFF);
	BUILD_BUG_ON(offsetof(struct xt_counters_info, counters) != VZ_XT_ENTRIES_OFF);
	BUILD_BUG_ON(VZCPT_XT_NAME != XT_TABLE_MAXNAMELEN || VZCPT_XT_HOOKS != NF_INET_NUMHOOKS);
}

/* At least @len bytes of user memory in the calling task. */
static int vz_xt_umem(struct vz_xt *x, size_t len)
{
	unsigned long addr;

	if (len <= x->ulen)
		return 0;
	if (!current->mm)
		return -EOPNOTSUPP;
	if (x->ubuf)
		vm_munmap((unsigned long)x->ubuf, x->ulen);
	x->ubuf = NULL;
	x->ulen = 0;
	len = PAGE_ALIGN(len);
	addr = vm_mmap(NULL, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	x->ubuf = (void __user *)addr;
	x->ulen = len;
	return 0;
}

int vz_xt_open(struct vz_xt *x, struct net *net, const struct vz_xt_family *fam)
{
	int err;

	vz_xt_layout_check();
	memset(x, 0, sizeof(*x));
	x->fam = fam;
	err = sock_create_kern(net, fam->pf, SOCK_DGRAM, IPPROTO_UDP, &x->sock);
	if (err)
		x->sock = NULL;
	return err;
}

void vz_xt_close(struct vz_xt *x)
{
	if (x->ubuf)
		vm_munmap((unsigned long)x->ubuf, x->ulen);
	if (x->sock)
		sock_release(x->sock);
	memset(x, 0, sizeof(*x));
}

/* GET_INFO of table @name (which it makes, if the namespace has it not): into @t. */
int vz_xt_info(struct vz_xt *x, const char *name, struct vzcpt_img_xtable *t)
{
	unsigned int h = x->fam->hooks, i;
	u32 buf[VZ_XT_INFO_LEN(VZCPT_XT_HOOKS) / 4] = {};
	int len = VZ_XT_INFO_LEN(h);
	int err = vz_xt_umem(x, len);

	if (err)
		return err;
	strscpy((char *)buf, name, VZCPT_XT_NAME);
	if (copy_to_user(x->ubuf, buf, len))
		return -EFAULT;
	err = nf_getsockopt(x->sock->sk, x->fam->pf, x->fam->opt_base, x->ubuf, &len);
	if (err)
		return err;
	if (len != VZ_XT_INFO_LEN(h) || copy_from_user(buf, x->ubuf, len))
		return -EFAULT;
	memset(t, 0, sizeof(*t));
	t->family = x->fam->af;
	strscpy(t->name, name, sizeof(t->name));
	t->valid_hooks = buf[8];
	/* a hook the table has not is at 0xffffffff in the kernel's; 0 in an image */
	for (i = 0; i < h; i++) {
		if (t->valid_hooks & (1U << i)) {
			t->hook_entry[i] = buf[9 + i];
			t->underflow[i] = buf[9 + h + i];
		}
	}
	t->num_entries = buf[9 + 2 * h];
	t->size = buf[10 + 2 * h];
	return 0;
}

/* GET_ENTRIES: table @name's @size bytes of entries; -EAGAIN if its size changed. */
int vz_xt_entries(struct vz_xt *x, const char *name, void *entries, u32 size)
{
	u32 head[VZ_XT_ENTRIES_OFF / 4] = {};
	int len = VZ_XT_ENTRIES_OFF + size;
	int err = vz_xt_umem(x, len);

	if (err)
		return err;
	strscpy((char *)head, name, VZCPT_XT_NAME);
	head[8] = size;
	if (copy_to_user(x->ubuf, head, sizeof(head)))
		return -EFAULT;
	err = nf_getsockopt(x->sock->sk, x->fam->pf, x->fam->opt_base + 1, x->ubuf, &len);
	if (err)
		return err;
	if (copy_from_user(entries, x->ubuf + VZ_XT_ENTRIES_OFF, size))
		return -EFAULT;
	return 0;
}

/* SET_REPLACE of @t's table by @t and @entries; the table has @num_counters entries now. */
int vz_xt_replace(struct vz_xt *x, const struct vzcpt_img_xtable *t, const void *entries,
		  u32 num_counters)
{
	unsigned int h = x->fam->hooks;
	size_t len = VZ_XT_REPL_LEN(h) + t->size;
	u32 *buf;
	int err;

	/* where the kernel puts the counters of the table replaced */
	err = vz_xt_umem(x, (size_t)num_counters * sizeof(struct xt_counters));
	if (err)
		return err;
	buf = kvzalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, t->name, VZCPT_XT_NAME);
	buf[8] = t->valid_hooks;
	buf[9] = t->num_entries;
	buf[10] = t->size;
	memcpy(&buf[11], t->hook_entry, 4 * h);
	memcpy(&buf[11 + h], t->underflow, 4 * h);
	buf[11 + 2 * h] = num_counters;
	*(void __user **)((void *)buf + VZ_XT_REPL_CTRS(h)) = x->ubuf;
	memcpy((void *)buf + VZ_XT_REPL_LEN(h), entries, t->size);
	err = nf_setsockopt(x->sock->sk, x->fam->pf, x->fam->opt_base, KERNEL_SOCKPTR(buf), len);
	kvfree(buf);
	return err;
}

/* SET_ADD_COUNTERS: @n counters (struct xt_counters each) added to table @name's. */
int vz_xt_add_counters(struct vz_xt *x, const char *name, const void *counters, u32 n)
{
	size_t len = VZ_XT_ENTRIES_OFF + (size_t)n * sizeof(struct xt_counters);
	u32 *buf = kvzalloc(len, GFP_KERNEL);
	int err;

	if (!buf)
		return -ENOMEM;
	strscpy((char *)buf, name, VZCPT_XT_NAME);
	buf[8] = n;
	memcpy((void *)buf + VZ_XT_ENTRIES_OFF, counters, (size_t)n * sizeof(struct xt_counters));
	err = nf_setsockopt(x->sock->sk, x->fam->pf, x->fam->opt_base + 1, KERNEL_SOCKPTR(buf),
			    len);
	kvfree(buf);
	return err;
}
