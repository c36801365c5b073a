/* test-rules -- timeliness rule tables, span ends and the line map */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "datafile.h"
#include "json.h"
#include "rules.h"
#include "tap.h"
#include "timefmt.h"

/* Checks not to make on a malformed file's line: errors at end of file. */
#define ANY_LINE	(-1L)

static const char *at(timefmt_instant);
static timefmt_instant instant(const char *);
static void	 is_span(const struct rules_span *, int, enum rules_unit,
		    enum rules_anchor, const char *);
static void	 test_um_medi_cal(void);
static void	 test_span_end(void);
static void	 test_changed_table(void);
static void	 test_clocks(void);
static void	 test_map(void);
static void	 test_malformed(void);

static struct calendar *plan, *us;

static const char *
at(timefmt_instant t)
{
	static char buf[TIMEFMT_DATETIME_SIZE];

	timefmt_format(t, buf);
	return buf;
}

/* A datetime written in a test (always valid). */
static timefmt_instant
instant(const char *s)
{
	timefmt_instant t;

	if (timefmt_parse(s, strlen(s), &t) != TIMEFMT_OK) {
		fprintf(stderr, "test-rules: bad datetime in a test: %s\n", s);
		exit(2);
	}
	return t;
}

/* One test point: a span is "AMOUNT UNIT after ANCHOR". */
static void
is_span(const struct rules_span *s, int amount, enum rules_unit unit,
    enum rules_anchor anchor, const char *name)
{
	ok(s->amount == amount && s->unit == unit && s->anchor == anchor,
	    "%s is %d %s after anchor %d", name, amount,
	    rules_unit_name(unit, amount), (int)anchor);
	if (s->amount != amount || s->unit != unit || s->anchor != anchor)
		diag("got %d %s after anchor %d", s->amount,
		    rules_unit_name(s->unit, s->amount), (int)s->anchor);
}

/*
 * SPEC section 4, the UM-PD timeliness table as shipped in
 * share/umkit/rules/um-medi-cal.rules.
 */
