/* fuzz-caseset -- the set of first occurrences against a plain list */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caseset.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Each input byte is an operation on a set with a 1 KiB budget (48 hashes
 * in memory), so that a few hundred bytes make it write, merge and read
 * back files.  Hashes come from a small domain, to repeat often; the low
 * bit of the byte picks add or look-up.  A plain array of first
 * occurrences says what the set must answer.
 */
#define DOMAIN	128

struct model {
	int		 seen[DOMAIN];	/* epoch + 1 of the first, or 0 */
	int32_t		 owner[DOMAIN];
	long		 walked;
	int		 last;
};

static uint64_t
hash_of(int i)
{
	/* Spread, and 0 is a hash too. */
	return (uint64_t)i * 0x9e3779b97f4a7c15ULL;
}

static int
check_walk(void *arg, const struct caseset_entry *e)
{
	struct model *m = arg;
	int i;

	for (i = 0; i < DOMAIN && hash_of(i) != e->hash; i++)
		;
	/* Every hash once, ascending, each with its first occurrence. */
	if (i == DOMAIN || m->seen[i] != (int)e->epoch + 1 ||
	    m->owner[i] != e->owner ||
	    (m->walked > 0 && hash_of(m->last) >= e->hash))
		abort();
	m->last = i;
	m->walked++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct caseset *s = caseset_new(1024);
	struct model m;
	long distinct = 0;

	memset(&m, 0, sizeof(m));
	if (s == NULL)
		abort();
	for (size_t k = 0; k < size; k++) {
		int i = data[k] >> 1;
		struct caseset_entry e = {hash_of(i), (int32_t)(k % 7),
		    (uint32_t)k};

		if (data[k] & 1) {
			int found = caseset_first(s, hash_of(i), &e);

			if (found != (m.seen[i] != 0) || (found == 1 &&
			    ((int)e.epoch + 1 != m.seen[i] ||
			    e.owner != m.owner[i])))
				abort();
			continue;
		}
		if (caseset_add(s, &e) != 0)
			abort();
		if (m.seen[i] == 0) {
			m.seen[i] = (int)k + 1;
			m.owner[i] = (int32_t)(k % 7);
			distinct++;
		}
	}
	if (caseset_each(s, check_walk, &m) != 0 || m.walked != distinct)
		abort();
	caseset_free(s);
	return 0;
}
