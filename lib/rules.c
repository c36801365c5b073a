/* rules -- timeliness rule tables: deadlines as data (umkit-rules(5)) */

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "rules.h"

#define END_OF_DAY	(86400 - 1)

struct rules_map {
	char		*default_line;
	int		 n;
	char		**lines;
	char		**rules;
};

static const struct { const char *name; enum rules_anchor anchor; }
    anchors[] = {
	{"received_at",			RULES_RECEIVED_AT},
	{"clock_start",			RULES_CLOCK_START},
	{"decision",			RULES_DECISION},
	{"admission_notified_at",	RULES_ADMISSION_NOTICE},
};

static int	 parse_type_line_spans(struct datafile *, struct rules_type *,
		    const char *, int);

timefmt_instant
rules_span_end(const struct rules_span *span, const struct calendar *cal,
    timefmt_instant from)
{
	date_day day;

	switch (span->unit) {
	case RULES_HOURS:
		return from + (timefmt_instant)span->amount * 3600;
	case RULES_CALENDAR_DAYS:
		day = timefmt_local_date(from) + span->amount;
		break;
	case RULES_BUSINESS_DAYS:
	default:
		day = calendar_add_business_days(cal,
		    timefmt_local_date(from), span->amount);
		break;
	}
	return timefmt_from_local(day, END_OF_DAY);
}

const char *
rules_unit_name(enum rules_unit unit, int amount)
{
	switch (unit) {
	case RULES_HOURS:
		return amount == 1 ? "hour" : "hours";
	case RULES_CALENDAR_DAYS:
		return amount == 1 ? "calendar day" : "calendar days";
	case RULES_BUSINESS_DAYS:
		return amount == 1 ? "business day" : "business days";
	}
	return "?";
}

/* "N UNIT after ANCHOR" at tokens[i..i+3]; clock sets take any field. */
static int
parse_span(struct datafile *df, int i, bool any_field,
    struct rules_span *span)
{
	long n;
	const char *unit, *anchor;

	if (i + 4 > df->ntokens || strcmp(df->tokens[i + 2], "after") != 0)
		return datafile_fail(df,
		    "expected 'N hours|calendar_days|business_days after "
		    "FIELD'");
	if (datafile_long(df->tokens[i], 0, 100000, &n) != 0)
		return datafile_fail(df, "'%s' is not a whole number of 0 or "
		    "more", df->tokens[i]);
	span->amount = (int)n;
	unit = df->tokens[i + 1];
	if (strcmp(unit, "hours") == 0 || strcmp(unit, "hour") == 0)
		span->unit = RULES_HOURS;
	else if (strcmp(unit, "calendar_days") == 0 ||
	    strcmp(unit, "calendar_day") == 0)
		span->unit = RULES_CALENDAR_DAYS;
	else if (strcmp(unit, "business_days") == 0 ||
	    strcmp(unit, "business_day") == 0)
		span->unit = RULES_BUSINESS_DAYS;
	else
		return datafile_fail(df, "unknown unit '%s' (hours, "
		    "calendar_days or business_days)", unit);
	anchor = df->tokens[i + 3];
	if (any_field) {
		span->anchor = RULES_FIELD;
		if ((span->field = strdup(anchor)) == NULL)
			return datafile_fail(df, "out of memory");
		return 0;
	}
	for (size_t a = 0; a < sizeof(anchors) / sizeof(*anchors); a++)
		if (strcmp(anchor, anchors[a].name) == 0) {
			span->anchor = anchors[a].anchor;
			return 0;
		}
	return datafile_fail(df, "unknown starting point '%s' (received_at, "
	    "clock_start, decision or admission_notified_at)", anchor);
}

/*
 * What each line may count from: the decision not from itself, and only
 * the review from the admission notice (a record may have none).
 */
static int
check_anchor(struct datafile *df, const char *key,
    const struct rules_span *span)
{
	if (span->anchor == RULES_DECISION && strcmp(key, "decision") == 0)
		return datafile_fail(df, "the decision cannot count from "
		    "itself");
	if (span->anchor == RULES_ADMISSION_NOTICE &&
	    strcmp(key, "review") != 0)
		return datafile_fail(df, "only the review counts from "
		    "admission_notified_at");
	if (span->anchor == RULES_DECISION && strcmp(key, "extension") == 0)
		return datafile_fail(df, "an extension counts from "
		    "received_at or clock_start");
	return 0;
}

