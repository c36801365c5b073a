/* irr -- inter-rater reliability: sampling keys, bounded selection, scores */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "irr.h"
#include "json.h"
#include "record.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL
#define IRR_MAX_TYPES	16

/* A derivation rule of review-types: a role list or a field's values. */
struct type_rule {
	bool		 is_role;
	struct json_path path;		/* field rules */
	char		**values;	/* roles, or values that are types */
	int		 nvalues;
	const char	*type;		/* role rules: the type they give */
};

struct irr_types {
	char		*names[IRR_MAX_TYPES];
	int		 ntypes;
	struct type_rule *rules;
	int		 nrules;
	struct json_path review_type, reviewer_role, decision_role;
};

static const char *const outcomes[IRR_OUTCOMES] = {
	"approve", "deny", "modify", "defer"
};

static uint64_t
fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* SplitMix64's finalizer, exactly as SPEC section 7 gives it. */
static uint64_t
splitmix64_final(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t
irr_key(const char *seed, size_t seedlen, const char *id, size_t idlen)
{
	uint64_t h = fnv1a(FNV_OFFSET, seed, seedlen);

	h = fnv1a(h, "\x1f", 1);
	return splitmix64_final(fnv1a(h, id, idlen));
}

uint64_t
irr_case_hash(const char *id, size_t idlen)
{
	return splitmix64_final(fnv1a(FNV_OFFSET, id, idlen));
}

void
irr_key_format(uint64_t key, char buf[IRR_KEY_HEX_SIZE])
{
	snprintf(buf, IRR_KEY_HEX_SIZE, "%016llx", (unsigned long long)key);
}

int
irr_key_parse(const char *s, uint64_t *key)
{
	uint64_t v = 0;

	for (int i = 0; i < 16; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	if (s[16] != '\0')
		return -1;
	*key = v;
	return 0;
}

/* Data files ------------------------------------------------------------ */

static int
open_irr_file(struct datafile *df, const char *name,
    struct datafile_error *e)
{
	return datafile_open_named(df, "irr", name, "", e);
}

/*
 * A decimal number of at most four decimals, in ten-thousandths; -1 when
 * the text is not one or is above max (also in ten-thousandths).
 */
static int
parse_e4(const char *s, long max, long *out)
{
	long v = 0;
	int decimals = -1;

	if (*s == '\0' || *s == '.')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || decimals == 4 || v > max)
			return -1;
		v = v * 10 + (*s - '0');
		if (decimals >= 0)
			decimals++;
	}
	if (decimals == 0)
		return -1;	/* a point without digits after it */
	for (decimals = decimals < 0 ? 0 : decimals; decimals < 4; decimals++)
		v *= 10;
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int
irr_quota_load(struct irr_quota *q, struct datafile_error *e)
{
	struct datafile df;
	bool have_cap = false, have_percent = false;
	int n;

	if (open_irr_file(&df, "quota", e) != 0)
		return -1;
	while ((n = datafile_next(&df)) > 0) {
		const char *name = df.tokens[0];

		if (n != 2) {
			n = datafile_fail(&df, "expected NAME VALUE");
			break;
		}
		if (strcmp(name, "cap") == 0 && !have_cap) {
			if (datafile_long(df.tokens[1], 1, 1000000, &q->cap)) {
				n = datafile_fail(&df, "cap: not a whole "
				    "number from 1 to 1000000");
				break;
			}
			have_cap = true;
		} else if (strcmp(name, "percent") == 0 && !have_percent) {
			if (parse_e4(df.tokens[1], 1000000, &q->percent_e4) ||
			    q->percent_e4 == 0) {
				n = datafile_fail(&df, "percent: not a number "
				    "above 0 and at most 100, with at most "
				    "four decimals");
				break;
			}
			have_percent = true;
		} else {
			n = datafile_fail(&df, "unknown or repeated setting "
			    "'%s' (cap, percent)", name);
			break;
		}
	}
	if (n == 0 && (!have_cap || !have_percent))
		n = datafile_fail(&df, "cap and percent are both needed");
	datafile_close(&df);
	return n < 0 ? -1 : 0;
}

long
irr_quota_of(const struct irr_quota *q, long caseload)
{
	/* Whole numbers, so that 5% of 20 is exactly 1. */
	unsigned long long scaled = (unsigned long long)caseload *
	    (unsigned long long)q->percent_e4;
	long quota = (long)((scaled + 999999) / 1000000);

	return quota < q->cap ? quota : q->cap;
}

int
irr_target_load(double *target, struct datafile_error *e)
{
	struct datafile df;
	bool have = false;
	long v;
	int n;

	if (open_irr_file(&df, "target", e) != 0)
		return -1;
	while ((n = datafile_next(&df)) > 0) {
		if (n != 2 || strcmp(df.tokens[0], "target") != 0 || have) {
			n = datafile_fail(&df, "expected one line: target "
			    "VALUE");
			break;
		}
		if (parse_e4(df.tokens[1], 10000, &v) != 0) {
			n = datafile_fail(&df, "target: not a proportion "
			    "from 0 to 1 with at most four decimals");
			break;
		}
		/* The nearest double, as strtod gives for "0.90". */
		*target = strtod(df.tokens[1], NULL);
		have = true;
	}
	if (n == 0 && !have)
		n = datafile_fail(&df, "no target line");
	datafile_close(&df);
	return n < 0 ? -1 : 0;
}

static const char *
find_type(const struct irr_types *t, const char *name)
{
	for (int i = 0; i < t->ntypes; i++)
		if (strcmp(t->names[i], name) == 0)
			return t->names[i];
	return NULL;
}

/* Reads one "type", "role" or "field" line; -1 after datafile_fail. */
static int
types_line(struct irr_types *t, struct datafile *df)
{
	struct type_rule *r;
	int first;

	if (strcmp(df->tokens[0], "type") == 0) {
		for (int i = 1; i < df->ntokens; i++) {
			if (t->ntypes == IRR_MAX_TYPES)
				return datafile_fail(df, "too many types");
			if (find_type(t, df->tokens[i]) != NULL)
				return datafile_fail(df, "type '%s' is "
				    "repeated", df->tokens[i]);
			if ((t->names[t->ntypes] = strdup(df->tokens[i])) ==
			    NULL)
				return datafile_fail(df, "out of memory");
			t->ntypes++;
		}
		return 0;
	}
	if (df->ntokens < 3 || (strcmp(df->tokens[0], "role") != 0 &&
	    strcmp(df->tokens[0], "field") != 0))
		return datafile_fail(df, "expected 'type NAME...', "
		    "'role TYPE ROLE...' or 'field PATH VALUE...'");
	r = realloc(t->rules, (size_t)(t->nrules + 1) * sizeof(*r));
	if (r == NULL)
		return datafile_fail(df, "out of memory");
	t->rules = r;
	r = &t->rules[t->nrules];
	memset(r, 0, sizeof(*r));
	r->is_role = strcmp(df->tokens[0], "role") == 0;
	if (r->is_role) {
		if ((r->type = find_type(t, df->tokens[1])) == NULL)
			return datafile_fail(df, "'%s' is not a type of a "
			    "'type' line above", df->tokens[1]);
	} else
		json_path_init(&r->path, df->tokens[1]);
	t->nrules++;
	first = 2;
	r->values = calloc((size_t)(df->ntokens - first), sizeof(char *));
	if (r->values == NULL)
		return datafile_fail(df, "out of memory");
	for (int i = first; i < df->ntokens; i++) {
		if (!r->is_role && find_type(t, df->tokens[i]) == NULL)
			return datafile_fail(df, "'%s' is not a type of a "
			    "'type' line above", df->tokens[i]);
		if ((r->values[r->nvalues] = strdup(df->tokens[i])) == NULL)
			return datafile_fail(df, "out of memory");
		r->nvalues++;
	}
	return 0;
}

struct irr_types *
irr_types_load(struct datafile_error *e)
{
	struct irr_types *t;
	struct datafile df;
	int n;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		snprintf(e->file, sizeof(e->file), "irr/review-types");
		e->line = 0;
		snprintf(e->message, sizeof(e->message), "out of memory");
		return NULL;
	}
	json_path_init(&t->review_type, "review_type");
	json_path_init(&t->reviewer_role, "reviewer.role");
	json_path_init(&t->decision_role, "decision.by.role");
	if (open_irr_file(&df, "review-types", e) != 0) {
		irr_types_free(t);
		return NULL;
	}
	while ((n = datafile_next(&df)) > 0)
		if (types_line(t, &df) != 0) {
			n = -1;
			break;
		}
	if (n == 0 && t->ntypes == 0)
		n = datafile_fail(&df, "no 'type' line");
	datafile_close(&df);
	if (n < 0) {
		irr_types_free(t);
		return NULL;
	}
	return t;
}

