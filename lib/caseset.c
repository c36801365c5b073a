/* caseset -- the first occurrence of each case, in bounded memory */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caseset.h"

#define EMPTY		INT32_MIN	/* the owner of an empty slot */
#define MIN_BUDGET	1024
#define BLOCK		1024	/* entries a look-up reads; one index hash each */
#define FANOUT		8	/* files of one level merged into one */
#define CHUNK		512	/* entries a merge reads or writes at once */

/*
 * A sorted run of entries, one per hash: a temporary file, or the table
 * itself once caseset_each has sorted it.  Older runs come first, and an
 * older run's entry of a hash is the first occurrence.
 */
struct run {
	int		 fd;		/* -1 for the table */
	const struct caseset_entry *mem;
	size_t		 n;
	uint64_t	*index;		/* the first hash of each BLOCK */
	size_t		 nindex;
	int		 level;		/* merged this many times */
};

struct caseset {
	struct caseset_entry *slots;	/* open addressing by hash */
	size_t		 cap, n, max;
	size_t		 budget_cap;	/* the most slots within the budget */
	struct run	*runs;
	size_t		 nruns, runs_alloc, spills;
	struct caseset_entry *block;	/* a look-up's read */
	bool		 walked;
};

/* A run being written. */
struct writer {
	struct run	 run;
	size_t		 index_alloc, have;
	struct caseset_entry buf[CHUNK];
};

/* A run being read, CHUNK entries at a time. */
struct reader {
	const struct run *run;
	size_t		 next;		/* the run's entries read so far */
	const struct caseset_entry *buf;
	size_t		 have, at;
	struct caseset_entry *own;	/* buf, for a file */
};

static void
table_clear(struct caseset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		s->slots[i].owner = EMPTY;
	s->n = 0;
}

struct caseset *
caseset_new(size_t budget)
{
	struct caseset *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if (budget < MIN_BUDGET)
		budget = MIN_BUDGET;
	/* The largest power of two of slots within the budget. */
	for (s->budget_cap = MIN_BUDGET / sizeof(*s->slots);
	    s->budget_cap * 2 * sizeof(*s->slots) <= budget;
	    s->budget_cap *= 2)
		;
	/* The table starts small and grows: few cases cost little. */
	s->cap = MIN_BUDGET / sizeof(*s->slots);
	s->max = s->cap / 4 * 3;
	if ((s->slots = malloc(s->cap * sizeof(*s->slots))) == NULL) {
		free(s);
		return NULL;
	}
	table_clear(s);
	return s;
}

/* Temporary files ---------------------------------------------------------- */

/* A new temporary file, already unlinked: it goes when it is closed. */
static int
temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd, saved;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (asprintf(&path, "%s/umkit-caseset.XXXXXX", dir) < 0)
		return -1;
	fd = mkstemp(path);
	saved = errno;
	if (fd >= 0)
		unlink(path);
	free(path);
	errno = saved;
	return fd;
}

static int
read_entries(int fd, struct caseset_entry *buf, size_t count, size_t first)
{
	char *p = (char *)buf;
	size_t left = count * sizeof(*buf);
	off_t off = (off_t)(first * sizeof(*buf));

	while (left > 0) {
		ssize_t r = pread(fd, p, left, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;	/* the file was cut short */
			return -1;
		}
		p += r;
		left -= (size_t)r;
		off += r;
	}
	return 0;
}

static int
writer_open(struct writer *w, int level)
{
	memset(&w->run, 0, sizeof(w->run));
	w->run.level = level;
	w->index_alloc = w->have = 0;
	return (w->run.fd = temp_file()) < 0 ? -1 : 0;
}

static int
writer_flush(struct writer *w)
{
	const char *p = (const char *)w->buf;
	size_t left = w->have * sizeof(w->buf[0]);

	while (left > 0) {
		ssize_t r = write(w->run.fd, p, left);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		p += r;
		left -= (size_t)r;
	}
	w->have = 0;
	return 0;
}