static int
parse_type_line(struct datafile *df, struct rules_type *t)
{
	const char *key = df->tokens[0];
	int n = df->ntokens;

	if (parse_type_line_spans(df, t, key, n) != 0)
		return -1;
	if (strcmp(key, "clock_start") == 0)
		return 0;
	if (strcmp(key, "decision") == 0)
		return check_anchor(df, key, &t->decision);
	if (strcmp(key, "practitioner") == 0)
		return check_anchor(df, key, &t->practitioner) ||
		    (t->practitioner_capped && check_anchor(df, key,
		    &t->practitioner_cap));
	if (strcmp(key, "member") == 0)
		return check_anchor(df, key, &t->member);
	if (strcmp(key, "review") == 0)
		return check_anchor(df, key, &t->review);
	return check_anchor(df, key, &t->extensions[t->nextensions - 1]);
}

static int
parse_type_line_spans(struct datafile *df, struct rules_type *t,
    const char *key, int n)
{
	if (strcmp(key, "clock_start") == 0) {
		if (n != 2)
			return datafile_fail(df, "clock_start takes one word");
		if (strcmp(df->tokens[1], "next_opening") == 0)
			t->next_opening = true;
		else if (strcmp(df->tokens[1], "received_at") == 0)
			t->next_opening = false;
		else
			return datafile_fail(df, "clock_start is received_at "
			    "or next_opening");
		return 0;
	}
	if (strcmp(key, "decision") == 0) {
		if (n != 5)
			return datafile_fail(df, "decision takes one span");
		return parse_span(df, 1, false, &t->decision);
	}
	if (strcmp(key, "member") == 0) {
		if (n != 5)
			return datafile_fail(df, "member takes one span");
		return parse_span(df, 1, false, &t->member);
	}
	if (strcmp(key, "review") == 0) {
		if (n != 5)
			return datafile_fail(df, "review takes one span");
		t->has_review = true;
		return parse_span(df, 1, false, &t->review);
	}
	if (strcmp(key, "extension") == 0) {
		if (n != 5)
			return datafile_fail(df, "extension takes one span");
		if (t->nextensions == RULES_MAX_EXTENSIONS)
			return datafile_fail(df, "at most %d extensions",
			    RULES_MAX_EXTENSIONS);
		return parse_span(df, 1, false,
		    &t->extensions[t->nextensions++]);
	}
	if (strcmp(key, "practitioner") == 0) {
		if (parse_span(df, 1, false, &t->practitioner) != 0)
			return -1;
		if (n == 6 && strcmp(df->tokens[5], "moves_with_extension") == 0)
			t->practitioner_moves = true;
		else if (n == 10 && strcmp(df->tokens[5], "at_most") == 0) {
			t->practitioner_capped = true;
			return parse_span(df, 6, false, &t->practitioner_cap);
		} else if (n != 5)
			return datafile_fail(df, "after the span, practitioner "
			    "takes 'moves_with_extension' or 'at_most SPAN'");
		return 0;
	}
	return datafile_fail(df, "unknown word '%s'", key);
}

/*
 * Found at the next "type" or the end of the file; reported at LINE, the
 * incomplete type's own "type" line.
 */
static int
check_type(struct datafile *df, const struct rules_type *t, bool *seen,
    long line)
{
	if (t == NULL)
		return 0;
	/* seen: decision, practitioner, member */
	if (!seen[0] || !seen[1] || !seen[2]) {
		datafile_fail(df, "type '%s' needs decision, "
		    "practitioner and member lines", t->name);
		df->error->line = line;
		return -1;
	}
	return 0;
}

static void
free_span(struct rules_span *s)
{
	free(s->field);
	s->field = NULL;
}

void
rules_free(struct rules *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->ntypes; i++) {
		free(r->types[i].name);
		/* Type spans never hold fields; clocks do. */
	}
	for (int i = 0; i < r->nclocks; i++) {
		free(r->clocks[i].name);
		if (r->clocks[i].path.depth > 0)
			json_path_free(&r->clocks[i].path);
		free_span(&r->clocks[i].span);
	}
	free(r->types);
	free(r->clocks);
	if (r->required != NULL)
		json_path_free(&r->required_path);
	free(r->required);
	free(r->name);
	free(r);
}

static void *
grow(void *p, int n, size_t size)
{
	/* Grows by one; tables are tiny and loaded once. */
	return realloc(p, (size_t)(n + 1) * size);
}

