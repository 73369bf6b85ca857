// SPDX-License-Identifier: GPL-2.0
/*
 * Every lookup of an unexported kernel symbol goes through here.
 * kallsyms_lookup_name itself is not exported since 5.7; a kprobe on it
 * tells its address. Linked into both modules, so KBUILD_MODNAME names
 * both: messages name the module loading.
 */

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>

#include "ksyms.h"

#undef pr_fmt
#define pr_fmt(fmt) "%s: " fmt, THIS_MODULE->name

/* endbr64 (f3 0f 1e fa) as the first four bytes of a function read little-endian. */
#define VZ_ENDBR64	0xfa1e0ff3U

static bool ksym_check_endbr;
module_param(ksym_check_endbr, bool, 0444);
MODULE_PARM_DESC(ksym_check_endbr,
		 "check each called kernel function starts with ENDBR64 even without IBT (tests)");

typedef unsigned long (*vz_lookup_fn)(const char *name);

/* kallsyms_lookup_name, kept by vz_ksyms_resolve() for vz_ksym_lookup() */
static vz_lookup_fn vz_lookup;

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

static bool vz_ibt_active(void)
{
#ifdef CONFIG_X86_KERNEL_IBT
	if (cpu_feature_enabled(X86_FEATURE_IBT))
		return true;
#endif
	return ksym_check_endbr;
}

/*
 * Under IBT an indirect call to a function whose ENDBR the kernel sealed
 * (it never takes its address itself) raises #CP: refuse the module instead.
 */
static int vz_check_endbr(const char *name, unsigned long a)
{
	u32 insn = 0;

	if (!vz_ibt_active())
		return 0;
	if (copy_from_kernel_nofault(&insn, (void *)a, sizeof(insn)) || insn != VZ_ENDBR64) {
		pr_err("kernel function %s does not start with ENDBR64 (%#x): an indirect call to it would trap under IBT; this kernel is not supported\n",
		       name, insn);
		return -EOPNOTSUPP;
	}
	return 0;
}

int vz_ksyms_resolve(const struct vz_ksym *syms, unsigned int n)
{
	vz_lookup_fn lookup;
	unsigned int i;
	unsigned long a;
	int err;

	/* Clang CFI checks each indirect call against the callee's type hash; ours have none. */
	if (IS_ENABLED(CONFIG_CFI_CLANG)) {
		pr_err("this kernel has CFI_CLANG: calls through kallsyms would trap; not supported\n");
		return -EOPNOTSUPP;
	}
	lookup = vz_find_lookup();
	if (!lookup) {
		pr_err("cannot find kallsyms_lookup_name through a kprobe\n");
		return -ENOENT;
	}
	err = vz_check_endbr("kallsyms_lookup_name", (unsigned long)lookup);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		a = lookup(syms[i].name);
		if (!a) {
			pr_err("kernel symbol %s not found\n", syms[i].name);
			return -ENOENT;
		}
		err = syms[i].kind == VZ_KSYM_CALL ? vz_check_endbr(syms[i].name, a) : 0;
		if (err)
			return err;
		*syms[i].addr = (void *)a;
	}
	vz_lookup = lookup;
	return 0;
}

unsigned long vz_ksym_lookup(const char *name)
{
	return vz_lookup ? vz_lookup(name) : 0;
}
