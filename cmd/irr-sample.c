/* irr-sample -- draw each reviewer's inter-rater reliability sample */

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caseset.h"
#include "cli.h"
#include "diag.h"
#include "irr.h"
#include "json.h"
#include "record.h"
#include "timefmt.h"

static const char help_usage[] =
"usage: irr-sample [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]\n"
"                  [--unbuffered] [--tz ZONE] [--from DATE] [--to DATE]\n"
"                  [--year YYYY] [--seed TEXT] [-S SIZE]\n"
"                  [--summary | --partial | --keys] [FILE ...]\n"
"       irr-sample --merge [-o jsonl|csv] [--unbuffered] [--summary]\n"
"                  [--from DATE] [--to DATE] [--year YYYY] [--seed TEXT]\n"
"                  [-S SIZE] STATE ...\n"
"\n"
"Writes each reviewer's inter-rater reliability sample: the cases with the\n"
"smallest keys, min(50, 5% of the caseload) of them, with \"irr\" added.\n";

/* Its own options; cli adds the ones every command has. */
static const char help_options[] =
"      --tz ZONE          the plan's time zone (America/Los_Angeles)\n"
"      --from DATE        count decisions on or after this local date\n"
"      --to DATE          count decisions on or before this local date\n"
"      --year YYYY        count decisions of this local year\n"
"      --seed TEXT        the seed of the keys (default umkit-irr)\n"
"      --summary          one line per reviewer: caseload, quota, selected\n"
"      --partial          write the mergeable state of this shard\n"
"      --keys             write each case id and its key, for auditors\n"
"      --merge            read --partial states and write the sample\n"
"  -S, --buffer-size SIZE memory for the case ids seen (K, M, G; 4M), the\n"
"                         rest goes to files in $TMPDIR\n";

static const char help_status[] =
"Exit status: 0 all records processed, 1 a line rejected or a record\n"
"error, 2 usage, file or write error.  See irr-sample(1).\n";

static const struct cli_help help = {help_usage, help_options, help_status};

enum {
	OPT_BUFFER_SIZE = 'S',
	OPT_FROM = CLI_COMMAND_OPTION, OPT_KEYS, OPT_MERGE, OPT_PARTIAL,
	OPT_SEED, OPT_SUMMARY, OPT_TO, OPT_YEAR
};

static const struct option longopts[] = {
	{"buffer-size",	required_argument,	NULL,	OPT_BUFFER_SIZE},
	{"from",	required_argument,	NULL,	OPT_FROM},
	{"keys",	no_argument,		NULL,	OPT_KEYS},
	{"merge",	no_argument,		NULL,	OPT_MERGE},
	{"partial",	no_argument,		NULL,	OPT_PARTIAL},
	{"seed",	required_argument,	NULL,	OPT_SEED},
	{"summary",	no_argument,		NULL,	OPT_SUMMARY},
	{"to",		required_argument,	NULL,	OPT_TO},
	{"year",	required_argument,	NULL,	OPT_YEAR},
	{NULL,		0,			NULL,	0}
};

#define DEFAULT_SEED	"umkit-irr"
/* Bytes of case ids kept in memory before they go to temporary files. */
#define DEFAULT_BUFFER_SIZE	(4 * 1024 * 1024)
/* Case hashes per "seen" line of a --partial state. */
#define SEEN_PER_LINE	256

/* Plan-local dates, both inclusive; a missing end is open. */
struct period {
	bool		 has_from, has_to;
	date_day	 from, to;
};

struct options {
	struct cli	 cli;
	const char	*seed;		/* NULL: the default, or the states' */
	const char	*year_text;
	size_t		 buffer_size;
	struct period	 period;
	bool		 keys, merge, partial, summary;
};

/* The hex of the case hashes a --partial state will list on one line. */
struct seen_line {
	struct json_buf	 hex;
	int		 n;
};

/* What the command loads once and every record uses. */
struct context {
	const struct options *opts;
	const char	*seed;		/* NULL in --merge until the first state */
	char		*merged_seed;
	struct irr_quota quota;
	struct irr_types *types;
	struct irr_roster *roster;
	struct caseset	*cases;		/* each case id's first occurrence */
	char		**fields;	/* what the records are read for */
	uint32_t	 epoch;		/* --merge: the state being read */
	long		 other;		/* cases of other review types */
	struct json_buf	 text;		/* a candidate's record, compact */
	struct json_path case_id, tar_id, reviewer_id, decision_by_id,
			 decision_at;
	/* --partial: the case hashes by reviewer, of other types, outside. */
	struct seen_line *by_reviewer, other_line, outside_line;
	size_t		 nby_reviewer;
};

