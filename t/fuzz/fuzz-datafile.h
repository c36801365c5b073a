/* fuzz-datafile.h -- write a fuzz input to a file a loader can read */
#ifndef FUZZ_DATAFILE_H
#define FUZZ_DATAFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The input as a file named like a data file; the path is static. */
static const char *
fuzz_write_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[256];
	FILE *fp;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/umkit-fuzz-%d%s",
		    (int)getpid(), suffix);
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	return path;
}

#endif
