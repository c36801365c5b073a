/* caseset -- the first occurrence of each case, in bounded memory */
#ifndef UMKIT_CASESET_H
#define UMKIT_CASESET_H

#include <stddef.h>
#include <stdint.h>

/* An occurrence of a case; the caller says what owner and epoch mean. */
struct caseset_entry {
	uint64_t	 hash;		/* of the case id */
	int32_t		 owner;		/* whose case it is; not INT32_MIN */
	uint32_t	 epoch;		/* which input it came from */
};

/*
 * Remembers, for each hash, its first occurrence.  Up to a budget of bytes
 * the entries stay in a hash table; past it the table is written out,
 * sorted, to a temporary file in $TMPDIR (else /tmp) that is unlinked at
 * once, and files of one size are merged eight into one, so that memory
 * stays within the budget whatever the number of cases, and a look-up
 * reads one block of each of a few dozen files at most.
 */
struct caseset;

/* NULL when out of memory; a budget below 1024 bytes counts as 1024. */
struct caseset	*caseset_new(size_t budget);
/*
 * Adds an occurrence; for a hash added before, the earlier one stays the
 * first.  -1 with errno set when a temporary file cannot be written.
 */
int		 caseset_add(struct caseset *, const struct caseset_entry *);
/* The first occurrence of a hash: 1 and *first set, 0 when none, -1. */
int		 caseset_first(struct caseset *, uint64_t hash,
		    struct caseset_entry *first);
/*
 * Calls fn with the first occurrence of each hash, by hash ascending; a
 * non-zero return of fn stops the walk and is returned.  -1 with errno
 * set on a read or write error.  Nothing can be added afterwards.
 */
int		 caseset_each(struct caseset *,
		    int (*fn)(void *arg, const struct caseset_entry *),
		    void *arg);
/* The temporary files made so far: for tests and for the curious. */
size_t		 caseset_spills(const struct caseset *);
void		 caseset_free(struct caseset *);

#endif
