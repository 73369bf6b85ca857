/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flags futex_wait() keeps in a task's restart_block when a wait with
 * a timeout is interrupted (kernel/futex/futex.h's FLAGS_*, private to the
 * futex code): no interface reads or sets another task's restart. The dump
 * refuses a restart with any other flag, so a kernel that changed them is
 * refused rather than misread.
 */
#ifndef _VZ_FUTEX_H
#define _VZ_FUTEX_H

#define VZ_FUTEX_SHARED		0x01U	/* FLAGS_SHARED (CONFIG_MMU): no FUTEX_PRIVATE_FLAG */
#define VZ_FUTEX_CLOCKRT	0x02U	/* FLAGS_CLOCKRT: FUTEX_CLOCK_REALTIME */
#define VZ_FUTEX_HAS_TIMEOUT	0x04U	/* FLAGS_HAS_TIMEOUT: always, in a restart */
#define VZ_FUTEX_FLAGS		(VZ_FUTEX_SHARED | VZ_FUTEX_CLOCKRT | VZ_FUTEX_HAS_TIMEOUT)

#endif
