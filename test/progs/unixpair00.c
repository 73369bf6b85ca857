// SPDX-License-Identifier: GPL-2.0
/* unixpair00: stream socketpairs through checkpoint and restore (the checks: unixpair.h). */
#include "zdtm.h"

#include "unixpair.h"

int main(int argc, char **argv)
{
	up_main(argc, argv, SOCK_STREAM);
	return 0;
}