static void
test_um_medi_cal(void)
{
	struct datafile_error e;
	struct rules *r = rules_load("um-medi-cal", &e);
	const struct rules_type *t;

	if (r == NULL) {
		ok(0, "um-medi-cal loads");
		diag("%s:%ld: %s", e.file, e.line, e.message);
		return;
	}
	ok(1, "um-medi-cal loads");
	is_str(r->name, "um-medi-cal", "it names itself um-medi-cal");
	ok(!r->is_clock_set, "it is a table of types, not a clock set");
	is_int(r->open, 8 * 3600, "business hours open at 08:00");
	is_int(r->close, 17 * 3600, "business hours close at 17:00");
	is_int(r->ntypes, 4, "it has 4 request types");
	if (r->ntypes == 4) {
		is_str(r->types[0].name, "urgent_concurrent", "type 1");
		is_str(r->types[1].name, "urgent_preservice", "type 2");
		is_str(r->types[2].name, "nonurgent_preservice", "type 3");
		is_str(r->types[3].name, "postservice", "type 4");
	}
	ok(rules_find_type(r, "urgent") == NULL, "no type 'urgent'");
	ok(rules_find_type(r, NULL) == NULL, "no type for a NULL name");

	/* Urgent concurrent: 72 hours; extend once to 14 calendar days. */
	if ((t = rules_find_type(r, "urgent_concurrent")) != NULL) {
		ok(!t->next_opening, "urgent_concurrent: clock starts at "
		    "receipt, even after hours");
		is_span(&t->decision, 72, RULES_HOURS, RULES_CLOCK_START,
		    "urgent_concurrent: decision");
		is_span(&t->practitioner, 72, RULES_HOURS, RULES_CLOCK_START,
		    "urgent_concurrent: practitioner notice");
		ok(t->practitioner_moves && !t->practitioner_capped,
		    "urgent_concurrent: practitioner notice moves with an "
		    "extension");
		is_span(&t->member, 2, RULES_BUSINESS_DAYS, RULES_DECISION,
		    "urgent_concurrent: member notice");
		is_int(t->nextensions, 1, "urgent_concurrent: one extension");
		is_span(&t->extensions[0], 14, RULES_CALENDAR_DAYS,
		    RULES_RECEIVED_AT, "urgent_concurrent: extension");
		ok(t->has_review, "urgent_concurrent: has a review clock");
		is_span(&t->review, 24, RULES_HOURS, RULES_ADMISSION_NOTICE,
		    "urgent_concurrent: review");
	} else
		ok(0, "urgent_concurrent is found");

	/* Urgent pre-service: as urgent concurrent, without review. */
	if ((t = rules_find_type(r, "urgent_preservice")) != NULL) {
		ok(!t->next_opening, "urgent_preservice: clock at receipt");
		is_span(&t->decision, 72, RULES_HOURS, RULES_CLOCK_START,
		    "urgent_preservice: decision");
		is_span(&t->practitioner, 72, RULES_HOURS, RULES_CLOCK_START,
		    "urgent_preservice: practitioner notice");
		ok(t->practitioner_moves, "urgent_preservice: practitioner "
		    "notice moves with an extension");
		is_span(&t->member, 2, RULES_BUSINESS_DAYS, RULES_DECISION,
		    "urgent_preservice: member notice");
		is_int(t->nextensions, 1, "urgent_preservice: one extension");
		is_span(&t->extensions[0], 14, RULES_CALENDAR_DAYS,
		    RULES_RECEIVED_AT, "urgent_preservice: extension");
		ok(!t->has_review, "urgent_preservice: no review clock");
	} else
		ok(0, "urgent_preservice is found");

	/*
	 * Non-urgent pre-service: 5 business days from the next opening;
	 * practitioner 24 hours after the decision; extend to 14, then 28
	 * calendar days from receipt.
	 */
	if ((t = rules_find_type(r, "nonurgent_preservice")) != NULL) {
		ok(t->next_opening, "nonurgent_preservice: after-hours "
		    "requests wait for the next opening");
		is_span(&t->decision, 5, RULES_BUSINESS_DAYS,
		    RULES_CLOCK_START, "nonurgent_preservice: decision");
		is_span(&t->practitioner, 24, RULES_HOURS, RULES_DECISION,
		    "nonurgent_preservice: practitioner notice");
		ok(!t->practitioner_moves && !t->practitioner_capped,
		    "nonurgent_preservice: practitioner notice neither moves "
		    "nor is capped");
		is_span(&t->member, 2, RULES_BUSINESS_DAYS, RULES_DECISION,
		    "nonurgent_preservice: member notice");
		is_int(t->nextensions, 2, "nonurgent_preservice: two "
		    "extensions");
		is_span(&t->extensions[0], 14, RULES_CALENDAR_DAYS,
		    RULES_RECEIVED_AT, "nonurgent_preservice: extension 1");
		is_span(&t->extensions[1], 28, RULES_CALENDAR_DAYS,
		    RULES_RECEIVED_AT, "nonurgent_preservice: extension 2");
		ok(!t->has_review, "nonurgent_preservice: no review clock");
	} else
		ok(0, "nonurgent_preservice is found");

	/*
	 * Post-service: 30 calendar days; practitioner 24 hours after the
	 * decision, never later than 30 calendar days from receipt.
	 */
	if ((t = rules_find_type(r, "postservice")) != NULL) {
		ok(!t->next_opening, "postservice: clock at receipt");
		is_span(&t->decision, 30, RULES_CALENDAR_DAYS,
		    RULES_CLOCK_START, "postservice: decision");
		is_span(&t->practitioner, 24, RULES_HOURS, RULES_DECISION,
		    "postservice: practitioner notice");
		ok(t->practitioner_capped && !t->practitioner_moves,
		    "postservice: practitioner notice is capped");
		is_span(&t->practitioner_cap, 30, RULES_CALENDAR_DAYS,
		    RULES_RECEIVED_AT, "postservice: the cap");
		is_span(&t->member, 2, RULES_BUSINESS_DAYS, RULES_DECISION,
		    "postservice: member notice");
		is_int(t->nextensions, 0, "postservice: no extension");
		ok(!t->has_review, "postservice: no review clock");
	} else
		ok(0, "postservice is found");

	rules_free(r);

	is_str(rules_unit_name(RULES_HOURS, 1), "hour", "unit name: hour");
	is_str(rules_unit_name(RULES_HOURS, 72), "hours", "unit name: hours");
	is_str(rules_unit_name(RULES_CALENDAR_DAYS, 30), "calendar days",
	    "unit name: calendar days");
	is_str(rules_unit_name(RULES_BUSINESS_DAYS, 1), "business day",
	    "unit name: business day");
}

