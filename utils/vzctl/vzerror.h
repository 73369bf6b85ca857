/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vzctl's exit codes, OpenVZ's numbers where OpenVZ had them. Each failure
 * is printed once, where it happens, with one of these returned.
 */
#ifndef VZCTL_VZERROR_H
#define VZCTL_VZERROR_H

#define VZ_INVALID_PARAMETER_SYNTAX	2	/* bad command line */
#define VZ_SYSTEM_ERROR			3	/* a system call failed */
#define VZ_LOCKED			9	/* Container already locked */
#define VZ_VE_NOT_RUNNING		31	/* the CT is not running */
#define VZ_CHKPNT_ERROR			16	/* checkpoint failed */
#define VZ_RESTORE_ERROR		17	/* restore failed */
#define VZ_BAD_IMAGE			VZ_RESTORE_ERROR	/* an image that cannot be restored */

#endif