/* What a case is counted as, in the sample and in a --partial state. */
enum counted { COUNTED_OUTSIDE = -2, COUNTED_OTHER = -1 };

static void
out_of_memory(void)
{
	diag_fatal(EXIT_FATAL, "out of memory");
}

/* The set of cases seen could not use its temporary files. */
static void
temporary_file_error(void)
{
	const char *dir = getenv("TMPDIR");
	int saved = errno;

	diag_fatal(EXIT_FATAL, "a temporary file in %s: %s",
	    dir != NULL && *dir != '\0' ? dir : "/tmp", strerror(saved));
}

static void
add_case(struct context *ctx, uint64_t hash, long owner)
{
	struct caseset_entry e = {hash, (int32_t)owner, ctx->epoch};

	if (caseset_add(ctx->cases, &e) != 0)
		temporary_file_error();
}

/* Whether a case id was seen before; its first occurrence in *first. */
static bool
seen_before(struct context *ctx, uint64_t hash, struct caseset_entry *first)
{
	int found = caseset_first(ctx->cases, hash, first);

	if (found < 0)
		temporary_file_error();
	return found == 1;
}

/* --buffer-size: a count of KiB, or of bytes (b), KiB, MiB or GiB. */
static size_t
parse_size(const struct cli *cli, const char *text)
{
	const char *units = "bKMG";
	char *end, *unit;
	unsigned long long n;
	int shift;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (end == text || *text < '0' || *text > '9' || errno != 0 ||
	    (*end != '\0' && (end[1] != '\0' ||
	    (unit = strchr(units, *end)) == NULL)))
		cli_usage_error(cli, "--buffer-size: '%s' is not a size such "
		    "as 64M", text);
	shift = *end == '\0' ? 10 : (int)(unit - units) * 10;
	if (n == 0 || n > (SIZE_MAX >> 1 >> shift))
		cli_usage_error(cli, "--buffer-size: '%s' is out of range",
		    text);
	return (size_t)n << shift;
}

static date_day
parse_date_option(const struct cli *cli, const char *option,
    const char *text)
{
	enum timefmt_status st;
	date_day d;

	if ((st = timefmt_parse_date(text, strlen(text), &d)) != TIMEFMT_OK)
		cli_usage_error(cli, "%s: %s", option,
		    timefmt_status_message(st));
	return d;
}

/* Checks the options against each other; turns --year into a period. */
static void
check_options(struct options *opts, int noperands)
{
	const struct cli *cli = &opts->cli;
	struct period *p = &opts->period;

	if (opts->year_text != NULL && (p->has_from || p->has_to))
		cli_usage_error(cli, "--year cannot be combined with --from "
		    "or --to");
	if (opts->year_text != NULL) {
		int year = (int)cli_number("--year", opts->year_text, 1,
		    9999);

		p->from = date_from_ymd(year, 1, 1);
		p->to = date_from_ymd(year, 12, 31);
		p->has_from = p->has_to = true;
	}
	if (p->has_from && p->has_to && p->from > p->to)
		cli_usage_error(cli, "--from is after --to");
	if (opts->summary + opts->partial + opts->keys > 1)
		cli_usage_error(cli, "--summary, --partial and --keys exclude "
		    "each other");
	if (opts->merge && (opts->partial || opts->keys))
		cli_usage_error(cli, "--merge writes a sample or a summary, "
		    "not --partial or --keys");
	if (opts->merge && (cli->record.input != RECORD_JSONL ||
	    cli->record.map != NULL || cli->record.rejects != NULL))
		cli_usage_error(cli, "--merge reads --partial states: -i, -m "
		    "and --rejects do not apply");
	if (opts->merge && noperands == 0)
		cli_usage_error(cli, "--merge needs the state files");
	if (opts->partial && cli->record.output != RECORD_JSONL)
		cli_usage_error(cli, "--partial writes JSON Lines");
}

