/* alloc -- memory for start-up structures, or a clean death */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void *
alloc_array(void *p, size_t n, size_t size)
{
	if (n != 0 && size > ((size_t)-1) / n)
		abort();
	if ((p = realloc(p, n * size)) == NULL && n != 0) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

char *
alloc_strndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}
