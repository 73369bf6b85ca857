/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VZCTL_CRC32C_H
#define VZCTL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * The raw crc32c (Castagnoli, reflected, polynomial 0x82f63b78) update, as
 * the kernel's crc32c(): no inversion in or out. An image record's checksum
 * is ~img_crc32c_update(img_crc32c_update(~0, header, hdr_len), payload, len).
 * Uses SSE4.2 when the CPU has it, a table otherwise.
 */
uint32_t img_crc32c_update(uint32_t crc, const void *buf, size_t len);

/* The table version alone, for the tests to compare with. */
uint32_t img_crc32c_update_sw(uint32_t crc, const void *buf, size_t len);

#endif
