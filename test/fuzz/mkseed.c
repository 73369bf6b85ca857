// SPDX-License-Identifier: GPL-2.0
/* Write the unit tests' sample image (every record type) as a seed for fuzz_image. */
#include <stdio.h>

#include "imgbuild.h"

int main(int argc, char **argv)
{
	struct imgb b;
	FILE *f;

	if (argc != 2)
		return 2;
	imgb_init(&b);
	imgb_sample(&b, NULL, NULL);
	f = fopen(argv[1], "wb");
	if (!f || fwrite(b.buf, 1, b.len, f) != b.len || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	imgb_free(&b);
	return 0;
}
