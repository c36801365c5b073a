/* due -- decision and notice deadlines of a request (SPEC section 4) */

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "due.h"
#include "json.h"
#include "record.h"
#include "rules.h"
#include "timefmt.h"

/* What is loaded once and every record uses. */
struct due {
	struct due_options opts;
	struct calendar	*calendar;
	struct rules_map *map;		/* NULL with --rules */
	struct rules	**rules;	/* loaded sets, by map index */
	int		 nrules;
	char		**fields;	/* the fast path's keys read */
	struct json_path line_of_business, request_type, received_at,
			 extensions, decision_at, practitioner_at,
			 member_mailed_at, admission_notified_at;
};

/* The times of one request, read from its record. */
struct request {
	const struct rules_type *type;
	timefmt_instant	 received, clock_start, decision_at,
			 practitioner_at, member_mailed_at, admission;
	bool		 has_decision, has_practitioner, has_member_mailed,
			 has_admission;
	int		 extensions;
};

struct deadlines {
	timefmt_instant	 decision, practitioner, member, review;
	bool		 has_review;
};


/* The top-level fields the timeliness rules read. */
static const char *const um_fields[] = {
	"line_of_business", "request_type", "received_at", "extensions",
	"decision", "notified", "admission_notified_at", NULL
};

/* Every field any loaded rule set reads. */
static void
collect_fields(struct due *ctx)
{
	int n = 0, failed = 0;

	for (const char *const *f = um_fields; *f != NULL; f++)
		failed |= record_fields_add(&ctx->fields, &n, *f);
	for (int i = 0; i < ctx->nrules; i++) {
		const struct rules *r = ctx->rules[i];

		if (r->required != NULL)
			failed |= record_fields_add(&ctx->fields, &n,
			    r->required);
		for (int c = 0; c < r->nclocks; c++)
			failed |= record_fields_add(&ctx->fields, &n,
			    r->clocks[c].span.field);
	}
	if (failed)
		abort();	/* out of memory at start-up */
}

struct due *
due_load(const struct due_options *opts, struct datafile_error *e)
{
	struct due *ctx = calloc(1, sizeof(*ctx));

	if (ctx == NULL)
		abort();
	ctx->opts = *opts;
	json_path_init(&ctx->line_of_business, "line_of_business");
	json_path_init(&ctx->request_type, "request_type");
	json_path_init(&ctx->received_at, "received_at");
	json_path_init(&ctx->extensions, "extensions");
	json_path_init(&ctx->decision_at, "decision.at");
	json_path_init(&ctx->practitioner_at, "notified.practitioner_at");
	json_path_init(&ctx->member_mailed_at, "notified.member_mailed_at");
	json_path_init(&ctx->admission_notified_at, "admission_notified_at");
	if ((ctx->calendar = calendar_load(opts->calendar, e)) == NULL)
		goto fail;
	if (opts->rules_name != NULL) {
		ctx->nrules = 1;
		ctx->rules = calloc(1, sizeof(*ctx->rules));
		if ((ctx->rules[0] = rules_load(opts->rules_name, e)) == NULL)
			goto fail;
	} else {
		if ((ctx->map = rules_map_load("lines-of-business", e)) ==
		    NULL)
			goto fail;
		ctx->nrules = rules_map_count(ctx->map);
		ctx->rules = calloc((size_t)ctx->nrules, sizeof(*ctx->rules));
		for (int i = 0; i < ctx->nrules; i++)
			if ((ctx->rules[i] = rules_load(rules_map_rules(
			    ctx->map, i), e)) == NULL)
				goto fail;
	}
	collect_fields(ctx);
	return ctx;
fail:
	due_free(ctx);
	return NULL;
}

const char *const *
due_fields(const struct due *ctx)
{
	return (const char *const *)ctx->fields;
}

