/* SPDX-License-Identifier: GPL-2.0 */
/* Small file-system helpers shared by vzctl's commands. */
#ifndef VZCTL_UTIL_H
#define VZCTL_UTIL_H

#include <sys/types.h>

/* mkdir -p: @path and its missing parents; 0 or -1 with errno set. */
int mkdir_parents(const char *path, mode_t mode);

/* Write all @len bytes of @buf to @fd, across short writes and EINTR: 0, or -1 with errno set. */
int write_all(int fd, const void *buf, size_t len);

/* Wait for child @pid: its exit status, 128 + the signal that killed it, or -1. */
int wait_child(pid_t pid);

/*
 * Wait up to @ms for @pid to exit: 1 once it did (or was already gone), 0 if it
 * still runs, -errno. A pidfd sees it go even while it waits, a zombie, for a
 * parent to reap it.
 */
int wait_gone(pid_t pid, int ms);

#endif