static void
context_init(struct context *ctx, const struct options *opts)
{
	const struct json_path *paths[] = {&ctx->case_id, &ctx->tar_id,
	    &ctx->reviewer_id, &ctx->decision_by_id, &ctx->decision_at};
	struct datafile_error e;
	int n = 0;

	memset(ctx, 0, sizeof(*ctx));
	ctx->opts = opts;
	if (!opts->merge)
		ctx->seed = opts->seed != NULL ? opts->seed : DEFAULT_SEED;
	if (irr_quota_load(&ctx->quota, &e) != 0)
		cli_load_error(&e);
	if ((ctx->types = irr_types_load(&e)) == NULL)
		cli_load_error(&e);
	if ((ctx->roster = irr_roster_new(ctx->quota.cap)) == NULL ||
	    (ctx->cases = caseset_new(opts->buffer_size)) == NULL)
		out_of_memory();
	json_path_init(&ctx->case_id, "case_id");
	json_path_init(&ctx->tar_id, "tar_id");
	json_path_init(&ctx->reviewer_id, "reviewer.id");
	json_path_init(&ctx->decision_by_id, "decision.by.id");
	json_path_init(&ctx->decision_at, "decision.at");
	/*
	 * The fast path reads only these of a canonical line; a kept case
	 * then keeps the line itself.
	 */
	if (irr_types_fields(ctx->types, &ctx->fields, &n) != 0)
		out_of_memory();
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (record_fields_add(&ctx->fields, &n, paths[i]->text) != 0)
			out_of_memory();
}

static void
context_free(struct context *ctx)
{
	free(ctx->merged_seed);
	irr_types_free(ctx->types);
	irr_roster_free(ctx->roster);
	caseset_free(ctx->cases);
	record_fields_free(ctx->fields);
	json_buf_free(&ctx->text);
	json_path_free(&ctx->case_id);
	json_path_free(&ctx->tar_id);
	json_path_free(&ctx->reviewer_id);
	json_path_free(&ctx->decision_by_id);
	json_path_free(&ctx->decision_at);
	for (size_t i = 0; i < ctx->nby_reviewer; i++)
		json_buf_free(&ctx->by_reviewer[i].hex);
	free(ctx->by_reviewer);
	json_buf_free(&ctx->other_line.hex);
	json_buf_free(&ctx->outside_line.hex);
}

/*
 * An identifier: the first of two fields that is present.  Returns NULL
 * with *field and *error set when neither is a non-empty string.
 */
static const char *
read_id(jv record, const struct json_path *first,
    const struct json_path *second, size_t *len, const char **field,
    const char **error)
{
	const struct json_path *p = first;
	jv v = json_get(record, p);

	if (!json_is_present(v))
		v = json_get(record, p = second);
	*field = p->text;
	if (!json_is_present(v)) {
		*field = first->text;
		*error = "missing";
		return NULL;
	}
	if (jv_get_kind(v) != JV_KIND_STRING) {
		*error = "not a string";
		return NULL;
	}
	*len = (size_t)jv_string_length_bytes(jv_copy(v));
	if (*len == 0) {
		*error = "empty";
		return NULL;
	}
	return jv_string_value(v);
}

/* --partial ------------------------------------------------------------- */

static void
write_state_header(const struct context *ctx, struct record_io *io)
{
	const struct period *p = &ctx->opts->period;
	char from[TIMEFMT_DATE_SIZE], to[TIMEFMT_DATE_SIZE];

	if (p->has_from)
		timefmt_format_date(p->from, from);
	if (p->has_to)
		timefmt_format_date(p->to, to);
	record_write(io, JV_OBJECT(jv_string("irr_state"), jv_number(1),
	    jv_string("seed"), jv_string(ctx->seed),
	    jv_string("from"), p->has_from ? jv_string(from) : jv_null(),
	    jv_string("to"), p->has_to ? jv_string(to) : jv_null()));
}

static jv
reviewer_string(const struct irr_reviewer *r)
{
	return jv_string_sized(r->id, (int)r->idlen);
}

/* The pending "seen" line of what cases counted as (enum counted). */
static struct seen_line *
seen_line_of(struct context *ctx, long counted)
{
	if (counted == COUNTED_OUTSIDE)
		return &ctx->outside_line;
	if (counted == COUNTED_OTHER)
		return &ctx->other_line;
	if ((size_t)counted >= ctx->nby_reviewer) {
		size_t n = ctx->roster->alloc;
		struct seen_line *p = realloc(ctx->by_reviewer, n * sizeof(*p));

		if (p == NULL)
			out_of_memory();
		memset(p + ctx->nby_reviewer, 0,
		    (n - ctx->nby_reviewer) * sizeof(*p));
		ctx->by_reviewer = p;
		ctx->nby_reviewer = n;
	}
	return &ctx->by_reviewer[counted];
}