struct rules *
rules_load(const char *name_or_file, struct datafile_error *error)
{
	struct rules *r = calloc(1, sizeof(*r));
	struct rules_type *cur = NULL;
	struct datafile df;
	bool seen[3] = {false, false, false}, hours = false;
	long type_line = 0;
	int n, rc = 0;

	if (r == NULL)
		abort();	/* out of memory at start-up */
	if (datafile_open_named(&df, "rules", name_or_file, ".rules",
	    error) != 0) {
		free(r);
		return NULL;
	}
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		const char *key = df.tokens[0];

		if (strcmp(key, "rules") == 0 && n == 2 && r->name == NULL) {
			r->name = strdup(df.tokens[1]);
		} else if (strcmp(key, "hours") == 0) {
			if (n != 3 || datafile_clock(df.tokens[1], &r->open) ||
			    datafile_clock(df.tokens[2], &r->close) ||
			    r->open >= r->close)
				rc = datafile_fail(&df, "hours takes an opening "
				    "and a closing time as HH:MM");
			hours = true;
		} else if (strcmp(key, "type") == 0) {
			void *p;

			if (n != 2 || r->nclocks > 0) {
				rc = datafile_fail(&df, n != 2 ?
				    "type takes one request type" :
				    "a rule set has types or deadlines, "
				    "not both");
				break;
			}
			if ((rc = check_type(&df, cur, seen, type_line)) != 0)
				break;
			if (rules_find_type(r, df.tokens[1]) != NULL) {
				rc = datafile_fail(&df, "type '%s' is defined "
				    "twice", df.tokens[1]);
				break;
			}
			if ((p = grow(r->types, r->ntypes,
			    sizeof(*r->types))) == NULL) {
				rc = datafile_fail(&df, "out of memory");
				break;
			}
			r->types = p;
			cur = &r->types[r->ntypes++];
			memset(cur, 0, sizeof(*cur));
			cur->name = strdup(df.tokens[1]);
			type_line = df.line;
			seen[0] = seen[1] = seen[2] = false;
		} else if (strcmp(key, "requires") == 0 && n == 2 &&
		    r->required == NULL) {
			r->required = strdup(df.tokens[1]);
			json_path_init(&r->required_path, r->required);
		} else if (strcmp(key, "deadline") == 0) {
			struct rules_clock *c;
			void *p;

			if (n != 6 || r->ntypes > 0) {
				rc = datafile_fail(&df, n != 6 ?
				    "deadline takes a name and a span" :
				    "a rule set has types or deadlines, "
				    "not both");
				break;
			}
			if ((p = grow(r->clocks, r->nclocks,
			    sizeof(*r->clocks))) == NULL) {
				rc = datafile_fail(&df, "out of memory");
				break;
			}
			r->clocks = p;
			for (int i = 0; i < r->nclocks; i++)
				if (strcmp(r->clocks[i].name,
				    df.tokens[1]) == 0)
					rc = datafile_fail(&df, "deadline '%s' "
					    "is given twice", df.tokens[1]);
			if (rc != 0)
				break;
			c = &r->clocks[r->nclocks++];
			memset(c, 0, sizeof(*c));
			c->name = strdup(df.tokens[1]);
			r->is_clock_set = true;
			if ((rc = parse_span(&df, 2, true, &c->span)) == 0)
				json_path_init(&c->path, c->span.field);
		} else if (cur != NULL) {
			static const char *const once[] = {"decision",
			    "practitioner", "member"};

			for (int i = 0; i < 3; i++)
				if (strcmp(key, once[i]) == 0) {
					if (seen[i])
						rc = datafile_fail(&df, "'%s' "
						    "is given twice in type "
						    "'%s'", key, cur->name);
					seen[i] = true;
				}
			if (rc == 0 && strcmp(key, "review") == 0 &&
			    cur->has_review)
				rc = datafile_fail(&df, "'review' is given "
				    "twice in type '%s'", cur->name);
			if (rc == 0)
				rc = parse_type_line(&df, cur);
		} else
			rc = datafile_fail(&df, "unknown word '%s'", key);
	}
	if (rc == 0 && n == 0) {
		if (cur != NULL)
			rc = check_type(&df, cur, seen, type_line);
		else if (r->nclocks == 0)
			rc = datafile_fail(&df, "no type and no deadline");
		if (rc == 0 && r->name == NULL)
			rc = datafile_fail(&df, "the file does not name its "
			    "rule set ('rules NAME')");
		if (rc == 0 && !hours && !r->is_clock_set)
			rc = datafile_fail(&df, "no business hours "
			    "('hours 08:00 17:00')");
	}
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	if (rc != 0) {
		rules_free(r);
		return NULL;
	}
	return r;
}

