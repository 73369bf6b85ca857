/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vzctl's exit codes: OpenVZ's numbers (vzctl's include/vzerror.h), so that
 * scripts written for OpenVZ read them the same. Each failure is printed
 * once, where it happens, with one of these returned.
 */
#ifndef VZCTL_VZERROR_H
#define VZCTL_VZERROR_H

#define VZ_SYSTEM_ERROR			3	/* a system call failed */
#define VZ_BAD_KERNEL			5	/* cgroup2 or a namespace is missing */
#define VZ_RESOURCE_ERROR		6	/* a limit could not be set */
#define VZ_ENVCREATE_ERROR		7	/* the CT's init could not be made */
#define VZ_COMMAND_EXECUTION_ERROR	8	/* exec in the CT failed */
#define VZ_LOCKED			9	/* Container already locked */
#define VZ_NOCONFIG			10	/* global config file not found */
#define VZ_NO_ACCES			12	/* not root */
#define VZ_NOVECONFIG			14	/* CT config file not found */
#define VZ_CHKPNT_ERROR			16	/* checkpoint failed */
#define VZ_RESTORE_ERROR		17	/* restore failed */
#define VZ_BAD_IMAGE			VZ_RESTORE_ERROR	/* an image that cannot be restored */
#define VZ_INVALID_PARAMETER_SYNTAX	20	/* bad command line */
#define VZ_INVALID_PARAMETER_VALUE	21	/* bad option value */
#define VZ_VE_ROOT_NOTSET		22
#define VZ_VE_PRIVATE_NOTSET		23
#define VZ_VE_NOT_RUNNING		31	/* the CT is not running */
#define VZ_VE_RUNNING			32	/* the CT is running */
#define VZ_STOP_ERROR			33
#define VZ_CANT_ADDIP			34
#define VZ_FS_NOT_MOUNTED		40
#define VZ_FS_MOUNTED			41
#define VZ_FS_NOPRVT			43	/* the CT does not exist */
#define VZ_FS_PRVT_AREA_EXIST		44	/* the CT exists already */
#define VZ_FS_NEW_VE_PRVT		48
#define VZ_FS_MPOINTCREATE		49
#define VZ_FS_CANTMOUNT			50
#define VZ_FS_CANTUMOUNT		51
#define VZ_FS_DEL_PRVT			52
#define VZ_BADHOSTNAME			70
#define VZ_BADIP			71
#define VZ_CHANGEPASS			74	/* the password could not be set */
#define VZ_IP_INUSE			78
#define VZ_INVALID_CONFIG		85
#define VZ_OSTEMPLATE_NOT_FOUND		91
#define VZ_VETH_ERROR			130
#define VZ_CONFIG_SAVE_ERROR		139

#endif
