/* test-calendar -- holiday rules, business days and business hours */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "date.h"
#include "tap.h"
#include "timefmt.h"

#define MAX_HOLIDAYS	16

/*
 * The observed holidays of one year, worked out by hand from the rules in
 * SPEC section 2 and share/umkit/calendars/ (weekdays checked with cal(1)).
 */
struct year_table {
	int		 year;
	const char	*dates[MAX_HOLIDAYS];
};

static date_day	 day_of(const char *);
static const char *ymd(date_day);
static const char *at(timefmt_instant);
static timefmt_instant local(const char *, int, int);
static struct calendar *load(const char *);
static void	 check_year(const struct calendar *, const char *,
		    const struct year_table *);
static void	 test_shipped(void);
static void	 test_business_days(void);
static void	 test_next_opening(void);
static char	*write_file(const char *, const char *, const char *);
static void	 test_rule_kinds(void);
static void	 test_includes(void);
static void	 test_malformed(void);

/*
 * us-federal, 5 U.S.C. 6103: fixed dates move Saturday -> Friday and
 * Sunday -> Monday.  2026-07-04 is a Saturday (observed Fri 07-03);
 * 2027-06-19 Sat (Fri 06-18), 2027-07-04 Sun (Mon 07-05), 2027-12-25 Sat
 * (Fri 12-24), 2028-01-01 Sat (Fri 2027-12-31, in 2027's list, so 2028
 * has no New Year's Day); 2028-11-11 Sat (Fri 11-10); 2029-11-11 Sun
 * (Mon 11-12).
 */
static const struct year_table us_federal[] = {
	{2026, {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25",
	    "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12",
	    "2026-11-11", "2026-11-26", "2026-12-25"}},
	{2027, {"2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31",
	    "2027-06-18", "2027-07-05", "2027-09-06", "2027-10-11",
	    "2027-11-11", "2027-11-25", "2027-12-24", "2027-12-31"}},
	{2028, {"2028-01-17", "2028-02-21", "2028-05-29", "2028-06-19",
	    "2028-07-04", "2028-09-04", "2028-10-09", "2028-11-10",
	    "2028-11-23", "2028-12-25"}},
	{2029, {"2029-01-01", "2029-01-15", "2029-02-19", "2029-05-28",
	    "2029-06-19", "2029-07-04", "2029-09-03", "2029-10-08",
	    "2029-11-12", "2029-11-22", "2029-12-25"}},
	{2030, {"2030-01-01", "2030-01-21", "2030-02-18", "2030-05-27",
	    "2030-06-19", "2030-07-04", "2030-09-02", "2030-10-14",
	    "2030-11-11", "2030-11-28", "2030-12-25"}},
	{0, {NULL}}
};

/*
 * ca-state, Gov. Code 19853/19854: Sunday -> Monday; a Saturday holiday
 * is not moved (it stays a holiday on that Saturday, which is no business
 * day anyway), except November 11 -> Friday.  Cesar Chavez Day March 31
 * and the day after Thanksgiving; no Juneteenth or Columbus Day.
 * Saturdays: 2026-07-04, 2027-12-25, 2028-01-01, 2029-03-31; 2028-11-11
 * Sat -> Fri 11-10; Sundays: 2027-07-04 -> 07-05, 2029-11-11 -> 11-12,
 * 2030-03-31 -> 04-01.
 */
static const struct year_table ca_state[] = {
	{2026, {"2026-01-01", "2026-01-19", "2026-02-16", "2026-03-31",
	    "2026-05-25", "2026-07-04", "2026-09-07", "2026-11-11",
	    "2026-11-26", "2026-11-27", "2026-12-25"}},
	{2027, {"2027-01-01", "2027-01-18", "2027-02-15", "2027-03-31",
	    "2027-05-31", "2027-07-05", "2027-09-06", "2027-11-11",
	    "2027-11-25", "2027-11-26", "2027-12-25"}},
	{2028, {"2028-01-01", "2028-01-17", "2028-02-21", "2028-03-31",
	    "2028-05-29", "2028-07-04", "2028-09-04", "2028-11-10",
	    "2028-11-23", "2028-11-24", "2028-12-25"}},
	{2029, {"2029-01-01", "2029-01-15", "2029-02-19", "2029-03-31",
	    "2029-05-28", "2029-07-04", "2029-09-03", "2029-11-12",
	    "2029-11-22", "2029-11-23", "2029-12-25"}},
	{2030, {"2030-01-01", "2030-01-21", "2030-02-18", "2030-04-01",
	    "2030-05-27", "2030-07-04", "2030-09-02", "2030-11-11",
	    "2030-11-28", "2030-11-29", "2030-12-25"}},
	{0, {NULL}}
};