static int
writer_put(void *arg, const struct caseset_entry *e)
{
	struct writer *w = arg;
	struct run *r = &w->run;

	if (r->n % BLOCK == 0) {
		if (r->nindex == w->index_alloc) {
			size_t n = w->index_alloc ? w->index_alloc * 2 : 16;
			uint64_t *p = realloc(r->index, n * sizeof(*p));

			if (p == NULL)
				return -1;
			r->index = p;
			w->index_alloc = n;
		}
		r->index[r->nindex++] = e->hash;
	}
	w->buf[w->have++] = *e;
	r->n++;
	return w->have == CHUNK ? writer_flush(w) : 0;
}

static void
run_free(struct run *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->index);
}

/* Merging ------------------------------------------------------------------- */

/* 1 when the reader has an entry at buf[at], 0 at the end, -1 on error. */
static int
reader_fill(struct reader *rd)
{
	const struct run *r = rd->run;
	size_t k;

	if (rd->at < rd->have)
		return 1;
	if (rd->next == r->n)
		return 0;
	k = r->n - rd->next < CHUNK ? r->n - rd->next : CHUNK;
	if (r->fd < 0)
		rd->buf = r->mem + rd->next;
	else {
		if (rd->own == NULL &&
		    (rd->own = malloc(CHUNK * sizeof(*rd->own))) == NULL)
			return -1;
		if (read_entries(r->fd, rd->own, k, rd->next) != 0)
			return -1;
		rd->buf = rd->own;
	}
	rd->next += k;
	rd->have = k;
	rd->at = 0;
	return 1;
}

/*
 * Walks k runs together by hash, giving fn each hash once: the entry of
 * the oldest run that has it.
 */
static int
merge_runs(const struct run *runs, size_t k,
    int (*fn)(void *, const struct caseset_entry *), void *arg)
{
	struct reader *rd = calloc(k, sizeof(*rd));
	int status = 0;

	if (rd == NULL)
		return -1;
	for (size_t i = 0; i < k; i++)
		rd[i].run = &runs[i];
	for (;;) {
		const struct caseset_entry *best = NULL;
		struct caseset_entry first;

		for (size_t i = 0; i < k; i++) {
			const struct caseset_entry *e;
			int r = reader_fill(&rd[i]);

			if (r < 0) {
				status = -1;
				goto done;
			}
			if (r == 0)
				continue;
			e = &rd[i].buf[rd[i].at];
			/* Strictly smaller: on a tie the older run wins. */
			if (best == NULL || e->hash < best->hash)
				best = e;
		}
		if (best == NULL)
			break;
		first = *best;
		for (size_t i = 0; i < k; i++)
			if (rd[i].at < rd[i].have &&
			    rd[i].buf[rd[i].at].hash == first.hash)
				rd[i].at++;
		if ((status = fn(arg, &first)) != 0)
			break;
	}
done:
	for (size_t i = 0; i < k; i++)
		free(rd[i].own);
	free(rd);
	return status;
}

static int
push_run(struct caseset *s, const struct run *r)
{
	if (s->nruns == s->runs_alloc) {
		size_t n = s->runs_alloc ? s->runs_alloc * 2 : 8;
		struct run *p = realloc(s->runs, n * sizeof(*p));

		if (p == NULL)
			return -1;
		s->runs = p;
		s->runs_alloc = n;
	}
	s->runs[s->nruns++] = *r;
	return 0;
}

/* Merges the newest FANOUT runs while they are of one level. */
static int
compact(struct caseset *s)
{
	while (s->nruns >= FANOUT) {
		struct run *tail = s->runs + s->nruns - FANOUT;
		struct writer *w;
		bool same = true;

		for (size_t i = 1; i < FANOUT; i++)
			same = same && tail[i].level == tail[0].level;
		if (!same)
			return 0;
		if ((w = malloc(sizeof(*w))) == NULL)
			return -1;
		if (writer_open(w, tail[0].level + 1) != 0 ||
		    merge_runs(tail, FANOUT, writer_put, w) != 0 ||
		    writer_flush(w) != 0) {
			run_free(&w->run);
			free(w);
			return -1;
		}
		for (size_t i = 0; i < FANOUT; i++)
			run_free(&tail[i]);
		tail[0] = w->run;
		s->nruns -= FANOUT - 1;
		free(w);
	}
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct caseset_entry *)a)->hash;
	uint64_t y = ((const struct caseset_entry *)b)->hash;

	return (x > y) - (x < y);
}

