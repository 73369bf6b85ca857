// SPDX-License-Identifier: GPL-2.0
/* unixpair01: datagram socketpairs through checkpoint and restore (the checks: unixpair.h). */
#include "zdtm.h"

#include "unixpair.h"

int main(int argc, char **argv)
{
	up_main(argc, argv, SOCK_DGRAM);
	return 0;
}