/*
 * Writes a state's line of case hashes: {"seen": HEX} for cases outside
 * the period, with "other_type": true or "reviewer": ID for the others.
 */
static void
flush_seen(struct context *ctx, struct record_io *io, long counted)
{
	struct seen_line *l = seen_line_of(ctx, counted);
	jv line;

	if (l->n == 0)
		return;
	line = JV_OBJECT(jv_string("seen"), jv_string_sized(l->hex.data,
	    (int)l->hex.len));
	if (counted == COUNTED_OTHER)
		line = jv_object_set(line, jv_string("other_type"), jv_true());
	else if (counted >= 0)
		line = jv_object_set(line, jv_string("reviewer"),
		    reviewer_string(&ctx->roster->reviewers[counted]));
	record_write(io, line);
	l->hex.len = 0;
	l->n = 0;
}

/* Notes a distinct case in the state: as whose, or of what kind. */
static void
note_seen(struct context *ctx, struct record_io *io, uint64_t hash,
    long counted)
{
	char hex[IRR_KEY_HEX_SIZE];
	struct seen_line *l = seen_line_of(ctx, counted);

	irr_key_format(hash, hex);
	json_buf_append(&l->hex, hex, 16);
	if (++l->n == SEEN_PER_LINE)
		flush_seen(ctx, io, counted);
}

/* What the walk over the first occurrences needs. */
struct count_walk {
	struct context	*ctx;
	struct record_io *io;
};

/*
 * A case's first occurrence counts for its reviewer's caseload or as
 * another type; a --partial state lists it with what it counted as.
 */
static int
count_case(void *arg, const struct caseset_entry *e)
{
	struct count_walk *w = arg;
	struct context *ctx = w->ctx;

	if (e->owner >= 0)
		ctx->roster->reviewers[e->owner].caseload++;
	else if (e->owner == COUNTED_OTHER)
		ctx->other++;
	if (ctx->opts->partial)
		note_seen(ctx, w->io, e->hash, e->owner);
	return 0;
}

/* The caseloads and the count of other types, from the cases seen. */
static void
count_cases(struct context *ctx, struct record_io *io)
{
	struct count_walk w = {ctx, io};

	if (caseset_each(ctx->cases, count_case, &w) != 0)
		temporary_file_error();
}

static jv
parse_text(const struct irr_case *c)
{
	jv v = jv_parse_sized(c->text, (int)c->textlen);

	if (jv_get_kind(v) != JV_KIND_OBJECT)
		diag_fatal(EXIT_FATAL, "internal error: a kept record does "
		    "not parse");
	return v;
}

/* The end of a --partial state: per reviewer its count and candidates. */
static void
write_state(struct context *ctx, struct record_io *io)
{
	struct irr_roster *s = ctx->roster;
	char hex[IRR_KEY_HEX_SIZE];

	count_cases(ctx, io);
	for (size_t i = 0; i < s->n; i++)
		flush_seen(ctx, io, (long)i);
	flush_seen(ctx, io, COUNTED_OTHER);
	flush_seen(ctx, io, COUNTED_OUTSIDE);
	irr_roster_sort(s);
	for (size_t i = 0; i < s->n; i++) {
		const struct irr_reviewer *r = &s->reviewers[i];
		jv line;

		if (r->caseload == 0)
			continue;	/* every case of theirs was a repeat */
		line = JV_OBJECT(jv_string("reviewer"), reviewer_string(r),
		    jv_string("caseload"), jv_number((double)r->caseload));
		if (r->caseload > r->n) {
			/* The largest kept: above it, cases were dropped. */
			const struct irr_case *c = &r->heap[r->n - 1];

			irr_key_format(c->key, hex);
			line = jv_object_set(line, jv_string("bound"),
			    JV_OBJECT(jv_string("key"), jv_string(hex),
			    jv_string("case_id"), jv_string_sized(c->id,
			    (int)c->idlen)));
		}
		record_write(io, line);
		for (int j = 0; j < r->n; j++) {
			const struct irr_case *c = &r->heap[j];

			irr_key_format(c->key, hex);
			record_write(io, JV_OBJECT(jv_string("case"),
			    JV_OBJECT(jv_string("reviewer"),
			    reviewer_string(r), jv_string("case_id"),
			    jv_string_sized(c->id, (int)c->idlen),
			    jv_string("key"), jv_string(hex)),
			    jv_string("record"), parse_text(c)));
		}
	}
	record_write(io, JV_OBJECT(jv_string("irr_state_end"), jv_true(),
	    jv_string("other_type"), jv_number((double)ctx->other)));
}

