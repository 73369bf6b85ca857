/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_INOTIFY_H
#define _VZ_INOTIFY_H

#include <linux/fsnotify_backend.h>
#include <linux/types.h>

/*
 * The kernel's struct inotify_event_info (fs/notify/inotify/inotify.h of
 * this 6.1 kernel), private to fs/notify: a queued event's fields are only
 * in it, no call reads an event without taking it off the queue, and none
 * queues one but inotify's own handler, from a real change of a file. The
 * dump reads the queue's events (cpt_inotify.c); the restore allocates
 * them as that handler does, for inotify's free_event to kfree() (rst_inotify.c).
 */
struct vz_inotify_event {
	struct fsnotify_event fse;
	u32 mask;
	int wd;
	u32 sync_cookie;
	int name_len;
	char name[];
};

#endif /* _VZ_INOTIFY_H */