void
due_free(struct due *ctx)
{
	if (ctx == NULL)
		return;
	for (int i = 0; i < ctx->nrules; i++)
		rules_free(ctx->rules[i]);
	free(ctx->rules);
	rules_map_free(ctx->map);
	calendar_free(ctx->calendar);
	record_fields_free(ctx->fields);
	json_path_free(&ctx->line_of_business);
	json_path_free(&ctx->request_type);
	json_path_free(&ctx->received_at);
	json_path_free(&ctx->extensions);
	json_path_free(&ctx->decision_at);
	json_path_free(&ctx->practitioner_at);
	json_path_free(&ctx->member_mailed_at);
	json_path_free(&ctx->admission_notified_at);
	free(ctx);
}

/* The rule set for a record: --rules, else its line of business. */
static const struct rules *
choose_rules(const struct due *ctx, jv record, const char **error)
{
	jv line;
	const char *name;

	if (ctx->map == NULL)
		return ctx->rules[0];
	line = json_get(record, &ctx->line_of_business);
	if (!json_is_present(line))
		name = rules_map_find(ctx->map, rules_map_default(ctx->map));
	else if (jv_get_kind(line) != JV_KIND_STRING) {
		*error = "not a string";
		return NULL;
	} else if ((name = rules_map_find(ctx->map, jv_string_value(line))) ==
	    NULL) {
		*error = "no rule set is mapped to this line of business";
		return NULL;
	}
	for (int i = 0; i < ctx->nrules; i++)
		if (strcmp(rules_map_rules(ctx->map, i), name) == 0)
			return ctx->rules[i];
	return NULL;
}

/*
 * An optional datetime field: false when absent; a message when present
 * but not a datetime that exists.
 */
static bool
read_time(jv record, const struct json_path *path, timefmt_instant *t,
    const char **error)
{
	jv v = json_get(record, path);
	enum timefmt_status st;

	*error = NULL;
	if (!json_is_present(v))
		return false;
	if (jv_get_kind(v) != JV_KIND_STRING) {
		*error = "not a datetime string";
		return false;
	}
	st = timefmt_parse(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), t);
	if (st != TIMEFMT_OK) {
		*error = timefmt_status_message(st);
		return false;
	}
	return true;
}

/* Reads the request's fields; returns an error message with *field set. */
static const char *
read_request(const struct due *ctx, const struct rules *rules,
    jv record, struct request *rq, const char **field)
{
	const char *error;
	jv v;

	memset(rq, 0, sizeof(*rq));
	*field = "request_type";
	v = json_get(record, &ctx->request_type);
	if (!json_is_present(v))
		return "missing";
	if (jv_get_kind(v) != JV_KIND_STRING ||
	    (rq->type = rules_find_type(rules, jv_string_value(v))) == NULL)
		return "not a request type of the rule set";
	*field = "received_at";
	if (!read_time(record, &ctx->received_at, &rq->received, &error))
		return error != NULL ? error : "missing";
	*field = "extensions";
	v = json_get(record, &ctx->extensions);
	if (json_is_present(v)) {
		double n = jv_get_kind(v) == JV_KIND_NUMBER ?
		    jv_number_value(v) : -1;

		/* NaN fails both tests; huge values never reach the cast. */
		if (!(n >= 0) || n != floor(n))
			return "not a whole number of 0 or more";
		if (n > rq->type->nextensions)
			return "more extensions than this request type allows";
		rq->extensions = (int)n;
	}
	*field = "decision";
	v = json_get_key(record, "decision");
	if (json_is_present(v) && jv_get_kind(v) != JV_KIND_OBJECT)
		return "not an object";
	*field = "notified";
	v = json_get_key(record, "notified");
	if (json_is_present(v) && jv_get_kind(v) != JV_KIND_OBJECT)
		return "not an object";
	*field = "decision.at";
	rq->has_decision = read_time(record, &ctx->decision_at,
	    &rq->decision_at, &error);
	if (error != NULL)
		return error;
	*field = "notified.practitioner_at";
	rq->has_practitioner = read_time(record, &ctx->practitioner_at,
	    &rq->practitioner_at, &error);
	if (error != NULL)
		return error;
	*field = "notified.member_mailed_at";
	rq->has_member_mailed = read_time(record, &ctx->member_mailed_at,
	    &rq->member_mailed_at, &error);
	if (error != NULL)
		return error;
	*field = "admission_notified_at";
	rq->has_admission = read_time(record, &ctx->admission_notified_at,
	    &rq->admission, &error);
	if (error != NULL)
		return error;
	*field = NULL;
	return NULL;
}