/* Moves the table's entries to its front, sorted by hash; their count. */
static size_t
table_sort(struct caseset *s)
{
	size_t k = 0;

	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i].owner != EMPTY)
			s->slots[k++] = s->slots[i];
	qsort(s->slots, k, sizeof(*s->slots), entry_cmp);
	return k;
}

/* Writes the table out as the newest run and empties it. */
static int
spill(struct caseset *s)
{
	size_t k = table_sort(s);
	struct writer *w = malloc(sizeof(*w));
	int status = -1;

	if (w == NULL)
		return -1;
	if (writer_open(w, 0) != 0)
		goto fail;
	for (size_t i = 0; i < k; i++)
		if (writer_put(w, &s->slots[i]) != 0)
			goto fail;
	if (writer_flush(w) != 0 || push_run(s, &w->run) != 0)
		goto fail;
	s->spills++;
	table_clear(s);
	status = compact(s);
	free(w);
	return status;
fail:
	run_free(&w->run);
	free(w);
	return -1;
}

/* Doubles the table, when the budget allows: 0, else -1. */
static int
table_grow(struct caseset *s)
{
	size_t cap = s->cap * 2, mask = cap - 1;
	struct caseset_entry *slots;

	if (cap > s->budget_cap ||
	    (slots = malloc(cap * sizeof(*slots))) == NULL)
		return -1;
	for (size_t i = 0; i < cap; i++)
		slots[i].owner = EMPTY;
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;

		if (s->slots[i].owner == EMPTY)
			continue;
		for (j = (size_t)s->slots[i].hash & mask;
		    slots[j].owner != EMPTY; j = (j + 1) & mask)
			;
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	s->max = cap / 4 * 3;
	return 0;
}

/* The set ------------------------------------------------------------------ */

int
caseset_add(struct caseset *s, const struct caseset_entry *e)
{
	size_t mask = s->cap - 1, j;

	if (s->walked) {
		errno = EINVAL;
		return -1;
	}
	for (j = (size_t)e->hash & mask; s->slots[j].owner != EMPTY;
	    j = (j + 1) & mask)
		if (s->slots[j].hash == e->hash)
			return 0;
	s->slots[j] = *e;
	if (++s->n < s->max || table_grow(s) == 0)
		return 0;
	/* At the budget (or out of memory to grow): out to a file. */
	return spill(s);
}

/* Looks a hash up in a run: binary search of its index, then its block. */
static int
run_find(struct caseset *s, const struct run *r, uint64_t hash,
    struct caseset_entry *out)
{
	size_t lo = 0, hi = r->nindex, start, count;
	const struct caseset_entry *blk;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->index[mid] <= hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	start = (lo - 1) * BLOCK;
	count = r->n - start < BLOCK ? r->n - start : BLOCK;
	if (s->block == NULL &&
	    (s->block = malloc(BLOCK * sizeof(*s->block))) == NULL)
		return -1;
	if (read_entries(r->fd, s->block, count, start) != 0)
		return -1;
	blk = s->block;
	for (lo = 0, hi = count; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (blk[mid].hash == hash) {
			*out = blk[mid];
			return 1;
		}
		if (blk[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
caseset_first(struct caseset *s, uint64_t hash, struct caseset_entry *first)
{
	size_t mask = s->cap - 1;

	if (s->walked) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < s->nruns; i++) {
		int r = run_find(s, &s->runs[i], hash, first);

		if (r != 0)
			return r;
	}
	for (size_t j = (size_t)hash & mask; s->slots[j].owner != EMPTY;
	    j = (j + 1) & mask)
		if (s->slots[j].hash == hash) {
			*first = s->slots[j];
			return 1;
		}
	return 0;
}

int
caseset_each(struct caseset *s,
    int (*fn)(void *arg, const struct caseset_entry *), void *arg)
{
	struct run table = {-1, NULL, 0, NULL, 0, 0};

	if (s->walked) {
		errno = EINVAL;
		return -1;
	}
	s->walked = true;
	table.n = table_sort(s);
	table.mem = s->slots;
	if (push_run(s, &table) != 0)
		return -1;
	return merge_runs(s->runs, s->nruns, fn, arg);
}

size_t
caseset_spills(const struct caseset *s)
{
	return s->spills;
}

void
caseset_free(struct caseset *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nruns; i++)
		run_free(&s->runs[i]);
	free(s->runs);
	free(s->slots);
	free(s->block);
	free(s);
}