int
irr_types_fields(const struct irr_types *t, char ***fields, int *n)
{
	int failed = record_fields_add(fields, n, t->review_type.text) |
	    record_fields_add(fields, n, t->reviewer_role.text) |
	    record_fields_add(fields, n, t->decision_role.text);

	for (int i = 0; i < t->nrules; i++)
		if (!t->rules[i].is_role)
			failed |= record_fields_add(fields, n,
			    t->rules[i].path.text);
	return failed;
}

void
irr_types_free(struct irr_types *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->ntypes; i++)
		free(t->names[i]);
	for (int i = 0; i < t->nrules; i++) {
		struct type_rule *r = &t->rules[i];

		for (int j = 0; j < r->nvalues; j++)
			free(r->values[j]);
		free(r->values);
		if (!r->is_role)
			json_path_free(&r->path);
	}
	free(t->rules);
	json_path_free(&t->review_type);
	json_path_free(&t->reviewer_role);
	json_path_free(&t->decision_role);
	free(t);
}

/* A string field: NULL when absent; *bad when present but not a string. */
static const char *
string_field(jv record, const struct json_path *p, bool *bad)
{
	jv v = json_get(record, p);

	*bad = false;
	if (!json_is_present(v))
		return NULL;
	if (jv_get_kind(v) != JV_KIND_STRING) {
		*bad = true;
		return NULL;
	}
	return jv_string_value(v);
}

