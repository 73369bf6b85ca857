// SPDX-License-Identifier: GPL-2.0
/*
 * vzcpt: the checkpoint side. Module init/exit and /proc/cpt.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>

#include "../common/vz_access.h"

static long cpt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 abi = VZCPT_ABI_VERSION;

	if (!vz_caller_allowed())
		return -EPERM;

	switch (cmd) {
	case CPT_GET_ABI:
		return put_user(abi, (u32 __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct proc_ops cpt_proc_ops = {
	.proc_ioctl = cpt_ioctl,
	.proc_compat_ioctl = cpt_ioctl,
	.proc_lseek = noop_llseek,
};

static int __init cpt_init(void)
{
	if (!proc_create("cpt", 0400, NULL, &cpt_proc_ops)) {
		pr_err("cannot create /proc/cpt\n");
		return -ENOMEM;
	}
	pr_debug("loaded\n");
	return 0;
}

static void __exit cpt_exit(void)
{
	remove_proc_entry("cpt", NULL);
	pr_debug("unloaded\n");
}

module_init(cpt_init);
module_exit(cpt_exit);
MODULE_DESCRIPTION("vzcpt: container checkpoint");
MODULE_LICENSE("GPL");