static timefmt_instant
anchor_time(const struct request *rq, const struct deadlines *d,
    enum rules_anchor anchor)
{
	switch (anchor) {
	case RULES_RECEIVED_AT:
		return rq->received;
	case RULES_CLOCK_START:
		return rq->clock_start;
	case RULES_DECISION:
		/* No decision yet: the latest that can still be timely. */
		return rq->has_decision ? rq->decision_at : d->decision;
	case RULES_ADMISSION_NOTICE:
		return rq->admission;
	case RULES_FIELD:
		break;
	}
	return rq->received;
}

static timefmt_instant
span_end(const struct due *ctx, const struct request *rq,
    const struct deadlines *d, const struct rules_span *span)
{
	return rules_span_end(span, ctx->calendar,
	    anchor_time(rq, d, span->anchor));
}

/* SPEC section 4: the deadlines of one request. */
static void
compute_deadlines(const struct due *ctx, const struct rules *rules,
    struct request *rq, struct deadlines *d)
{
	const struct rules_type *t = rq->type;

	memset(d, 0, sizeof(*d));
	rq->clock_start = t->next_opening ?
	    calendar_next_opening(ctx->calendar, rq->received, rules->open,
	    rules->close) : rq->received;
	if (rq->extensions > 0)
		d->decision = span_end(ctx, rq, d,
		    &t->extensions[rq->extensions - 1]);
	else
		d->decision = span_end(ctx, rq, d, &t->decision);
	if (rq->extensions > 0 && t->practitioner_moves)
		d->practitioner = d->decision;
	else
		d->practitioner = span_end(ctx, rq, d, &t->practitioner);
	if (t->practitioner_capped) {
		timefmt_instant cap = span_end(ctx, rq, d,
		    &t->practitioner_cap);

		if (cap < d->practitioner)
			d->practitioner = cap;
	}
	d->member = span_end(ctx, rq, d, &t->member);
	if (t->has_review && rq->has_admission) {
		d->has_review = true;
		d->review = span_end(ctx, rq, d, &t->review);
	}
}

enum check { CHECK_MET, CHECK_MISSED, CHECK_OPEN, CHECK_OVERDUE };

static const char *const check_names[] = {"met", "missed", "open",
	"overdue"};

static enum check
check(bool has_actual, timefmt_instant actual, timefmt_instant deadline,
    timefmt_instant as_of)
{
	if (has_actual)
		return actual <= deadline ? CHECK_MET : CHECK_MISSED;
	return as_of <= deadline ? CHECK_OPEN : CHECK_OVERDUE;
}

static jv
time_string(timefmt_instant t)
{
	char buf[TIMEFMT_DATETIME_SIZE];

	timefmt_format(t, buf);
	return jv_string(buf);
}

/* "Monday 2026-03-16 08:00" for the explanations. */
static void
describe(timefmt_instant t, bool seconds, char *buf, size_t size)
{
	char iso[TIMEFMT_DATETIME_SIZE];
	const char *name = date_weekday_name(date_weekday(
	    timefmt_local_date(t)));

	timefmt_format(t, iso);
	snprintf(buf, size, "%c%s %.10s %.*s", name[0] - 'a' + 'A', name + 1,
	    iso, seconds ? 8 : 5, iso + 11);
}

static const char *
anchor_words(enum rules_anchor a, const struct request *rq)
{
	switch (a) {
	case RULES_RECEIVED_AT:
		return "receipt";
	case RULES_CLOCK_START:
		return "the clock start";
	case RULES_DECISION:
		return rq->has_decision ? "the decision" :
		    "the decision deadline, as no decision is recorded";
	case RULES_ADMISSION_NOTICE:
		return "the admission notice";
	case RULES_FIELD:
		break;
	}
	return "?";
}