const char *
rules_clocks(const struct rules *r, const struct calendar *cal, jv record,
    bool dates_only, jv *out, const char **field)
{
	if (r->required != NULL &&
	    !json_is_present(json_get(record, &r->required_path))) {
		*field = r->required;
		return "missing";
	}
	for (int i = 0; i < r->nclocks; i++) {
		const struct rules_clock *c = &r->clocks[i];
		timefmt_instant from, end;
		enum timefmt_status st;
		jv v = json_get(record, &c->path);

		if (!json_is_present(v))
			continue;
		*field = c->span.field;
		if (jv_get_kind(v) != JV_KIND_STRING)
			return "not a datetime string";
		st = timefmt_parse(jv_string_value(v),
		    (size_t)jv_string_length_bytes(jv_copy(v)), &from);
		if (st != TIMEFMT_OK)
			return timefmt_status_message(st);
		end = rules_span_end(&c->span, cal, from);
		if (!timefmt_printable(end))
			return "a deadline falls after the year 9999";
		if (dates_only) {
			char buf[TIMEFMT_DATE_SIZE];

			timefmt_format_date(timefmt_local_date(end), buf);
			*out = jv_object_set(*out, jv_string(c->name),
			    jv_string(buf));
		} else {
			char buf[TIMEFMT_DATETIME_SIZE];

			timefmt_format(end, buf);
			*out = jv_object_set(*out, jv_string(c->name),
			    jv_string(buf));
		}
	}
	*field = NULL;
	return NULL;
}

const struct rules_type *
rules_find_type(const struct rules *r, const char *name)
{
	if (name == NULL)
		return NULL;
	for (int i = 0; i < r->ntypes; i++)
		if (strcmp(r->types[i].name, name) == 0)
			return &r->types[i];
	return NULL;
}

struct rules_map *
rules_map_load(const char *name_or_file, struct datafile_error *error)
{
	struct rules_map *m = calloc(1, sizeof(*m));
	struct datafile df;
	int n, rc = 0;

	if (m == NULL)
		abort();	/* out of memory at start-up */
	if (datafile_open_named(&df, "rules", name_or_file, "", error) != 0) {
		free(m);
		return NULL;
	}
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		if (n != 2)
			rc = datafile_fail(&df, "expected 'LINE_OF_BUSINESS "
			    "RULES' or 'default LINE_OF_BUSINESS'");
		else if (strcmp(df.tokens[0], "default") == 0) {
			free(m->default_line);
			m->default_line = strdup(df.tokens[1]);
		} else if (rules_map_find(m, df.tokens[0]) != NULL)
			rc = datafile_fail(&df, "'%s' is mapped twice",
			    df.tokens[0]);
		else {
			m->lines = realloc(m->lines, (size_t)(m->n + 1) *
			    sizeof(char *));
			m->rules = realloc(m->rules, (size_t)(m->n + 1) *
			    sizeof(char *));
			if (m->lines == NULL || m->rules == NULL)
				abort();
			m->lines[m->n] = strdup(df.tokens[0]);
			m->rules[m->n++] = strdup(df.tokens[1]);
		}
	}
	if (rc == 0 && n == 0 && (m->default_line == NULL ||
	    rules_map_find(m, m->default_line) == NULL))
		rc = datafile_fail(&df, "no 'default' line of business, or "
		    "it is not mapped");
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	if (rc != 0) {
		rules_map_free(m);
		return NULL;
	}
	return m;
}

void
rules_map_free(struct rules_map *m)
{
	if (m == NULL)
		return;
	for (int i = 0; i < m->n; i++) {
		free(m->lines[i]);
		free(m->rules[i]);
	}
	free(m->lines);
	free(m->rules);
	free(m->default_line);
	free(m);
}

const char *
rules_map_default(const struct rules_map *m)
{
	return m->default_line;
}

const char *
rules_map_find(const struct rules_map *m, const char *line)
{
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->lines[i], line) == 0)
			return m->rules[i];
	return NULL;
}

int
rules_map_count(const struct rules_map *m)
{
	return m->n;
}

const char *
rules_map_rules(const struct rules_map *m, int i)
{
	return m->rules[i];
}