static char tmpdir[] = "/tmp/umkit-test-calendar-XXXXXX";

/* "YYYY-MM-DD" to a day number (the strings here are all valid). */
static date_day
day_of(const char *s)
{
	int y, m, d;

	if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3) {
		fprintf(stderr, "test-calendar: bad date in a test: %s\n", s);
		exit(2);
	}
	return date_from_ymd(y, m, d);
}

static const char *
ymd(date_day day)
{
	static char buf[TIMEFMT_DATE_SIZE];

	timefmt_format_date(day, buf);
	return buf;
}

static const char *
at(timefmt_instant t)
{
	static char buf[TIMEFMT_DATETIME_SIZE];

	timefmt_format(t, buf);
	return buf;
}

/* The instant of a plan-local date and time. */
static timefmt_instant
local(const char *date, int hour, int minute)
{
	return timefmt_from_local(day_of(date), hour * 3600 + minute * 60);
}

static struct calendar *
load(const char *name)
{
	struct datafile_error e;
	struct calendar *cal = calendar_load(name, &e);

	if (cal == NULL) {
		ok(0, "calendar %s loads", name);
		diag("%s:%ld: %s", e.file, e.line, e.message);
		exit(done_testing() | 1);
	}
	ok(1, "calendar %s loads", name);
	return cal;
}

/*
 * Every date of the table is a holiday, the year has as many holidays as
 * the table, and none of them is outside it.
 */
static void
check_year(const struct calendar *cal, const char *name,
    const struct year_table *t)
{
	date_day first = date_from_ymd(t->year, 1, 1);
	date_day last = date_from_ymd(t->year, 12, 31);
	int n = 0, found = 0, extra = 0;

	for (; t->dates[n] != NULL; n++)
		ok(calendar_holiday(cal, day_of(t->dates[n])) != NULL,
		    "%s %d: %s is a holiday", name, t->year, t->dates[n]);
	for (date_day d = first; d <= last; d++) {
		int listed = 0;

		if (calendar_holiday(cal, d) == NULL)
			continue;
		found++;
		for (int i = 0; i < n; i++)
			if (day_of(t->dates[i]) == d)
				listed = 1;
		if (!listed) {
			extra++;
			diag("%s: %s is a holiday (%s) not in the table", name,
			    ymd(d), calendar_holiday(cal, d));
		}
	}
	is_int(found, n, "%s %d has exactly %d holidays", name, t->year, n);
	is_int(extra, 0, "%s %d has no holiday outside the table", name,
	    t->year);
}