/* Names the holidays a business-day span skips, for trainers. */
static void
skipped_holidays(const struct due *ctx, timefmt_instant from,
    timefmt_instant to, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (date_day d = timefmt_local_date(from) + 1;
	    d <= timefmt_local_date(to) && len + 1 < size; d++) {
		const char *h = calendar_holiday(ctx->calendar, d);

		if (h != NULL && date_weekday(d) != DATE_SATURDAY &&
		    date_weekday(d) != DATE_SUNDAY) {
			size_t start;

			len += (size_t)snprintf(buf + len, size - len, "%s",
			    len == 0 ? ", skipping " : " and ");
			start = len < size ? len : size - 1;
			len += (size_t)snprintf(buf + start, size - start,
			    "%s", h);
			/* Holiday names read as words: new_years_day. */
			for (size_t i = start; i < len && i < size; i++)
				if (buf[i] == '_')
					buf[i] = ' ';
		}
	}
}

static jv
sentence_span(const struct due *ctx, const struct request *rq,
    const struct deadlines *d, const char *what,
    const struct rules_span *span, timefmt_instant end)
{
	char from[64], to[64], skip[256] = "";
	timefmt_instant start = anchor_time(rq, d, span->anchor);

	describe(start, false, from, sizeof(from));
	describe(end, true, to, sizeof(to));
	if (span->unit == RULES_BUSINESS_DAYS)
		skipped_holidays(ctx, start, end, skip, sizeof(skip));
	return jv_string_fmt("%s is due %d %s after %s, %s%s: by %s",
	    what, span->amount, rules_unit_name(span->unit, span->amount),
	    anchor_words(span->anchor, rq), from, skip, to);
}

static jv
explain(const struct due *ctx, const struct rules *rules,
    const struct request *rq, const struct deadlines *d)
{
	const struct rules_type *t = rq->type;
	jv out = jv_array();
	char rec[64], start[64];

	describe(rq->received, false, rec, sizeof(rec));
	describe(rq->clock_start, false, start, sizeof(start));
	if (!t->next_opening)
		out = jv_array_append(out, jv_string_fmt("received %s; %s %s "
		    "request is counted from receipt, at any hour", rec,
		    strchr("aeiou", t->name[0]) != NULL ? "an" : "a",
		    t->name));
	else if (rq->clock_start == rq->received)
		out = jv_array_append(out, jv_string_fmt("received %s, within "
		    "business hours, so the clock starts then", rec));
	else
		out = jv_array_append(out, jv_string_fmt("received %s, outside "
		    "business hours, so the clock starts %s", rec, start));
	if (rq->extensions > 0)
		out = jv_array_append(out, sentence_span(ctx, rq, d,
		    rq->extensions == 1 ? "extended once, the decision" :
		    "extended twice, the decision",
		    &t->extensions[rq->extensions - 1], d->decision));
	else
		out = jv_array_append(out, sentence_span(ctx, rq, d,
		    "the decision", &t->decision, d->decision));
	if (rq->extensions > 0 && t->practitioner_moves) {
		char to[64];

		describe(d->practitioner, true, to, sizeof(to));
		out = jv_array_append(out, jv_string_fmt("the practitioner "
		    "notice moves with the extended decision: by %s", to));
	} else {
		jv s = sentence_span(ctx, rq, d, "the practitioner notice",
		    &t->practitioner, d->practitioner);

		if (t->practitioner_capped)
			s = jv_string_concat(s, jv_string_fmt(", and never "
			    "later than %d %s after receipt",
			    t->practitioner_cap.amount,
			    rules_unit_name(t->practitioner_cap.unit,
			    t->practitioner_cap.amount)));
		out = jv_array_append(out, s);
	}
	out = jv_array_append(out, sentence_span(ctx, rq, d,
	    "the member's written notice", &t->member, d->member));
	if (d->has_review)
		out = jv_array_append(out, sentence_span(ctx, rq, d,
		    "the continued stay review", &t->review, d->review));
	(void)rules;
	return out;
}

