// SPDX-License-Identifier: GPL-2.0
/*
 * Every lookup of an unexported kernel symbol goes through here.
 * kallsyms_lookup_name itself is not exported since 5.7; a kprobe on it
 * tells its address.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>

#include "ksyms.h"

typedef unsigned long (*vz_lookup_fn)(const char *name);

static vz_lookup_fn vz_find_lookup(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	vz_lookup_fn fn;

	if (register_kprobe(&kp) < 0)
		return NULL;
	fn = (vz_lookup_fn)kp.addr;
	unregister_kprobe(&kp);
	return fn;
}

int vz_ksyms_resolve(const struct vz_ksym *syms, unsigned int n)
{
	vz_lookup_fn lookup = vz_find_lookup();
	unsigned int i;
	unsigned long a;

	if (!lookup) {
		pr_err("cannot find kallsyms_lookup_name through a kprobe\n");
		return -ENOENT;
	}
	for (i = 0; i < n; i++) {
		a = lookup(syms[i].name);
		if (!a) {
			pr_err("kernel symbol %s not found\n", syms[i].name);
			return -ENOENT;
		}
		*syms[i].addr = (void *)a;
	}
	return 0;
}