static void
test_shipped(void)
{
	struct calendar *us = load("us-federal");
	struct calendar *ca = load("ca-state");
	struct calendar *plan = load("plan");
	struct datafile_error e;

	is_str(calendar_name(us), "us-federal", "the calendar keeps its name");
	for (const struct year_table *t = us_federal; t->year != 0; t++)
		check_year(us, "us-federal", t);
	for (const struct year_table *t = ca_state; t->year != 0; t++)
		check_year(ca, "ca-state", t);
	/* plan.cal as shipped is "include ca-state" and nothing else. */
	for (const struct year_table *t = ca_state; t->year != 0; t++)
		check_year(plan, "plan", t);

	/* The holiday's name is the rule's name, across the year too. */
	is_str(calendar_holiday(us, day_of("2027-12-31")), "new_years_day",
	    "us-federal: 2027-12-31 is New Year's Day 2028, observed");
	is_str(calendar_holiday(us, day_of("2028-01-01")), NULL,
	    "us-federal: Saturday 2028-01-01 itself is not a holiday");
	is_str(calendar_holiday(us, day_of("2026-07-03")), "independence_day",
	    "us-federal: Friday 2026-07-03 is Independence Day, observed");
	is_str(calendar_holiday(us, day_of("2026-07-04")), NULL,
	    "us-federal: Saturday 2026-07-04 is not a holiday itself");
	is_str(calendar_holiday(ca, day_of("2030-04-01")), "cesar_chavez_day",
	    "ca-state: Monday 2030-04-01 is Cesar Chavez Day, observed");
	is_str(calendar_holiday(ca, day_of("2027-12-31")), NULL,
	    "ca-state: Saturday 2028-01-01 is not moved to Friday");
	is_str(calendar_holiday(ca, day_of("2028-11-10")), "veterans_day",
	    "ca-state: Saturday Veterans Day 2028 is observed Friday");
	is_str(calendar_holiday(plan, day_of("2026-11-27")),
	    "day_after_thanksgiving", "plan: the day after Thanksgiving");
	/* Juneteenth is in force from 2021 (Pub. L. 117-17). */
	ok(calendar_holiday(us, day_of("2021-06-18")) != NULL,
	    "us-federal: Juneteenth 2021 (a Saturday) observed Friday 06-18");
	is_str(calendar_holiday(us, day_of("2020-06-19")), NULL,
	    "us-federal: no Juneteenth in 2020");
	/* Outside the years the library precomputes. */
	is_str(calendar_holiday(us, day_of("2300-07-04")), "independence_day",
	    "us-federal: 2300-07-04 (a Wednesday) is a holiday");
	is_str(calendar_holiday(us, day_of("2300-07-05")), NULL,
	    "us-federal: 2300-07-05 is not");

	ok(calendar_load("no-such-calendar", &e) == NULL,
	    "an unknown calendar name does not load");
	ok(strstr(e.file, "calendars/no-such-calendar.cal") != NULL,
	    "... and the error names the file looked for");

	calendar_free(us);
	calendar_free(ca);
	calendar_free(plan);
}

/*
 * SPEC section 2: a business day is Monday to Friday and not a holiday;
 * N business days after a date, that date itself being day 0.
 */
