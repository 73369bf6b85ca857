/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_ACCESS_H
#define _VZ_ACCESS_H

#include <linux/capability.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>

/*
 * Only the host's administrator may drive checkpoint or restore: root in a
 * container owns a pid namespace of its own and must not reach the module,
 * whatever capabilities it holds inside.
 */
static inline bool vz_caller_allowed(void)
{
	return capable(CAP_SYS_ADMIN) &&
	       task_active_pid_ns(current) == &init_pid_ns;
}

#endif /* _VZ_ACCESS_H */
