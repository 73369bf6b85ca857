/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_VMFLAGS_H
#define _VZ_VMFLAGS_H

#include <linux/mm.h>

/*
 * The VM_* flags of a mapping that an image may carry (struct
 * vzcpt_img_vma's vm_flags), in the two sets the restore makes them from;
 * the dump refuses a mapping with any other (userfaultfd, hugetlb,
 * protection keys, a driver's), the restore an image that has one.
 */

/* What mmap() and mprotect() make of a mapping: the restore maps it so. */
#define VZ_VM_MAPPED	(VM_READ | VM_WRITE | VM_EXEC | VM_SHARED | VM_MAYREAD | \
			 VM_MAYWRITE | VM_MAYEXEC | VM_MAYSHARE | VM_GROWSDOWN | \
			 VM_ACCOUNT | VM_NORESERVE | VM_SOFTDIRTY)
/* Set by mlock() and madvise(): the restore sets them through the same calls. */
#define VZ_VM_ADVISED	(VM_LOCKED | VM_LOCKONFAULT | VM_DONTCOPY | VM_WIPEONFORK | \
			 VM_DONTDUMP | VM_HUGEPAGE | VM_NOHUGEPAGE | VM_SEQ_READ | \
			 VM_RAND_READ | VM_MERGEABLE)
/*
 * Not compared after a restore: soft-dirty tracking starts anew, and
 * VM_ACCOUNT stays on a private mapping the restore wrote into and then
 * made read-only (mprotect never uncharges).
 */
#define VZ_VM_UNCOMPARED	(VM_SOFTDIRTY | VM_ACCOUNT)

#endif /* _VZ_VMFLAGS_H */