/* Reading records --------------------------------------------------------- */

/* Keeps the case when it is among the reviewer's smallest keys so far. */
static void
offer(struct context *ctx, struct record_io *io, struct irr_reviewer *r,
    uint64_t key, const char *id, size_t idlen, jv record)
{
	const char *text;
	size_t len;

	if (!irr_roster_wants(ctx->roster, r, key, id, idlen))
		return;
	/* The fast path's record has only the fields read: keep the line. */
	if (io == NULL || (text = record_canonical_text(io, &len)) == NULL) {
		ctx->text.len = 0;
		json_emit(&ctx->text, jv_copy(record));
		text = ctx->text.data;
		len = ctx->text.len;
	}
	if (irr_roster_offer(ctx->roster, r, key, id, idlen, text, len) != 0)
		out_of_memory();
}

static void
write_key(const struct context *ctx, struct record_io *io, const char *id,
    size_t idlen)
{
	char hex[IRR_KEY_HEX_SIZE];

	irr_key_format(irr_key(ctx->seed, strlen(ctx->seed), id, idlen), hex);
	record_write(io, JV_OBJECT(jv_string("case_id"),
	    jv_string_sized(id, (int)idlen), jv_string("key"),
	    jv_string(hex)));
}

/*
 * SPEC section 7: counts a decided case for its reviewer when it is the
 * first of its id, in the period and of an audited review type.
 */
static void
take_record(struct context *ctx, struct record_io *io, jv record)
{
	const struct options *opts = ctx->opts;
	const char *id, *rid, *field, *error, *type;
	size_t idlen, ridlen;
	timefmt_instant at;
	enum timefmt_status st;
	struct irr_reviewer *r;
	struct caseset_entry first;
	date_day day;
	uint64_t hash, key;
	long owner;
	jv v;

	if ((id = read_id(record, &ctx->case_id, &ctx->tar_id, &idlen,
	    &field, &error)) == NULL)
		goto fail;
	if (opts->keys) {
		write_key(ctx, io, id, idlen);
		return;
	}
	if ((rid = read_id(record, &ctx->reviewer_id, &ctx->decision_by_id,
	    &ridlen, &field, &error)) == NULL)
		goto fail;
	field = ctx->decision_at.text;
	v = json_get(record, &ctx->decision_at);
	if (!json_is_present(v)) {
		error = "missing";
		goto fail;
	}
	if (jv_get_kind(v) != JV_KIND_STRING) {
		error = "not a datetime string";
		goto fail;
	}
	st = timefmt_parse(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), &at);
	if (st != TIMEFMT_OK) {
		error = timefmt_status_message(st);
		goto fail;
	}
	type = irr_review_type(ctx->types, record, &field, &error);
	if (error != NULL)
		goto fail;

	/*
	 * A repeated case id counts as its first occurrence: the set of cases
	 * says which that is when the sample is written.  Only a case that
	 * would be kept now needs to know at once whether it is a repeat.
	 */
	hash = irr_case_hash(id, idlen);
	day = timefmt_local_date(at);
	if ((opts->period.has_from && day < opts->period.from) ||
	    (opts->period.has_to && day > opts->period.to))
		owner = COUNTED_OUTSIDE;
	else if (type == NULL)
		owner = COUNTED_OTHER;
	else {
		if ((r = irr_roster_reviewer(ctx->roster, rid, ridlen)) ==
		    NULL)
			out_of_memory();
		owner = r - ctx->roster->reviewers;
		key = irr_key(ctx->seed, strlen(ctx->seed), id, idlen);
		if (irr_roster_wants(ctx->roster, r, key, id, idlen) &&
		    !seen_before(ctx, hash, &first))
			offer(ctx, io, r, key, id, idlen, record);
	}
	add_case(ctx, hash, owner);
	return;
fail:
	jv_free(record_error(io, field, error));
}

/* --merge ------------------------------------------------------------------ */

/* One state file being merged, and where in it. */
struct state_reader {
	const char	*file;
	long		 line;
};

