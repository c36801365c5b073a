/* alloc -- memory for start-up structures, or a clean death */
#ifndef UMKIT_ALLOC_H
#define UMKIT_ALLOC_H

#include <stddef.h>

/*
 * realloc of n elements of size bytes; an overflowing size or no memory
 * prints "out of memory" and aborts.  For what a command builds before
 * its first record (templates, expressions), where there is nothing to
 * save by going on.
 */
void	*alloc_array(void *, size_t n, size_t size);
/* strndup that aborts the same way. */
char	*alloc_strndup(const char *, size_t);

#endif