const char *
irr_review_type(const struct irr_types *t, jv record, const char **field,
    const char **error)
{
	const struct json_path *role_path = &t->reviewer_role;
	const char *s, *role;
	bool bad;

	*error = NULL;
	*field = NULL;
	if ((s = string_field(record, &t->review_type, &bad)) != NULL ||
	    bad) {
		if (bad) {
			*field = t->review_type.text;
			*error = "not a string";
		}
		return s != NULL ? find_type(t, s) : NULL;
	}
	if ((role = string_field(record, role_path, &bad)) == NULL && !bad)
		role = string_field(record, role_path = &t->decision_role,
		    &bad);
	if (bad) {
		*field = role_path->text;
		*error = "not a string";
		return NULL;
	}
	for (int i = 0; i < t->nrules; i++) {
		const struct type_rule *r = &t->rules[i];

		if (r->is_role) {
			s = role;
		} else if ((s = string_field(record, &r->path, &bad)) ==
		    NULL && bad) {
			*field = r->path.text;
			*error = "not a string";
			return NULL;
		}
		if (s == NULL)
			continue;
		for (int j = 0; j < r->nvalues; j++)
			if (strcmp(s, r->values[j]) == 0)
				return r->is_role ? r->type :
				    find_type(t, s);
	}
	return NULL;
}

/* Bounded selection ----------------------------------------------------- */

/* Orders cases by key, then by case id bytewise (SPEC section 7). */
static int
case_cmp(uint64_t ka, const char *ida, size_t la, uint64_t kb,
    const char *idb, size_t lb)
{
	int c;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if ((c = memcmp(ida, idb, la < lb ? la : lb)) != 0)
		return c;
	return la < lb ? -1 : la > lb;
}

static int
heap_cmp(const struct irr_case *a, const struct irr_case *b)
{
	return case_cmp(a->key, a->id, a->idlen, b->key, b->id, b->idlen);
}

static void
sift_down(struct irr_case *h, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, top = i;
		struct irr_case tmp;

		if (l < n && heap_cmp(&h[l], &h[top]) > 0)
			top = l;
		if (r < n && heap_cmp(&h[r], &h[top]) > 0)
			top = r;
		if (top == i)
			return;
		tmp = h[i];
		h[i] = h[top];
		h[top] = tmp;
		i = top;
	}
}

