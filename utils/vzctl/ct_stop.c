// SPDX-License-Identifier: GPL-2.0
/*
 * Stopping a container: its init is asked to shut down with the signal its
 * kind takes as such (ct_boot.c: SIGPWR for sysvinit, whose rc scripts then
 * stop the CT's services), and whatever is left once it is down, or when
 * STOP_TIMEOUT runs out, dies with the cgroup (cgroup.kill). Then what the
 * start made is taken apart in reverse.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "ct.h"
#include "ct_boot.h"
#include "net.h"
#include "util.h"
#include "vzerror.h"

void ct_cleanup(const struct ctconf *cc)
{
	net_teardown(cc->ctid);
	if (cg_exists(cc->ctid)) {
		cg_kill_all(cc->ctid, 5000);
		cg_destroy(cc->ctid);
	}
	ct_remove_pidfile(cc->ctid);
	ct_umount(cc);
}

int ct_stop(const struct ctconf *cc, int fast)
{
	pid_t init = ct_running_init(cc->ctid);

	if (!init) {
		fprintf(stderr, "Error: CT %u is not running\n", cc->ctid);
		return VZ_VE_NOT_RUNNING;
	}
	printf("Stopping container ...\n");
	if (!fast) {
		if (kill(init, ct_init_stop_signal(ct_init_kind(init))) && errno != ESRCH) {
			fprintf(stderr, "Error: CT %u: unable to signal its init: %s\n", cc->ctid,
				strerror(errno));
			return VZ_STOP_ERROR;
		}
		if (!ct_wait_down(cc->ctid, init, (int)cc->stop_timeout * 1000))
			printf("Container did not stop in %u s, killing it\n", cc->stop_timeout);
	}
	if (cg_kill_all(cc->ctid, 10000)) {
		fprintf(stderr, "Error: CT %u: unable to kill its processes\n", cc->ctid);
		return VZ_STOP_ERROR;
	}
	wait_gone(init, 5000);
	printf("Container was stopped\n");
	ct_cleanup(cc);
	printf("Container is unmounted\n");
	return 0;
}