static void
test_business_days(void)
{
	struct calendar *us = load("us-federal");
	struct calendar *ca = load("ca-state");
	struct calendar *plan = load("plan");

	ok(calendar_is_business_day(us, day_of("2026-03-09")),
	    "Monday 2026-03-09 is a business day");
	ok(!calendar_is_business_day(us, day_of("2026-03-07")),
	    "Saturday is not a business day");
	ok(!calendar_is_business_day(us, day_of("2026-03-08")),
	    "Sunday is not a business day");
	ok(!calendar_is_business_day(us, day_of("2027-12-31")),
	    "us-federal: Friday 2027-12-31 is not a business day");
	ok(calendar_is_business_day(ca, day_of("2027-12-31")),
	    "ca-state: Friday 2027-12-31 is a business day");

	/* Thanksgiving week: us-federal works the day after, ca-state not. */
	is_str(ymd(calendar_add_business_days(us, day_of("2026-11-25"), 5)),
	    "2026-12-03", "us-federal: Wed 2026-11-25 + 5 business days");
	is_str(ymd(calendar_add_business_days(ca, day_of("2026-11-25"), 5)),
	    "2026-12-04", "ca-state: Wed 2026-11-25 + 5 business days");
	is_str(ymd(calendar_add_business_days(plan, day_of("2026-11-25"), 5)),
	    "2026-12-04", "plan: Wed 2026-11-25 + 5 business days");
	is_str(ymd(calendar_add_business_days(plan, day_of("2026-03-09"), 5)),
	    "2026-03-16", "Mon 2026-03-09 + 5 business days is Mon 03-16");
	is_str(ymd(calendar_add_business_days(plan, day_of("2026-03-06"), 1)),
	    "2026-03-09", "Fri + 1 business day is Monday");
	is_str(ymd(calendar_add_business_days(plan, day_of("2026-03-07"), 0)),
	    "2026-03-07", "+ 0 business days is the date itself, even a "
	    "Saturday");
	is_str(ymd(calendar_add_business_days(plan, day_of("2026-03-07"), 1)),
	    "2026-03-09", "Saturday + 1 business day is Monday");
	is_str(ymd(calendar_add_business_days(us, day_of("2027-12-30"), 1)),
	    "2028-01-03", "us-federal: Thu 2027-12-30 + 1 crosses the year");
	is_str(ymd(calendar_add_business_days(ca, day_of("2027-12-30"), 1)),
	    "2027-12-31", "ca-state: Thu 2027-12-30 + 1 is Fri 12-31");
	is_str(ymd(calendar_add_business_days(ca, day_of("2027-12-30"), 2)),
	    "2028-01-03", "ca-state: Thu 2027-12-30 + 2 is Mon 2028-01-03");
	is_str(ymd(calendar_add_business_days(us, day_of("2026-12-18"), 10)),
	    "2027-01-05", "us-federal: Fri 2026-12-18 + 10 skips two holidays");

	is_str(ymd(calendar_next_business_day(us, day_of("2026-07-04"))),
	    "2026-07-06", "us-federal: after Saturday 07-04 comes Monday");
	is_str(ymd(calendar_next_business_day(us, day_of("2026-07-03"))),
	    "2026-07-06", "us-federal: Friday 2026-07-03 is observed");
	is_str(ymd(calendar_next_business_day(ca, day_of("2026-07-03"))),
	    "2026-07-03", "ca-state: Friday 2026-07-03 is a business day");
	is_str(ymd(calendar_next_business_day(plan, day_of("2026-03-11"))),
	    "2026-03-11", "a business day is its own next business day");
	is_str(ymd(calendar_next_business_day(us, day_of("2026-11-26"))),
	    "2026-11-27", "us-federal: after Thanksgiving, Friday");
	is_str(ymd(calendar_next_business_day(plan, day_of("2026-11-26"))),
	    "2026-11-30", "plan: after Thanksgiving, Monday");

	calendar_free(us);
	calendar_free(ca);
	calendar_free(plan);
}

/*
 * SPEC section 2, business hours: [08:00, 17:00) plan-local on business
 * days; outside them the clock starts at the next opening.
 */
static void
test_next_opening(void)
{
	struct calendar *us = load("us-federal");
	struct calendar *plan = load("plan");
	const int open = 8 * 3600, close = 17 * 3600;

#define OPENING(cal, date, h, m, want, name) \
	is_str(at(calendar_next_opening((cal), local((date), (h), (m)), \
	    open, close)), (want), (name))

	OPENING(plan, "2026-03-09", 7, 59, "2026-03-09T08:00:00-07:00",
	    "07:59 on a business day opens at 08:00 the same day");
	OPENING(plan, "2026-03-10", 0, 0, "2026-03-10T08:00:00-07:00",
	    "midnight opens at 08:00 the same day");
	OPENING(plan, "2026-03-09", 8, 0, "2026-03-09T08:00:00-07:00",
	    "08:00:00 is inside business hours");
	OPENING(plan, "2026-03-09", 12, 34, "2026-03-09T12:34:00-07:00",
	    "inside business hours is unchanged");
	OPENING(plan, "2026-03-06", 17, 30, "2026-03-09T08:00:00-07:00",
	    "Friday 17:30 (PST) opens Monday 08:00 (PDT)");
	OPENING(plan, "2026-03-07", 10, 0, "2026-03-09T08:00:00-07:00",
	    "Saturday opens Monday 08:00");
	OPENING(plan, "2026-03-08", 2, 30, "2026-03-09T08:00:00-07:00",
	    "Sunday in the DST gap opens Monday 08:00");
	OPENING(us, "2026-11-25", 17, 0, "2026-11-27T08:00:00-08:00",
	    "us-federal: Wed before Thanksgiving 17:00 opens Friday");
	OPENING(plan, "2026-11-25", 17, 0, "2026-11-30T08:00:00-08:00",
	    "plan: Wed before Thanksgiving 17:00 opens Monday");
	OPENING(us, "2026-11-26", 7, 0, "2026-11-27T08:00:00-08:00",
	    "us-federal: a holiday morning opens the next business day");
	OPENING(us, "2027-12-30", 18, 0, "2028-01-03T08:00:00-08:00",
	    "us-federal: Thu 2027-12-30 evening opens in 2028");
	OPENING(plan, "2027-12-30", 18, 0, "2027-12-31T08:00:00-08:00",
	    "plan: Thu 2027-12-30 evening opens Friday");
	OPENING(us, "2026-07-03", 9, 0, "2026-07-06T08:00:00-07:00",
	    "us-federal: an observed holiday is closed all day");
	OPENING(plan, "2026-07-03", 9, 0, "2026-07-03T09:00:00-07:00",
	    "plan: Friday 2026-07-03 is open");
#undef OPENING

	/* 17:00:00 exactly is after hours; 16:59:59 is not. */
	is_str(at(calendar_next_opening(plan, local("2026-03-09", 17, 0),
	    open, close)), "2026-03-10T08:00:00-07:00",
	    "17:00:00 exactly is after hours");
	is_str(at(calendar_next_opening(plan, local("2026-03-09", 17, 0) - 1,
	    open, close)), "2026-03-09T16:59:59-07:00",
	    "16:59:59 is inside business hours");

	calendar_free(us);
	calendar_free(plan);
}