static void
sift_up(struct irr_case *h, int i)
{
	while (i > 0) {
		int parent = (i - 1) / 2;
		struct irr_case tmp;

		if (heap_cmp(&h[i], &h[parent]) <= 0)
			return;
		tmp = h[i];
		h[i] = h[parent];
		h[parent] = tmp;
		i = parent;
	}
}

static uint64_t
id_hash(const char *id, size_t len)
{
	return fnv1a(FNV_OFFSET, id, len);
}

struct irr_roster *
irr_roster_new(long cap)
{
	struct irr_roster *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->cap = cap;
	return s;
}

static int
index_grow(struct irr_roster *s)
{
	size_t cap = s->index_cap ? s->index_cap * 2 : 64;
	size_t *index = calloc(cap, sizeof(*index));

	if (index == NULL)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		size_t j = (size_t)id_hash(s->reviewers[i].id,
		    s->reviewers[i].idlen) & (cap - 1);

		while (index[j] != 0)
			j = (j + 1) & (cap - 1);
		index[j] = i + 1;
	}
	free(s->index);
	s->index = index;
	s->index_cap = cap;
	return 0;
}

struct irr_reviewer *
irr_roster_reviewer(struct irr_roster *s, const char *id, size_t idlen)
{
	struct irr_reviewer *r;
	size_t j;

	if ((s->n + 1) * 2 > s->index_cap && index_grow(s) != 0)
		return NULL;
	for (j = (size_t)id_hash(id, idlen) & (s->index_cap - 1);
	    s->index[j] != 0; j = (j + 1) & (s->index_cap - 1)) {
		r = &s->reviewers[s->index[j] - 1];
		if (r->idlen == idlen && memcmp(r->id, id, idlen) == 0)
			return r;
	}
	if (s->n == s->alloc) {
		size_t alloc = s->alloc ? s->alloc * 2 : 16;

		r = realloc(s->reviewers, alloc * sizeof(*r));
		if (r == NULL)
			return NULL;
		s->reviewers = r;
		s->alloc = alloc;
	}
	r = &s->reviewers[s->n];
	memset(r, 0, sizeof(*r));
	if ((r->id = malloc(idlen + 1)) == NULL || (s->cap > 0 &&
	    (r->heap = calloc((size_t)s->cap, sizeof(*r->heap))) == NULL)) {
		free(r->id);
		return NULL;
	}
	memcpy(r->id, id, idlen);
	r->id[idlen] = '\0';
	r->idlen = idlen;
	s->index[j] = ++s->n;
	return r;
}

bool
irr_roster_wants(const struct irr_roster *s, const struct irr_reviewer *r,
    uint64_t key, const char *id, size_t idlen)
{
	if (s->cap == 0)
		return false;
	return r->n < s->cap || case_cmp(key, id, idlen, r->heap[0].key,
	    r->heap[0].id, r->heap[0].idlen) < 0;
}

