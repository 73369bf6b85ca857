// SPDX-License-Identifier: GPL-2.0
/*
 * vzrst: the restore side. Module init/exit and /proc/rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>

#include "../common/vz_access.h"

static long rst_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
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

static const struct proc_ops rst_proc_ops = {
	.proc_ioctl = rst_ioctl,
	.proc_compat_ioctl = rst_ioctl,
	.proc_lseek = noop_llseek,
};

static int __init rst_init(void)
{
	if (!proc_create("rst", 0400, NULL, &rst_proc_ops)) {
		pr_err("cannot create /proc/rst\n");
		return -ENOMEM;
	}
	pr_debug("loaded\n");
	return 0;
}

static void __exit rst_exit(void)
{
	remove_proc_entry("rst", NULL);
	pr_debug("unloaded\n");
}

module_init(rst_init);
module_exit(rst_exit);
MODULE_DESCRIPTION("vzcpt: container restore");
MODULE_LICENSE("GPL");
