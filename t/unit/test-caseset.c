/* test-caseset -- first occurrences in memory and spilled to files */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include "caseset.h"
#include "tap.h"

/*
 * A stream where each hash comes back several times with other owners:
 * occurrence i is case (i * 7919) % ncases, owned by i % 13, epoch i.
 * The first occurrence of case c is the smallest such i.
 */
#define NCASES	3000
#define NOCCUR	12000
/* caseset.c merges this many files of one size into one. */
#define FANOUT_WANTED	8

static uint64_t
hash_of(uint32_t c)
{
	/* Distinct for distinct c, and spread; zero is a case too. */
	return c == 0 ? 0 : (uint64_t)c * 0x9e3779b97f4a7c15ULL;
}

static uint32_t
case_at(uint32_t i)
{
	return (uint32_t)(((uint64_t)i * 7919) % NCASES);
}

/* The open file descriptors of this process. */
static int
open_files(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

struct walk {
	uint32_t	 first[NCASES];	/* the wanted epoch of each case */
	uint64_t	 last;
	long		 n, wrong_order, wrong_first, unknown;
	int		 stop_after;
};

static int
check_entry(void *arg, const struct caseset_entry *e)
{
	struct walk *w = arg;
	uint32_t c;

	if (w->n > 0 && e->hash <= w->last)
		w->wrong_order++;
	w->last = e->hash;
	w->n++;
	c = case_at(e->epoch);
	if (hash_of(c) != e->hash || (uint32_t)e->owner != e->epoch % 13)
		w->unknown++;
	else if (w->first[c] != e->epoch)
		w->wrong_first++;
	return w->stop_after > 0 && w->n == w->stop_after ? 7 : 0;
}

/* Feeds the stream to a set of this budget and checks what it gives. */
static void
run_stream(size_t budget, const char *what)
{
	struct caseset *s = caseset_new(budget);
	struct walk *w = calloc(1, sizeof(*w));
	long found = 0, right = 0, absent = 0;
	struct caseset_entry e;
	int files = open_files();

	for (uint32_t c = 0; c < NCASES; c++)
		w->first[c] = UINT32_MAX;
	for (uint32_t i = 0; i < NOCCUR; i++) {
		uint32_t c = case_at(i);
		struct caseset_entry add = {hash_of(c), (int32_t)(i % 13), i};

		if (w->first[c] == UINT32_MAX)
			w->first[c] = i;
		if (caseset_add(s, &add) != 0)
			ok(0, "%s: add %u", what, i);
	}
	/* 250 files of 48 entries at 1 KiB: 3 x 64 + 7 x 8 + 2 x 1 after merging. */
	ok(open_files() - files <= 3 * (FANOUT_WANTED - 1),
	    "%s: files of one size are merged: %d open", what,
	    open_files() - files);
	for (uint32_t c = 0; c < NCASES; c++)
		if (caseset_first(s, hash_of(c), &e) == 1) {
			found++;
			right += e.epoch == w->first[c] &&
			    e.owner == (int32_t)(w->first[c] % 13);
		}
	for (uint32_t c = NCASES; c < NCASES + 500; c++)
		absent += caseset_first(s, hash_of(c), &e) == 0;
	is_int(found, NCASES, "%s: every case is found", what);
	is_int(right, NCASES, "%s: each with its first occurrence", what);
	is_int(absent, 500, "%s: hashes never added are not found", what);
	is_int(caseset_each(s, check_entry, w), 0, "%s: the walk ends", what);
	is_int(w->n, NCASES, "%s: the walk gives each case once", what);
	is_int(w->wrong_order, 0, "%s: by hash ascending", what);
	is_int(w->unknown + w->wrong_first, 0,
	    "%s: each the first occurrence", what);
	e.hash = 1;
	e.owner = 0;
	e.epoch = 0;
	ok(caseset_add(s, &e) == -1 && errno == EINVAL,
	    "%s: nothing is added after the walk", what);
	diag("%s: %zu temporary files written", what, caseset_spills(s));
	caseset_free(s);
	free(w);
}

static void
test_spills(void)
{
	struct caseset *s = caseset_new(1024);
	struct caseset_entry e = {0, 1, 0};

	/* 1024 bytes: 64 slots, written out at 48 entries. */
	for (uint32_t i = 0; i < 47; i++) {
		e.hash = hash_of(i + 1);
		caseset_add(s, &e);
	}
	is_int(caseset_spills(s), 0, "47 cases stay in memory");
	e.hash = hash_of(48);
	caseset_add(s, &e);
	is_int(caseset_spills(s), 1, "the 48th fills the table: a file");
	/* The table starts empty again; a repeat already in it is free. */
	for (uint32_t i = 0; i < 47; i++) {
		e.hash = hash_of(i + 1);
		caseset_add(s, &e);
		caseset_add(s, &e);
	}
	is_int(caseset_spills(s), 1, "47 cases added twice after it: no "
	    "second file");
	e.hash = hash_of(1000);
	caseset_add(s, &e);
	is_int(caseset_spills(s), 2, "one more fills the table again");
	caseset_free(s);
}

static void
test_stop(void)
{
	struct caseset *s = caseset_new(1024);
	struct walk *w = calloc(1, sizeof(*w));

	for (uint32_t i = 0; i < 300; i++) {
		struct caseset_entry e = {hash_of(case_at(i)),
		    (int32_t)(i % 13), i};

		w->first[case_at(i)] = i;
		caseset_add(s, &e);
	}
	w->stop_after = 10;
	is_int(caseset_each(s, check_entry, w), 7,
	    "a callback's non-zero return stops the walk and is returned");
	is_int(w->n, 10, "... after that many entries");
	caseset_free(s);
	free(w);
}

static void
test_bad_tmpdir(void)
{
	struct caseset *s = caseset_new(1024);
	struct caseset_entry e = {0, 0, 0};
	int status = 0;
	const char *old = getenv("TMPDIR");
	char *saved = old != NULL ? strdup(old) : NULL;

	setenv("TMPDIR", "/nonexistent/umkit-test", 1);
	for (uint32_t i = 0; i < 100 && status == 0; i++) {
		e.hash = hash_of(i + 1);
		status = caseset_add(s, &e);
	}
	ok(status == -1 && errno == ENOENT,
	    "a TMPDIR that does not exist is an error with errno set");
	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	caseset_free(s);
}

int
main(void)
{
	run_stream(1 << 20, "in memory");
	run_stream(1024, "1 KiB: many files, merged eight into one");
	run_stream(4096, "4 KiB");
	run_stream(0, "budget 0 counts as 1 KiB");
	test_spills();
	test_stop();
	test_bad_tmpdir();
	caseset_free(NULL);
	return done_testing();
}
