/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_KSYMS_H
#define _VZ_KSYMS_H

#include <linux/types.h>

/*
 * How a module uses an unexported symbol. Under IBT (CONFIG_X86_KERNEL_IBT)
 * an indirect call lands only on an ENDBR64, and the kernel seals (turns into
 * a NOP) the ENDBR of every function it never calls indirectly itself: a
 * function we call, or hand to the kernel to call, must start with one.
 */
enum vz_ksym_kind {
	VZ_KSYM_CALL,	/* a function called through the pointer */
	VZ_KSYM_DATA,	/* an object, or a function only compared against */
};

/* One kernel symbol a module needs that is not exported, and where to keep its address. */
struct vz_ksym {
	const char *name;
	void **addr;
	enum vz_ksym_kind kind;
};

/*
 * A table entry for the pointer ksym_<field>. Each pointer is declared in
 * <module>_ksyms.h with the kernel's own type (typeof the header's
 * declaration), so a changed prototype breaks the build, not the call.
 */
#define VZ_KSYM_AS(field, sym, kind)	{ sym, (void **)&ksym_##field, kind }
#define VZ_KSYM(field, kind)		VZ_KSYM_AS(field, #field, kind)

/*
 * Resolve every symbol of @syms through kallsyms, once, at module load.
 * Fails with -ENOENT naming the first symbol missing, and with -EOPNOTSUPP
 * on a kernel where calling it through a pointer would trap (CFI, or IBT
 * with the function's ENDBR sealed), so such a kernel refuses the module
 * at once rather than oopsing later.
 */
int vz_ksyms_resolve(const struct vz_ksym *syms, unsigned int n);

/*
 * The address of data @name in a module that may not be loaded, looked up
 * when it is used rather than at load: 0 when absent. The caller keeps that
 * module loaded (symbol_get() of one of its exports) while it uses it.
 */
unsigned long vz_ksym_lookup(const char *name);

#endif /* _VZ_KSYMS_H */