static char *
copy_bytes(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
case_free(struct irr_case *c)
{
	free(c->id);
	free(c->text);
	c->id = c->text = NULL;
}

int
irr_roster_offer(struct irr_roster *s, struct irr_reviewer *r, uint64_t key,
    const char *id, size_t idlen, const char *text, size_t textlen)
{
	struct irr_case c = {key, NULL, idlen, NULL, textlen};

	if (!irr_roster_wants(s, r, key, id, idlen))
		return 0;
	if ((c.id = copy_bytes(id, idlen)) == NULL ||
	    (c.text = copy_bytes(text, textlen)) == NULL) {
		case_free(&c);
		return -1;
	}
	if (r->n < s->cap) {
		r->heap[r->n] = c;
		sift_up(r->heap, r->n++);
		return 0;
	}
	/* Replaces the largest. */
	case_free(&r->heap[0]);
	r->heap[0] = c;
	sift_down(r->heap, r->n, 0);
	return 0;
}

int
irr_reviewer_bound(struct irr_reviewer *r, uint64_t key, const char *id,
    size_t idlen)
{
	char *copy;

	if (r->bounded && case_cmp(key, id, idlen, r->bound.key, r->bound.id,
	    r->bound.idlen) >= 0)
		return 0;
	if ((copy = copy_bytes(id, idlen)) == NULL)
		return -1;
	free(r->bound.id);
	r->bound.id = copy;
	r->bound.idlen = idlen;
	r->bound.key = key;
	r->bounded = true;
	return 0;
}

static int
reviewer_cmp(const void *a, const void *b)
{
	const struct irr_reviewer *ra = a, *rb = b;
	int c = memcmp(ra->id, rb->id, ra->idlen < rb->idlen ? ra->idlen :
	    rb->idlen);

	if (c != 0)
		return c;
	return ra->idlen < rb->idlen ? -1 : ra->idlen > rb->idlen;
}

static int
case_qcmp(const void *a, const void *b)
{
	return heap_cmp(a, b);
}

void
irr_roster_sort(struct irr_roster *s)
{
	if (s->n > 1)
		qsort(s->reviewers, s->n, sizeof(*s->reviewers),
		    reviewer_cmp);
	for (size_t i = 0; i < s->n; i++)
		if (s->reviewers[i].n > 1)
			qsort(s->reviewers[i].heap, (size_t)s->reviewers[i].n,
			    sizeof(struct irr_case), case_qcmp);
	/* The index no longer matches the order. */
	free(s->index);
	s->index = NULL;
	s->index_cap = 0;
}

bool
irr_reviewer_complete(const struct irr_reviewer *r, long quota)
{
	const struct irr_case *last;

	if (quota == 0)
		return true;
	if (r->n < quota)
		return !r->bounded;
	if (!r->bounded)
		return true;
	last = &r->heap[quota - 1];
	return heap_cmp(last, &r->bound) <= 0;
}

void
irr_roster_free(struct irr_roster *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct irr_reviewer *r = &s->reviewers[i];

		for (int j = 0; j < r->n; j++)
			case_free(&r->heap[j]);
		free(r->heap);
		free(r->id);
		free(r->bound.id);
	}
	free(s->reviewers);
	free(s->index);
	free(s);
}

/* Agreement ------------------------------------------------------------- */

int
irr_outcome(const char *s)
{
	for (int i = 0; i < IRR_OUTCOMES; i++)
		if (strcmp(s, outcomes[i]) == 0)
			return i;
	return -1;
}

void
irr_tally_add(struct irr_tally *t, int decision, int audit)
{
	t->cases++;
	t->agree += decision == audit;
	t->decision[decision]++;
	t->audit[audit]++;
}

void
irr_wilson(long agree, long cases, double z, double *low, double *high)
{
	double n = (double)cases, p = (double)agree / n, z2 = z * z;
	double denom = 1 + z2 / n;
	double centre = (p + z2 / (2 * n)) / denom;
	double half = z / denom * sqrt(p * (1 - p) / n + z2 / (4 * n * n));

	/* The exact ends where rounding would stray past them. */
	*low = agree == 0 ? 0 : fmax(0, centre - half);
	*high = agree == cases ? 1 : fmin(1, centre + half);
}

/*
 * Cohen's kappa and Gwet's AC1 in whole numbers where they can be, so the
 * undefined cases are found exactly:
 *   kappa = (n*agree - sum a_c b_c) / (n^2 - sum a_c b_c)
 *   AC1   = (4n(q-1) agree - E) / (4n^2 (q-1) - E),
 *           E = sum over categories of s_c (2n - s_c), s_c = a_c + b_c,
 * q the number of categories seen by either rater.
 */
void
irr_score_of(const struct irr_tally *t, struct irr_score *sc)
{
	double n = (double)t->cases, chance = 0, e = 0;
	int q = 0;

	memset(sc, 0, sizeof(*sc));
	if (t->cases == 0)
		return;
	sc->has_agreement = true;
	sc->agreement = (double)t->agree / n;
	irr_wilson(t->agree, t->cases, IRR_Z95, &sc->ci_low, &sc->ci_high);
	for (int c = 0; c < IRR_OUTCOMES; c++) {
		double s = (double)(t->decision[c] + t->audit[c]);

		chance += (double)t->decision[c] * (double)t->audit[c];
		e += s * (2 * n - s);
		q += s > 0;
	}
	if (chance != n * n) {
		sc->has_kappa = true;
		sc->kappa = (n * (double)t->agree - chance) / (n * n - chance);
	}
	if (q > 1) {
		sc->has_ac1 = true;
		sc->ac1 = (4 * n * (q - 1) * (double)t->agree - e) /
		    (4 * n * n * (q - 1) - e);
	}
}
