/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_FAULT_H
#define _VZ_FAULT_H

#include <linux/moduleparam.h>
#include <linux/types.h>

/*
 * Fault injection for the tests' walk over every failure path. With the
 * module parameter fail_nth = N, the Nth fault point that a dump (vzcpt) or
 * an undump (vzrst) passes fails as if memory had run out; fault_points
 * then tells how many points the last one passed, so a test knows where the
 * walk ends. fail_nth = 0 (the default) never fails: a point costs one read.
 *
 * The kernel's own fault-injection framework (failslab, fail_page_alloc)
 * is not built into Debian's kernel, hence this counter of our own steps.
 */

extern unsigned int vz_fail_nth;
extern unsigned int vz_fault_points;

/* In each module's main file: its fail_nth and fault_points parameters. */
#define VZ_FAULT_PARAMS()							\
	module_param_named(fail_nth, vz_fail_nth, uint, 0644);			\
	MODULE_PARM_DESC(fail_nth,						\
			 "test only: fail the Nth fault point of each dump or undump"); \
	module_param_named(fault_points, vz_fault_points, uint, 0444);		\
	MODULE_PARM_DESC(fault_points, "fault points the last dump or undump passed")

/* A dump or undump begins: count its points from 1. */
void vz_fault_start(void);

/* Should this point fail? Logs the point it makes fail. */
bool vz_fault(const char *where);

#endif /* _VZ_FAULT_H */
