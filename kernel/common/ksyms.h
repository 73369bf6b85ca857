/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_KSYMS_H
#define _VZ_KSYMS_H

/* One kernel symbol a module needs that is not exported, and where to keep its address. */
struct vz_ksym {
	const char *name;
	void **addr;
};

/*
 * Resolve every symbol of @syms through kallsyms, once, at module load.
 * Fails with -ENOENT, naming the first symbol missing, so a kernel that
 * lacks one refuses the module at once rather than failing later.
 */
int vz_ksyms_resolve(const struct vz_ksym *syms, unsigned int n);

#endif /* _VZ_KSYMS_H */