static void
bad_state(const struct state_reader *sr, const char *what)
{
	diag_at(sr->file, sr->line, "%s", what);
	exit(EXIT_FATAL);
}

static const char *
state_string(const struct state_reader *sr, jv line, const char *key,
    size_t *len)
{
	jv v = json_get_key(line, key);

	if (jv_get_kind(v) != JV_KIND_STRING)
		bad_state(sr, "not an irr-sample --partial state: a field "
		    "is not a string");
	if (len != NULL)
		*len = (size_t)jv_string_length_bytes(jv_copy(v));
	return jv_string_value(v);
}

static long
state_number(const struct state_reader *sr, jv line, const char *key)
{
	jv v = json_get_key(line, key);
	double d;

	if (jv_get_kind(v) != JV_KIND_NUMBER ||
	    !((d = jv_number_value(v)) >= 0) || d > 1e15 || d != floor(d))
		bad_state(sr, "not an irr-sample --partial state: a count "
		    "is not a whole number");
	return (long)d;
}

/* The period of a state header's "from" or "to". */
static void
read_period_end(const struct state_reader *sr, jv header, const char *key,
    bool *has, date_day *day)
{
	jv v = json_get_key(header, key);

	*has = jv_get_kind(v) == JV_KIND_STRING;
	*day = 0;
	if ((!*has && jv_get_kind(v) != JV_KIND_NULL) || (*has &&
	    timefmt_parse_date(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), day) != TIMEFMT_OK))
		bad_state(sr, "not an irr-sample --partial state: a bad date");
}

static bool
same_period(const struct period *a, const struct period *b)
{
	return a->has_from == b->has_from && a->has_to == b->has_to &&
	    (!a->has_from || a->from == b->from) &&
	    (!a->has_to || a->to == b->to);
}

/*
 * The first line of a state: every state must have the seed and period
 * of the first, and those of the command line when given.
 */
static void
merge_header(struct context *ctx, struct state_reader *sr, jv line,
    struct period *first)
{
	const struct options *opts = ctx->opts;
	struct period p;
	jv version = json_get_key(line, "irr_state");
	const char *seed;

	if (jv_get_kind(version) != JV_KIND_NUMBER ||
	    jv_number_value(version) != 1)
		bad_state(sr, "not an irr-sample --partial state");
	seed = state_string(sr, line, "seed", NULL);
	read_period_end(sr, line, "from", &p.has_from, &p.from);
	read_period_end(sr, line, "to", &p.has_to, &p.to);
	if (opts->seed != NULL && strcmp(seed, opts->seed) != 0)
		bad_state(sr, "the state was made with another seed");
	if ((opts->period.has_from || opts->period.has_to) &&
	    !same_period(&p, &opts->period))
		bad_state(sr, "the state was made for another period");
	if (ctx->seed == NULL) {
		if ((ctx->seed = ctx->merged_seed = strdup(seed)) == NULL)
			out_of_memory();
		*first = p;
		return;
	}
	if (strcmp(seed, ctx->seed) != 0)
		bad_state(sr, "the states were made with different seeds");
	if (!same_period(&p, first))
		bad_state(sr, "the states were made for different periods");
}

/*
 * A "seen" line: the cases of this state, with what they counted as.  The
 * set of cases keeps the earliest state's occurrence of each.
 */
static void
merge_seen(struct context *ctx, struct state_reader *sr, jv line)
{
	size_t len, ridlen = 0;
	const char *hex = state_string(sr, line, "seen", &len), *rid = NULL;
	bool other = jv_get_kind(json_get_key(line, "other_type")) ==
	    JV_KIND_TRUE;
	char buf[IRR_KEY_HEX_SIZE];
	long owner = other ? COUNTED_OTHER : COUNTED_OUTSIDE;

	if (json_is_present(json_get_key(line, "reviewer"))) {
		struct irr_reviewer *r;

		rid = state_string(sr, line, "reviewer", &ridlen);
		if ((r = irr_roster_reviewer(ctx->roster, rid, ridlen)) ==
		    NULL)
			out_of_memory();
		owner = r - ctx->roster->reviewers;
	}
	if (len % 16 != 0)
		bad_state(sr, "not an irr-sample --partial state: a bad list "
		    "of cases");
	for (size_t i = 0; i < len; i += 16) {
		uint64_t h;

		memcpy(buf, hex + i, 16);
		buf[16] = '\0';
		if (irr_key_parse(buf, &h) != 0)
			bad_state(sr, "not an irr-sample --partial state: a "
			    "bad list of cases");
		add_case(ctx, h, owner);
	}
}

