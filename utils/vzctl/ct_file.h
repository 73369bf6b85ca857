/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files inside a container's private area or root, which the CT's root
 * owns: any name in it may be a symlink out of the CT, a FIFO, a device or
 * a hard link to a host file by the time vzctl opens it. Every such file is
 * reached from an O_PATH fd of the CT's root with symlinks (and "..")
 * resolved inside that root, the last component not followed, and only a
 * regular file accepted; a write never goes through the old file but
 * replaces it by a new one renamed into place within the same directory.
 */
#ifndef VZCTL_CT_FILE_H
#define VZCTL_CT_FILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Replace @rel (relative to @root, e.g. "etc/hostname") by a regular file
 * holding @len bytes of @buf. An existing regular file keeps its mode and
 * owner; a new one gets @mode, owned by root. An existing name that is no
 * regular file is refused: errno ELOOP for a symlink, EINVAL for a FIFO,
 * directory or device. Returns 0 or -1 with errno.
 */
int ct_file_write(const char *root, const char *rel, const void *buf, size_t len, mode_t mode);

/*
 * Read up to @len - 1 bytes of the regular file @rel under @root into @buf,
 * NUL-terminated. Returns the byte count, or -1 with errno (ELOOP for a
 * symlink as the last component, EINVAL for a file that is not regular).
 */
ssize_t ct_file_read(const char *root, const char *rel, char *buf, size_t len);

/*
 * An O_RDONLY directory fd of @rel under @root (for listing it: fdopendir),
 * the last component not followed either. Returns the fd or -1 with errno.
 */
int ct_file_opendir(const char *root, const char *rel);

/* Why a ct_file_* call failed with @err, in the words of its refusals. */
const char *ct_file_strerror(int err);

#endif