static jv
due_um(const struct due *ctx, const struct rules *rules, jv record,
    const char **field, const char **error)
{
	const struct due_options *opts = &ctx->opts;
	struct request rq;
	struct deadlines d;
	enum check c[3];
	jv due = jv_object(), checks, timely;
	bool failed = false, open = false;

	due = jv_object_set(due, jv_string("rules"), jv_string(rules->name));
	if ((*error = read_request(ctx, rules, record, &rq, field)) != NULL) {
		jv_free(due);
		return jv_invalid();
	}
	compute_deadlines(ctx, rules, &rq, &d);
	if (!timefmt_printable(d.decision) ||
	    !timefmt_printable(d.practitioner) ||
	    !timefmt_printable(d.member) ||
	    (d.has_review && !timefmt_printable(d.review))) {
		jv_free(due);
		/* Blame the time the late deadline counts from. */
		*field = !timefmt_printable(d.decision) ? "received_at" :
		    d.has_review && !timefmt_printable(d.review) ?
		    "admission_notified_at" : rq.has_decision ?
		    "decision.at" : "received_at";
		*error = "a deadline falls after the year 9999";
		return jv_invalid();
	}
	c[0] = check(rq.has_decision, rq.decision_at, d.decision,
	    opts->as_of);
	c[1] = check(rq.has_practitioner, rq.practitioner_at, d.practitioner,
	    opts->as_of);
	c[2] = check(rq.has_member_mailed, rq.member_mailed_at, d.member,
	    opts->as_of);
	for (int i = 0; i < 3; i++) {
		failed |= c[i] == CHECK_MISSED || c[i] == CHECK_OVERDUE;
		open |= c[i] == CHECK_OPEN;
	}
	timely = failed ? jv_false() : open ? jv_null() : jv_true();
	checks = JV_OBJECT(jv_string("decision"), jv_string(check_names[c[0]]),
	    jv_string("practitioner_notice"), jv_string(check_names[c[1]]),
	    jv_string("member_notice"), jv_string(check_names[c[2]]));
	due = jv_object_set(due, jv_string("request_type"),
	    jv_string(rq.type->name));
	due = jv_object_set(due, jv_string("clock_start"),
	    time_string(rq.clock_start));
	due = jv_object_set(due, jv_string("decision_by"),
	    time_string(d.decision));
	due = jv_object_set(due, jv_string("practitioner_notice_by"),
	    time_string(d.practitioner));
	due = jv_object_set(due, jv_string("member_notice_by"),
	    time_string(d.member));
	if (d.has_review)
		due = jv_object_set(due, jv_string("review_by"),
		    time_string(d.review));
	due = jv_object_set(due, jv_string("extensions"),
	    jv_number(rq.extensions));
	due = jv_object_set(due, jv_string("checks"), checks);
	due = jv_object_set(due, jv_string("timely"), timely);
	if (opts->explain)
		due = jv_object_set(due, jv_string("explain"),
		    explain(ctx, rules, &rq, &d));
	return due;
}

/* The ccm rule set: deadlines only, no checks (SPEC section 4). */
static jv
due_clocks(const struct due *ctx, const struct rules *rules, jv record,
    const char **field, const char **error)
{
	jv due = JV_OBJECT(jv_string("rules"), jv_string(rules->name));

	*error = rules_clocks(rules, ctx->calendar, record, false, &due,
	    field);
	if (*error != NULL) {
		jv_free(due);
		return jv_invalid();
	}
	if (ctx->opts.explain) {
		jv lines = jv_array();

		for (int i = 0; i < rules->nclocks; i++) {
			const struct rules_clock *c = &rules->clocks[i];
			jv v = json_get_key(due, c->name);

			if (jv_get_kind(v) == JV_KIND_STRING)
				lines = jv_array_append(lines, jv_string_fmt(
				    "%s is %d %s after %s: %s", c->name,
				    c->span.amount, rules_unit_name(
				    c->span.unit, c->span.amount),
				    c->span.field, jv_string_value(v)));
		}
		due = jv_object_set(due, jv_string("explain"), lines);
	}
	return due;
}

jv
due_compute(const struct due *ctx, jv record, const char **field,
    const char **error)
{
	const struct rules *rules;

	*error = NULL;
	rules = choose_rules(ctx, record, error);
	if (rules == NULL) {
		*field = "line_of_business";
		if (*error == NULL)
			*error = "no rule set";
		return jv_invalid();
	}
	if (rules->is_clock_set)
		return due_clocks(ctx, rules, record, field, error);
	return due_um(ctx, rules, record, field, error);
}