static void
merge_reviewer(struct context *ctx, struct state_reader *sr, jv line)
{
	size_t len, idlen;
	const char *rid = state_string(sr, line, "reviewer", &len);
	struct irr_reviewer *r = irr_roster_reviewer(ctx->roster, rid, len);
	jv bound = json_get_key(line, "bound");
	uint64_t key;

	if (r == NULL)
		out_of_memory();
	/* The caseload comes from the cases seen, net of repeats. */
	(void)state_number(sr, line, "caseload");
	if (!json_is_present(bound))
		return;
	if (irr_key_parse(state_string(sr, bound, "key", NULL), &key) != 0)
		bad_state(sr, "not an irr-sample --partial state: a bad key");
	rid = state_string(sr, bound, "case_id", &idlen);
	if (irr_reviewer_bound(r, key, rid, idlen) != 0)
		out_of_memory();
}

static void
merge_case(struct context *ctx, struct state_reader *sr, jv line)
{
	jv c = json_get_key(line, "case"), record = json_get_key(line,
	    "record");
	size_t ridlen, idlen;
	const char *rid = state_string(sr, c, "reviewer", &ridlen);
	const char *id = state_string(sr, c, "case_id", &idlen);
	uint64_t key;
	struct irr_reviewer *r;
	struct caseset_entry first;

	if (irr_key_parse(state_string(sr, c, "key", NULL), &key) != 0 ||
	    jv_get_kind(record) != JV_KIND_OBJECT)
		bad_state(sr, "not an irr-sample --partial state: a bad case");
	if (key != irr_key(ctx->seed, strlen(ctx->seed), id, idlen))
		bad_state(sr, "a case's key does not match its id and the "
		    "seed: the state was changed");
	if (!seen_before(ctx, irr_case_hash(id, idlen), &first))
		bad_state(sr, "not an irr-sample --partial state: a case "
		    "that it does not list as seen");
	if (first.epoch < ctx->epoch)
		return;		/* an earlier state's case: that one counts */
	if ((r = irr_roster_reviewer(ctx->roster, rid, ridlen)) == NULL)
		out_of_memory();
	offer(ctx, NULL, r, key, id, idlen, record);
}

/* Reads one state file into the sample; any fault in it is fatal. */
static void
merge_state(struct context *ctx, const char *file,
    struct period *first)
{
	struct state_reader sr = {file, 0};
	FILE *fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	bool ended = false;

	if (fp == NULL)
		diag_fatal(EXIT_FATAL, "%s: %s", file, strerror(errno));
	while ((len = getline(&buf, &cap, fp)) != -1) {
		jv line;

		sr.line++;
		if (ended)
			bad_state(&sr, "a line after the end of the state");
		line = jv_parse_sized(buf, (int)len);
		if (jv_get_kind(line) != JV_KIND_OBJECT)
			bad_state(&sr, "not an irr-sample --partial state");
		if (sr.line == 1)
			merge_header(ctx, &sr, line, first);
		else if (json_is_present(json_get_key(line, "seen")))
			merge_seen(ctx, &sr, line);
		else if (json_is_present(json_get_key(line, "case")))
			merge_case(ctx, &sr, line);
		else if (json_is_present(json_get_key(line, "reviewer")))
			merge_reviewer(ctx, &sr, line);
		else if (json_is_present(json_get_key(line,
		    "irr_state_end"))) {
			/* Counted from the cases seen, net of repeats. */
			(void)state_number(&sr, line, "other_type");
			ended = true;
		} else
			bad_state(&sr, "not an irr-sample --partial state");
		jv_free(line);
	}
	if (ferror(fp))
		diag_fatal(EXIT_FATAL, "%s: %s", file, strerror(errno));
	if (!ended) {
		sr.line = 0;
		bad_state(&sr, "the state ends early: it is incomplete");
	}
	if (fp != stdin)
		fclose(fp);
	free(buf);
}

/* The sample ------------------------------------------------------------- */

