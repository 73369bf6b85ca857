/* SPDX-License-Identifier: GPL-2.0 */
/* What the TCP and UDP catalog programs share: reading and setting an int socket option. */
#ifndef INETSOCK_H
#define INETSOCK_H

#include "zdtm.h"

#include <sys/socket.h>

static inline int opt(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	zt_check(!getsockopt(fd, level, name, &v, &len), "getsockopt %d/%d: %s", level, name,
		 strerror(errno));
	return v;
}

static inline void setopt(int fd, int level, int name, int v)
{
	zt_check(!setsockopt(fd, level, name, &v, sizeof(v)), "setsockopt %d/%d: %s", level,
		 name, strerror(errno));
}

#endif /* INETSOCK_H */
