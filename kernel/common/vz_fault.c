// SPDX-License-Identifier: GPL-2.0
/*
 * The fault points' counter (see vz_fault.h). Linked into each module, which
 * exposes the two numbers as its own parameters (VZ_FAULT_PARAMS): a
 * module_param here would take the name of both modules at once.
 */
#include <linux/atomic.h>
#include <linux/printk.h>

#include "vz_fault.h"

unsigned int vz_fail_nth;
unsigned int vz_fault_points;
static atomic_t vz_fault_seen = ATOMIC_INIT(0);

void vz_fault_start(void)
{
	atomic_set(&vz_fault_seen, 0);
	WRITE_ONCE(vz_fault_points, 0);
}

bool vz_fault(const char *where)
{
	unsigned int n = atomic_inc_return(&vz_fault_seen);

	WRITE_ONCE(vz_fault_points, n);
	if (n != READ_ONCE(vz_fail_nth))
		return false;
	pr_info("vz: fault injected at point %u (%s)\n", n, where);
	return true;
}