/*
 * SPEC section 2: N hours are N*3600 elapsed seconds; N calendar or
 * business days end at 23:59:59 plan-local on the day, counted from the
 * instant's local date (day 0).
 */
static void
test_span_end(void)
{
	struct rules_span s = {0};

#define SPAN_END(n, u, cal, from, want, name) do {			\
	s.amount = (n);							\
	s.unit = (u);							\
	is_str(at(rules_span_end(&s, (cal), instant(from))), (want),	\
	    "span end: %s", (name));					\
} while (0)

	SPAN_END(72, RULES_HOURS, plan, "2026-03-06T10:00",
	    "2026-03-09T11:00:00-07:00",
	    "72 hours over spring-forward are 72 elapsed hours");
	SPAN_END(24, RULES_HOURS, plan, "2026-10-31T12:00",
	    "2026-11-01T11:00:00-08:00",
	    "24 hours over fall-back are 24 elapsed hours");
	SPAN_END(72, RULES_HOURS, plan, "2026-03-09T10:15:30",
	    "2026-03-12T10:15:30-07:00", "hours keep the seconds");
	SPAN_END(0, RULES_HOURS, plan, "2026-03-09T10:15:30",
	    "2026-03-09T10:15:30-07:00", "0 hours is the instant itself");
	SPAN_END(30, RULES_CALENDAR_DAYS, plan, "2026-03-09T10:00",
	    "2026-04-08T23:59:59-07:00", "30 calendar days");
	SPAN_END(0, RULES_CALENDAR_DAYS, plan, "2026-03-09T10:00",
	    "2026-03-09T23:59:59-07:00", "0 calendar days is the same day");
	SPAN_END(14, RULES_CALENDAR_DAYS, plan, "2026-02-27T09:00",
	    "2026-03-13T23:59:59-07:00",
	    "14 calendar days over spring-forward");
	SPAN_END(1, RULES_CALENDAR_DAYS, plan, "2026-10-31T09:00",
	    "2026-11-01T23:59:59-08:00", "1 calendar day onto fall-back day");
	SPAN_END(1, RULES_CALENDAR_DAYS, plan, "2026-01-01T07:30:00Z",
	    "2026-01-01T23:59:59-08:00",
	    "days count from the local date (2025-12-31 23:30 PST)");
	SPAN_END(5, RULES_BUSINESS_DAYS, plan, "2026-03-09T08:00",
	    "2026-03-16T23:59:59-07:00",
	    "5 business days from Monday 2026-03-09");
	SPAN_END(5, RULES_BUSINESS_DAYS, plan, "2026-03-10T06:00:00Z",
	    "2026-03-16T23:59:59-07:00",
	    "business days count from the local date (Monday 23:00 PDT)");
	SPAN_END(2, RULES_BUSINESS_DAYS, plan, "2026-03-06T16:00",
	    "2026-03-10T23:59:59-07:00",
	    "2 business days from Friday are Tuesday");
	SPAN_END(5, RULES_BUSINESS_DAYS, us, "2026-11-25T10:00",
	    "2026-12-03T23:59:59-08:00",
	    "us-federal: 5 business days over Thanksgiving");
	SPAN_END(5, RULES_BUSINESS_DAYS, plan, "2026-11-25T10:00",
	    "2026-12-04T23:59:59-08:00",
	    "plan: 5 business days over Thanksgiving and the day after");
#undef SPAN_END
}

/*
 * SPEC section 2, data instead of constants: a table whose non-urgent
 * decision is 3 business days instead of 5 moves the deadline.
 */