/* Writes TEXT to DIR/NAME; returns the malloc'd path. */
static char *
write_file(const char *dir, const char *name, const char *text)
{
	char *path;
	FILE *fp;

	if (asprintf(&path, "%s/%s", dir, name) < 0 ||
	    (fp = fopen(path, "w")) == NULL) {
		perror("test-calendar");
		exit(2);
	}
	fputs(text, fp);
	if (fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

/* umkit-calendar(5): every kind of rule and modifier, in a test file. */
static void
test_rule_kinds(void)
{
	static const char text[] =
	    "# every kind of holiday rule\n"
	    "\n"
	    "both_ways      fixed 07-04  saturday=friday sunday=monday\n"
	    "not_moved      fixed 03-31\n"
	    "leap_day       fixed 02-29\n"
	    "third_mon      third monday of january\n"
	    "no_of          second tuesday march\n"
	    "last_mon       last monday of may\n"
	    "fifth_thu      fifth thursday of april\n"
	    "thanksgiving_day fourth thursday of november\n"
	    "day_after      offset thanksgiving_day +1\n"
	    "day_before     offset thanksgiving_day -1\n"
	    "closure        once 2026-12-24\n"
	    "new_rule       fixed 06-01 from 2027\n"
	    "old_rule       fixed 06-02 until 2026\n"
	    "\"quoted name\" fixed 08-03\n";
	char *path = tap_write_temp(text);
	struct calendar *cal = load(path);

#define HOLIDAY(date, want, name) \
	is_str(calendar_holiday(cal, day_of(date)), (want), (name))

	/* fixed with observance */
	HOLIDAY("2026-07-03", "both_ways", "fixed: Saturday 2026-07-04 -> Fri");
	HOLIDAY("2026-07-04", NULL, "fixed: ... and not on the Saturday");
	HOLIDAY("2027-07-05", "both_ways", "fixed: Sunday 2027-07-04 -> Mon");
	HOLIDAY("2027-07-04", NULL, "fixed: ... and not on the Sunday");
	HOLIDAY("2028-07-04", "both_ways", "fixed: Tuesday 2028-07-04 stays");
	/* fixed without observance */
	HOLIDAY("2029-03-31", "not_moved", "fixed: Saturday, no observance");
	HOLIDAY("2029-03-30", NULL, "fixed: ... not moved to Friday");
	HOLIDAY("2030-03-31", "not_moved", "fixed: Sunday, no observance");
	HOLIDAY("2030-04-01", NULL, "fixed: ... not moved to Monday");
	HOLIDAY("2028-02-29", "leap_day", "fixed 02-29 in a leap year");
	HOLIDAY("2027-02-28", NULL, "fixed 02-29: not on 02-28 otherwise");
	HOLIDAY("2027-03-01", NULL, "fixed 02-29: nor on 03-01");
	/* Nth and last weekday of a month */
	HOLIDAY("2026-01-19", "third_mon", "third monday of january 2026");
	HOLIDAY("2026-01-12", NULL, "... not the second");
	HOLIDAY("2026-03-10", "no_of", "'of' may be left out");
	HOLIDAY("2026-05-25", "last_mon", "last monday of may 2026");
	HOLIDAY("2027-05-31", "last_mon", "last monday of may 2027 (the 31st)");
	HOLIDAY("2027-05-24", NULL, "... not the fourth");
	HOLIDAY("2026-04-30", "fifth_thu", "fifth thursday of april 2026");
	HOLIDAY("2027-04-29", "fifth_thu", "fifth thursday of april 2027");
	HOLIDAY("2028-05-04", NULL,
	    "April 2028 has four Thursdays: none in May instead");
	HOLIDAY("2028-04-27", NULL, "... nor the fourth");
	/* offset from another holiday */
	HOLIDAY("2026-11-27", "day_after", "offset +1 from Thanksgiving");
	HOLIDAY("2026-11-25", "day_before", "offset -1 from Thanksgiving");
	HOLIDAY("2030-11-29", "day_after", "offset +1 in 2030");
	/* one-off dates */
	HOLIDAY("2026-12-24", "closure", "once 2026-12-24");
	HOLIDAY("2027-12-24", NULL, "once: only that year");
	/* years in force */
	HOLIDAY("2026-06-01", NULL, "from 2027: not in 2026");
	HOLIDAY("2027-06-01", "new_rule", "from 2027: in 2027");
	HOLIDAY("2026-06-02", "old_rule", "until 2026: in 2026");
	HOLIDAY("2027-06-02", NULL, "until 2026: not in 2027");
	HOLIDAY("2026-08-03", "quoted name", "a quoted name may hold spaces");
#undef HOLIDAY

	calendar_free(cal);
	unlink(path);
	free(path);
}

/* "include NAME" reads NAME.cal beside the including file. */
static void
test_includes(void)
{
	char *base = write_file(tmpdir, "base.cal",
	    "third_mon      third monday of january\n"
	    "closure        once 2026-12-24\n");
	char *top = write_file(tmpdir, "top.cal",
	    "# a plan calendar\n"
	    "include base\n"
	    "week_later     offset third_mon +7\n"
	    "extra          once 2026-08-03\n");
	char *bad = write_file(tmpdir, "bad.cal",
	    "# comment\n"
	    "ok_one         fixed 01-01\n"
	    "bad_one        fixed 13-01\n");
	char *inc_bad = write_file(tmpdir, "inc-bad.cal",
	    "first          fixed 01-02\n"
	    "include bad\n");
	char *inc_missing = write_file(tmpdir, "inc-missing.cal",
	    "include missing\n");
	char *loop = write_file(tmpdir, "loop.cal", "include loop\n");
	char *paths[] = {base, top, bad, inc_bad, inc_missing, loop};
	char *want_file;
	struct datafile_error e;
	struct calendar *cal = load(top);

	is_str(calendar_holiday(cal, day_of("2026-01-19")), "third_mon",
	    "include: the included file's rules apply");
	is_str(calendar_holiday(cal, day_of("2026-12-24")), "closure",
	    "include: a one-off date from the included file");
	is_str(calendar_holiday(cal, day_of("2026-01-26")), "week_later",
	    "include: an offset from an included holiday");
	is_str(calendar_holiday(cal, day_of("2026-08-03")), "extra",
	    "include: the including file's own rules apply");
	calendar_free(cal);

	memset(&e, 0, sizeof(e));
	ok(calendar_load(inc_bad, &e) == NULL,
	    "include: an error in an included file fails the load");
	is_str(e.file, bad, "... naming the included file");
	is_int(e.line, 3, "... and its line");

	memset(&e, 0, sizeof(e));
	ok(calendar_load(inc_missing, &e) == NULL,
	    "include: a missing included file fails the load");
	if (asprintf(&want_file, "%s/missing.cal", tmpdir) < 0)
		exit(2);
	is_str(e.file, want_file, "... naming the file looked for");
	free(want_file);

	memset(&e, 0, sizeof(e));
	ok(calendar_load(loop, &e) == NULL,
	    "include: a file including itself fails, not loops");
	ok(strstr(e.message, "deep") != NULL, "... saying the nesting is "
	    "too deep: %s", e.message);

	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
}

/* A malformed calendar file does not load; the error names file and line. */
static void
test_malformed(void)
{
	static const struct {
		const char	*text;
		long		 line;
		const char	*why;
	} cases[] = {
		{"a fixed 13-01\n", 1, "fixed: month 13"},
		{"# comment\n\nnew_years_day fixed 01-01\nb fixed 02-30\n", 4,
		    "fixed: February 30, after a comment and a blank line"},
		{"a fixed 1-1\n", 1, "fixed: not MM-DD"},
		{"a fixed\n", 1, "fixed: no date"},
		{"a fixed 07-04 saturday=thursday\n", 1,
		    "fixed: an unknown observance"},
		{"a fixed 07-04 sunday=monday extra\n", 1,
		    "fixed: an unknown word after the observance"},
		{"a third funday of january\n", 1, "nth: an unknown weekday"},
		{"a third monday of smarch\n", 1, "nth: an unknown month"},
		{"a third monday\n", 1, "nth: no month"},
		{"a sixth monday of may\n", 1, "nth: no sixth"},
		{"a last monday of may sunday=monday\n", 1,
		    "last: weekend observance on a weekday rule"},
		{"a offset nothing +1\n", 1, "offset: from an unknown holiday"},
		{"a offset t +1\nt fourth thursday of november\n", 1,
		    "offset: from a holiday defined below"},
		{"t fourth thursday of november\n\na offset t soon\n", 3,
		    "offset: not a number of days"},
		{"t fourth thursday of november\na offset t\n", 2,
		    "offset: no number of days"},
		{"a once 2026-02-30\n", 1, "once: February 30"},
		{"a once 26-12-24\n", 1, "once: not YYYY-MM-DD"},
		{"a once 2026-12-24 sunday=monday\n", 1,
		    "once: weekend observance on a one-off date"},
		{"a fixed 06-19 from\n", 1, "from: no year"},
		{"a fixed 06-19 from 0\n", 1, "from: year 0"},
		{"a fixed 06-19 from twenty\n", 1, "from: not a number"},
		{"a fixed 01-01\nb fixed 01-02\na fixed 01-03\n", 3,
		    "a holiday defined twice"},
		{"lonely\n", 1, "a name alone"},
		{"a monthly 01\n", 1, "an unknown rule"},
		{"include\n", 1, "include: no name"},
		{"include ca-state plan\n", 1, "include: two names"},
		{"a fixed \"01-01\n", 1, "an unclosed quote"},
	};
	struct datafile_error e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *path = tap_write_temp(cases[i].text);
		struct calendar *cal;

		memset(&e, 0, sizeof(e));
		cal = calendar_load(path, &e);
		ok(cal == NULL, "malformed: %s: does not load", cases[i].why);
		is_int(e.line, cases[i].line, "malformed: %s: line %ld",
		    cases[i].why, cases[i].line);
		is_str(e.file, path, "malformed: %s: names the file",
		    cases[i].why);
		ok(e.message[0] != '\0', "malformed: %s: says why (%s)",
		    cases[i].why, e.message);
		calendar_free(cal);
		unlink(path);
		free(path);
	}
}

int
main(void)
{
	if (timefmt_set_zone("America/Los_Angeles") != 0) {
		fputs("test-calendar: no zone America/Los_Angeles\n", stderr);
		return 2;
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("test-calendar: mkdtemp");
		return 2;
	}
	test_shipped();
	test_business_days();
	test_next_opening();
	test_rule_kinds();
	test_includes();
	test_malformed();
	rmdir(tmpdir);
	return done_testing();
}
