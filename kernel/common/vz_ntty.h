/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_NTTY_H
#define _VZ_NTTY_H

#include <linux/bitops.h>
#include <linux/tty.h>
#include <linux/types.h>

/*
 * drivers/tty/n_tty.c's struct n_tty_data of this 6.1 kernel, up to
 * echo_tail: private to n_tty.c, and the only place that says how many
 * bytes a line discipline holds that nobody read (read_head - read_tail),
 * whole lines or not (FIONREAD counts only whole lines in canonical mode),
 * where its lines end (read_flags), and whether echoes wait to be written.
 * The dump reads a pty's (cpt_tty.c); the restore reads it back to check
 * that the input it queued again is held as it was (rst_tty.c).
 */
struct vz_n_tty_data {
	size_t read_head;
	size_t commit_head;
	size_t canon_head;
	size_t echo_head;
	size_t echo_commit;
	size_t echo_mark;
	DECLARE_BITMAP(char_map, 256);
	unsigned long overrun_time;
	int num_overrun;
	bool no_room;
	unsigned char lnext:1, erasing:1, raw:1, real_raw:1, icanon:1;
	unsigned char push:1;
	char read_buf[N_TTY_BUF_SIZE];
	DECLARE_BITMAP(read_flags, N_TTY_BUF_SIZE);
	unsigned char echo_buf[N_TTY_BUF_SIZE];
	size_t read_tail;
	size_t line_start;
	size_t lookahead_count;
	unsigned int column;
	unsigned int canon_column;
	size_t echo_tail;
};

#endif /* _VZ_NTTY_H */