static void
write_sample(struct context *ctx, struct record_io *io)
{
	struct irr_roster *s = ctx->roster;

	count_cases(ctx, io);
	irr_roster_sort(s);
	for (size_t i = 0; i < s->n; i++) {
		const struct irr_reviewer *r = &s->reviewers[i];

		if (r->caseload > 0 && !irr_reviewer_complete(r,
		    irr_quota_of(&ctx->quota, r->caseload)))
			diag_fatal(EXIT_FATAL, "a reviewer's sample cannot be "
			    "completed from these states: a shard dropped "
			    "cases that its repeated case ids now call for; "
			    "run irr-sample once over all the input");
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct irr_reviewer *r = &s->reviewers[i];
		long quota = irr_quota_of(&ctx->quota, r->caseload);

		if (r->caseload <= 0)
			continue;	/* every case was repeated earlier */
		if (ctx->opts->summary) {
			record_write(io, JV_OBJECT(jv_string("reviewer"),
			    reviewer_string(r), jv_string("caseload"),
			    jv_number((double)r->caseload),
			    jv_string("quota"), jv_number((double)quota),
			    jv_string("selected"), jv_number((double)(r->n <
			    quota ? r->n : quota))));
			continue;
		}
		for (long j = 0; j < quota && j < r->n; j++) {
			jv irr = JV_OBJECT(jv_string("reviewer_caseload"),
			    jv_number((double)r->caseload),
			    jv_string("quota"), jv_number((double)quota),
			    jv_string("rank"), jv_number((double)(j + 1)),
			    jv_string("seed"), jv_string(ctx->seed));

			record_write(io, jv_object_set(parse_text(
			    &r->heap[j]), jv_string("irr"), irr));
		}
	}
}

static void
report_other(const struct context *ctx)
{
	if (ctx->other == 1)
		diag_warn("1 case of another review type was not sampled");
	else if (ctx->other > 1)
		diag_warn("%ld cases of other review types were not sampled",
		    ctx->other);
}

int
main(int argc, char *argv[])
{
	struct options opts = {0};
	struct period first = {0};
	struct context ctx;
	struct record_io *io;
	const char *map_error;
	jv record;
	int ch, status;

	diag_init(argv[0]);
	opts.cli.help = &help;
	opts.buffer_size = DEFAULT_BUFFER_SIZE;
	while ((ch = cli_getopt(&opts.cli, argc, argv, "S:", longopts)) !=
	    -1) {
		switch (ch) {
		case OPT_BUFFER_SIZE:
			opts.buffer_size = parse_size(&opts.cli, optarg);
			break;
		case OPT_FROM:
			opts.period.from = parse_date_option(&opts.cli,
			    "--from", optarg);
			opts.period.has_from = true;
			break;
		case OPT_KEYS:
			opts.keys = true;
			break;
		case OPT_MERGE:
			opts.merge = true;
			break;
		case OPT_PARTIAL:
			opts.partial = true;
			break;
		case OPT_SEED:
			opts.seed = optarg;
			break;
		case OPT_SUMMARY:
			opts.summary = true;
			break;
		case OPT_TO:
			opts.period.to = parse_date_option(&opts.cli, "--to",
			    optarg);
			opts.period.has_to = true;
			break;
		case OPT_YEAR:
			opts.year_text = optarg;
			break;
		default:
			cli_help_exit(&opts.cli, EXIT_FATAL);
		}
	}
	check_options(&opts, argc - optind);
	cli_finish(&opts.cli);
	context_init(&ctx, &opts);

	if (opts.merge) {
		io = record_open(&opts.cli.record, NULL, 0);
		for (int i = optind; i < argc; i++, ctx.epoch++)
			merge_state(&ctx, argv[i], &first);
		write_sample(&ctx, io);
		report_other(&ctx);
	} else {
		if (!opts.keys) {
			opts.cli.record.fields =
			    (const char *const *)ctx.fields;
			opts.cli.record.result_key = "irr";
		}
		io = record_open(&opts.cli.record, argv + optind,
		    argc - optind);
		if (opts.partial)
			write_state_header(&ctx, io);
		while (record_next(io, &record, &map_error)) {
			if (map_error != NULL)
				jv_free(record_error(io, "--map", map_error));
			else
				take_record(&ctx, io, record);
			jv_free(record);
		}
		/* A state carries its count of other types to the merge. */
		if (opts.partial)
			write_state(&ctx, io);
		else if (!opts.keys) {
			write_sample(&ctx, io);
			report_other(&ctx);
		}
	}
	status = record_close(io);
	context_free(&ctx);
	cli_free(&opts.cli);
	return status;
}