static void
test_changed_table(void)
{
	static const char from[] = "5 business_days after clock_start";
	static const char to[] = "3 business_days after clock_start";
	char *shipped, *text, *p, *path;
	struct datafile_error e;
	struct rules *r5, *r3;
	const struct rules_type *t5, *t3;
	timefmt_instant start = instant("2026-03-09T08:00");
	FILE *fp;
	long size;

	if (asprintf(&shipped, "%s/rules/um-medi-cal.rules",
	    datafile_share_dir()) < 0 || (fp = fopen(shipped, "r")) == NULL) {
		ok(0, "the shipped um-medi-cal.rules can be read");
		return;
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	if ((text = calloc(1, (size_t)size + 1)) == NULL ||
	    fread(text, 1, (size_t)size, fp) != (size_t)size)
		abort();
	fclose(fp);
	p = strstr(text, from);
	ok(p != NULL, "the shipped table says '%s'", from);
	if (p == NULL) {
		free(text);
		free(shipped);
		return;
	}
	memcpy(p, to, strlen(to));
	path = tap_write_temp(text);

	r5 = rules_load(shipped, &e);
	r3 = rules_load(path, &e);
	ok(r5 != NULL && r3 != NULL, "both tables load");
	if (r5 != NULL && r3 != NULL) {
		t5 = rules_find_type(r5, "nonurgent_preservice");
		t3 = rules_find_type(r3, "nonurgent_preservice");
		is_int(t3->decision.amount, 3,
		    "the changed table's decision is 3 business days");
		is_str(at(rules_span_end(&t5->decision, plan, start)),
		    "2026-03-16T23:59:59-07:00",
		    "5 business days from Monday 2026-03-09 end Monday");
		is_str(at(rules_span_end(&t3->decision, plan, start)),
		    "2026-03-12T23:59:59-07:00",
		    "3 business days from Monday 2026-03-09 end Thursday");
	}
	rules_free(r5);
	rules_free(r3);
	unlink(path);
	free(path);
	free(text);
	free(shipped);
}

/* The ccm clock set (CCM-P C.1, C.2, E, G): deadlines in file order. */
static void
test_clocks(void)
{
	struct datafile_error e;
	struct rules *r = rules_load("ccm", &e);
	const char *field, *err;
	struct json_buf b = {0};
	jv rec, out;

	if (r == NULL) {
		ok(0, "ccm loads");
		diag("%s:%ld: %s", e.file, e.line, e.message);
		return;
	}
	ok(r->is_clock_set && r->nclocks == 5, "ccm is a set of 5 clocks");
	is_str(r->required, "identified_at", "ccm requires identified_at");

	rec = jv_parse("{\"identified_at\":\"2026-03-01T10:00:00-08:00\","
	    "\"enrolled_at\":\"2026-03-20\"}");
	out = jv_object();
	err = rules_clocks(r, plan, rec, false, &out, &field);
	is_str(err, NULL, "clocks: a full record has no error");
	json_emit(&b, out);
	json_buf_append(&b, "", 1);
	is_str(b.data, "{\"contact_by\":\"2026-03-31T23:59:59-07:00\","
	    "\"outreach_by\":\"2026-03-15T23:59:59-07:00\","
	    "\"assessment_by\":\"2026-04-30T23:59:59-07:00\","
	    "\"reevaluate_by\":\"2026-05-19T23:59:59-07:00\","
	    "\"close_if_unresponsive_after\":\"2026-05-04T23:59:59-07:00\"}",
	    "clocks: 30, 14, 60 days after identification; 60, 45 after "
	    "enrollment");
	json_buf_free(&b);

	out = jv_object();
	err = rules_clocks(r, plan, rec, true, &out, &field);
	json_emit(&b, out);
	json_buf_append(&b, "", 1);
	is_str(b.data, "{\"contact_by\":\"2026-03-31\","
	    "\"outreach_by\":\"2026-03-15\",\"assessment_by\":\"2026-04-30\","
	    "\"reevaluate_by\":\"2026-05-19\","
	    "\"close_if_unresponsive_after\":\"2026-05-04\"}",
	    "clocks: dates only");
	json_buf_free(&b);
	jv_free(rec);

	rec = jv_parse("{\"identified_at\":\"2026-03-01\"}");
	out = jv_object();
	err = rules_clocks(r, plan, rec, true, &out, &field);
	is_int(jv_object_length(jv_copy(out)), 3,
	    "clocks: without enrolled_at, only the three from identification");
	jv_free(out);
	jv_free(rec);

	rec = jv_parse("{\"enrolled_at\":\"2026-03-01\"}");
	out = jv_object();
	err = rules_clocks(r, plan, rec, false, &out, &field);
	ok(err != NULL && field != NULL &&
	    strcmp(field, "identified_at") == 0,
	    "clocks: a missing identified_at is an error naming the field");
	jv_free(out);
	jv_free(rec);

	rec = jv_parse("{\"identified_at\":20260301}");
	out = jv_object();
	err = rules_clocks(r, plan, rec, false, &out, &field);
	ok(err != NULL && field != NULL &&
	    strcmp(field, "identified_at") == 0,
	    "clocks: a number is not a datetime (%s)", err ? err : "none");
	jv_free(out);
	jv_free(rec);

	rec = jv_parse("{\"identified_at\":\"2026-03-01\","
	    "\"enrolled_at\":\"2026-02-30\"}");
	out = jv_object();
	err = rules_clocks(r, plan, rec, false, &out, &field);
	is_str(err, timefmt_status_message(TIMEFMT_NO_SUCH_DATE),
	    "clocks: a date that does not exist is an error");
	is_str(field, "enrolled_at", "clocks: ... naming the field");
	jv_free(out);
	jv_free(rec);

	rules_free(r);
}

/* lines-of-business: which rule set serves each line. */
static void
test_map(void)
{
	struct datafile_error e;
	struct rules_map *m = rules_map_load("lines-of-business", &e);
	char *path;

	if (m == NULL) {
		ok(0, "lines-of-business loads");
		diag("%s:%ld: %s", e.file, e.line, e.message);
		return;
	}
	ok(1, "lines-of-business loads");
	is_str(rules_map_default(m), "medi-cal", "the default line");
	is_int(rules_map_count(m), 2, "two lines are mapped");
	is_str(rules_map_find(m, "medi-cal"), "um-medi-cal",
	    "medi-cal uses um-medi-cal");
	is_str(rules_map_find(m, "partnership-advantage"), "um-medi-cal",
	    "partnership-advantage uses um-medi-cal");
	is_str(rules_map_find(m, "commercial"), NULL,
	    "an unmapped line has no rule set");
	is_str(rules_map_rules(m, 0), "um-medi-cal", "map entry 0");
	rules_map_free(m);

	path = tap_write_temp("default a\na r1\nb r2 extra\n");
	memset(&e, 0, sizeof(e));
	ok(rules_map_load(path, &e) == NULL && e.line == 3,
	    "map: a line of three words is an error at its line");
	unlink(path);
	free(path);

	path = tap_write_temp("default a\na r1\n# again\na r2\n");
	memset(&e, 0, sizeof(e));
	ok(rules_map_load(path, &e) == NULL && e.line == 4,
	    "map: a line mapped twice is an error at the second");
	unlink(path);
	free(path);

	path = tap_write_temp("a r1\nb r2\n");
	memset(&e, 0, sizeof(e));
	ok(rules_map_load(path, &e) == NULL && strcmp(e.file, path) == 0,
	    "map: no default line is an error");
	unlink(path);
	free(path);

	path = tap_write_temp("default c\na r1\n");
	memset(&e, 0, sizeof(e));
	ok(rules_map_load(path, &e) == NULL,
	    "map: a default line that is not mapped is an error");
	unlink(path);
	free(path);
}

/*
 * A malformed rule file does not load; the error names the file and the
 * line.  Each case replaces one line of a valid table (or adds lines).
 */
static void
test_malformed(void)
{
	static const char *const good[] = {
		"rules  test",					/* 1 */
		"hours  08:00 17:00",				/* 2 */
		"",						/* 3 */
		"type routine",					/* 4 */
		"    clock_start   received_at",		/* 5 */
		"    decision      5 business_days after clock_start",
		"    practitioner  24 hours after decision",	/* 7 */
		"    member        2 business_days after decision",
		NULL
	};
	static const struct {
		int		 replace;	/* line to replace, or 0 */
		const char	*with;		/* or else added at the end */
		long		 line;
		const char	*why;
	} cases[] = {
		{0, NULL, 0, "the valid table"},
		{6, "decision 5 weeks after clock_start", 6, "an unknown unit"},
		{6, "decision 5 business_days after lunch", 6,
		    "an unknown starting point"},
		{6, "decision -5 business_days after clock_start", 6,
		    "a negative amount"},
		{6, "decision five business_days after clock_start", 6,
		    "an amount in words"},
		{6, "decision 5 business_days from clock_start", 6,
		    "'from' instead of 'after'"},
		{6, "decision 5 business_days after clock_start now", 6,
		    "a word after the span"},
		{6, "decision 5 business_days", 6, "a span without an anchor"},
		{2, "hours 8:00 17:00", 2, "hours: one-digit hour"},
		{2, "hours 17:00 08:00", 2, "hours: closing before opening"},
		{2, "hours 08:00 08:00", 2, "hours: no time open"},
		{2, "hours 08:00", 2, "hours: no closing time"},
		{2, "hours 08:00 25:00", 2, "hours: hour 25"},
		{2, "hours 08:60 17:00", 2, "hours: minute 60"},
		{2, "hours 08:00 17:00 18:00", 2, "hours: three times"},
		{5, "clock_start whenever", 5, "an unknown clock start"},
		{7, "practitioner 24 hours after decision sometimes", 7,
		    "practitioner: an unknown word after the span"},
		{7, "practitioner 24 hours after decision at_most 30 "
		    "calendar_days after lunch", 7,
		    "practitioner: a cap with an unknown anchor"},
		{7, "# practitioner line left out", 4,
		    "a type without a practitioner line (at its type line)"},
		{8, "# member line left out", 4,
		    "a type without a member line (at its type line)"},
		{4, "type", 4, "a type without a name"},
		{3, "colour blue", 3, "an unknown word before any type"},
		{0, "    colour blue", 9, "an unknown word inside a type"},
		{0, "type routine", 9, "a type defined twice"},
		{0, "deadline x 1 hours after received_at", 9,
		    "a deadline in a table of types"},
		{0, "rules other", 9, "a second rules line"},
		{1, "# no rules line", ANY_LINE, "no 'rules NAME' line"},
		{2, "# no hours line", ANY_LINE, "no business hours"},
		{4, "# no type", ANY_LINE, "no type at all"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct datafile_error e;
		struct rules *r;
		char *text = NULL, *path;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		for (int l = 0; good[l] != NULL; l++)
			fprintf(mem, "%s\n", cases[i].replace == l + 1 ?
			    cases[i].with : good[l]);
		if (cases[i].replace == 0 && cases[i].with != NULL)
			fprintf(mem, "%s\n", cases[i].with);
		fclose(mem);
		path = tap_write_temp(text);

		memset(&e, 0, sizeof(e));
		r = rules_load(path, &e);
		if (cases[i].line == 0) {
			ok(r != NULL, "malformed: %s loads", cases[i].why);
			if (r == NULL)
				diag("%s:%ld: %s", e.file, e.line, e.message);
		} else {
			ok(r == NULL, "malformed: %s: does not load",
			    cases[i].why);
			if (cases[i].line != ANY_LINE)
				is_int(e.line, cases[i].line,
				    "malformed: %s: line %ld", cases[i].why,
				    cases[i].line);
			is_str(e.file, path, "malformed: %s: names the file",
			    cases[i].why);
			ok(e.message[0] != '\0', "malformed: %s: says why "
			    "(%s)", cases[i].why, e.message);
		}
		rules_free(r);
		unlink(path);
		free(path);
		free(text);
	}

	/* A type missing a line, followed by another type, ending later. */
	{
		static const char text[] =
		    "rules test\n"
		    "hours 08:00 17:00\n"
		    "type first\n"
		    "    decision 1 hours after received_at\n"
		    "    member 1 hours after decision\n"
		    "type second\n"
		    "    decision 1 hours after received_at\n"
		    "    practitioner 1 hours after decision\n"
		    "    member 1 hours after decision\n"
		    "# trailing comment\n";
		struct datafile_error e;
		char *path = tap_write_temp(text);

		memset(&e, 0, sizeof(e));
		ok(rules_load(path, &e) == NULL,
		    "malformed: a type missing practitioner does not load");
		is_int(e.line, 3,
		    "malformed: ... the error is at that type's line 3");
		unlink(path);
		free(path);
	}

	{
		struct datafile_error e;

		memset(&e, 0, sizeof(e));
		ok(rules_load("/nonexistent/x.rules", &e) == NULL &&
		    strcmp(e.file, "/nonexistent/x.rules") == 0 && e.line == 0,
		    "a rule file that cannot be read: the file, line 0");
	}
}

int
main(void)
{
	struct datafile_error e;

	if (timefmt_set_zone("America/Los_Angeles") != 0) {
		fputs("test-rules: no zone America/Los_Angeles\n", stderr);
		return 2;
	}
	if ((plan = calendar_load("plan", &e)) == NULL ||
	    (us = calendar_load("us-federal", &e)) == NULL) {
		fprintf(stderr, "test-rules: %s:%ld: %s\n", e.file, e.line,
		    e.message);
		return 2;
	}
	test_um_medi_cal();
	test_span_end();
	test_changed_table();
	test_clocks();
	test_map();
	test_malformed();
	calendar_free(plan);
	calendar_free(us);
	return done_testing();
}
