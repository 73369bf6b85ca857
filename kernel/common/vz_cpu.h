/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU features an image records and a restore checks against this
 * CPU: the same CPUID words read the same way on both sides.
 */
#ifndef VZ_CPU_H
#define VZ_CPU_H

#include <linux/types.h>
#include <linux/vzcpt_image.h>
#include <asm/processor.h>

static inline void vz_cpuid_words(u32 w[VZCPT_CPUID_WORDS])
{
	u32 eax, ebx, ecx, edx;

	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_1_ECX] = ecx;
	w[VZCPT_CPUID_1_EDX] = edx;
	cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_7_EBX] = ebx;
	w[VZCPT_CPUID_7_ECX] = ecx;
	w[VZCPT_CPUID_7_EDX] = edx;
	cpuid_count(0xd, 1, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_D1_EAX] = eax;
}

#endif
