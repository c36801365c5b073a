/* test-timefmt -- parsing and printing instants in the plan's time zone */

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "tap.h"
#include "timefmt.h"

/*
 * Instants worked out by hand (and checked with date -u -d @N): day
 * 2026-01-01 is 20454 (56 years of 365 days and 14 leap days), so
 * 2026-01-01T00:00:00Z is 20454 * 86400.
 */
#define JAN_1_2026	1767225600LL	/* 2026-01-01T00:00:00Z */
#define MAR_10_18Z	1773165600LL	/* 2026-03-10T18:00Z 11:00 PDT */
#define MAR_8_1030Z	1772965800LL	/* 2026-03-08T10:30Z 03:30 PDT */
#define NOV_1_0830Z	1793521800LL	/* 2026-11-01T08:30Z 01:30 PDT */
#define HOUR		3600LL

static void	 parses_to(const char *, long long, const char *);
static void	 rejected(const char *, enum timefmt_status, const char *);
static void	 formats_as(long long, const char *, const char *);
static void	 test_zone(void);
static void	 test_parse_forms(void);
static void	 test_parse_rejects(void);
static void	 test_parse_date(void);
static void	 test_dst(void);
static void	 test_format(void);
static void	 test_local(void);

/* One test point: TEXT parses to the instant WANT. */
static void
parses_to(const char *text, long long want, const char *why)
{
	timefmt_instant t = 0;
	enum timefmt_status st = timefmt_parse(text, strlen(text), &t);

	if (st != TIMEFMT_OK) {
		ok(0, "'%s' parses: %s", text, why);
		diag("status %d: %s", (int)st, timefmt_status_message(st));
		return;
	}
	is_int(t, want, "'%s' is %lld: %s", text, want, why);
}

/* One test point: TEXT is refused with status WANT. */
static void
rejected(const char *text, enum timefmt_status want, const char *why)
{
	timefmt_instant t = 0;

	is_int(timefmt_parse(text, strlen(text), &t), want,
	    "'%s' is refused: %s", text, why);
}

static void
formats_as(long long t, const char *want, const char *why)
{
	char buf[TIMEFMT_DATETIME_SIZE];

	memset(buf, 'x', sizeof(buf));
	timefmt_format(t, buf);
	is_str(buf, want, "%lld prints as %s: %s", t, want, why);
}

static void
test_zone(void)
{
	is_int(timefmt_set_zone("Nowhere/Atlantis"), -1,
	    "an unknown zone is refused, not taken as UTC");
	is_int(timefmt_set_zone(""), -1, "an empty zone is refused");
	is_int(timefmt_set_zone("../etc/passwd"), -1,
	    "a zone name with '..' is refused");
	is_int(timefmt_set_zone("America/Los_Angeles"), 0,
	    "America/Los_Angeles is known");
	is_int(timefmt_offset(JAN_1_2026), -8 * HOUR,
	    "Los Angeles is UTC-08:00 in January (PST)");
	is_int(timefmt_offset(MAR_10_18Z), -7 * HOUR,
	    "Los Angeles is UTC-07:00 on 2026-03-10 (PDT)");
}

/*
 * SPEC section 2: YYYY-MM-DDTHH:MM[:SS[.fff]] with Z, +HH:MM, +HHMM, +HH
 * or no offset (plan-local); a space for T; t and z in lower case;
 * fractions of 1 to 9 digits truncated; a date alone is local midnight.
 * Every form below names 2026-03-10T18:00:00Z, 11:00 PDT.
 */
static void
test_parse_forms(void)
{
	timefmt_instant t = 0;

	parses_to("2026-01-01T00:00:00Z", JAN_1_2026, "UTC with Z");
	parses_to("2026-03-10T18:00:00Z", MAR_10_18Z, "UTC with Z");
	parses_to("2026-03-10T11:00:00-07:00", MAR_10_18Z, "offset -HH:MM");
	parses_to("2026-03-10T11:00:00-0700", MAR_10_18Z, "offset -HHMM");
	parses_to("2026-03-10T11:00:00-07", MAR_10_18Z, "offset -HH");
	parses_to("2026-03-10T20:00:00+02:00", MAR_10_18Z, "offset +HH:MM");
	parses_to("2026-03-10T23:30:00+05:30", MAR_10_18Z,
	    "offset with minutes");
	parses_to("2026-03-10T18:00:00+00:00", MAR_10_18Z, "offset +00:00");
	parses_to("2026-03-10T18:00:00-00:00", MAR_10_18Z, "offset -00:00");
	parses_to("2026-03-10T11:00:00", MAR_10_18Z,
	    "no offset is plan-local (PDT)");
	parses_to("2026-03-10T11:00", MAR_10_18Z, "seconds may be left out");
	parses_to("2026-03-10T18:00Z", MAR_10_18Z,
	    "seconds left out, with Z");
	parses_to("2026-03-10T11:00-07:00", MAR_10_18Z,
	    "seconds left out, with an offset");
	parses_to("2026-03-10 11:00:00", MAR_10_18Z, "a space for T");
	parses_to("2026-03-10 18:00:00Z", MAR_10_18Z, "a space for T, with Z");
	parses_to("2026-03-10t18:00:00z", MAR_10_18Z, "lower-case t and z");
	parses_to("2026-03-10T18:00:00.5Z", MAR_10_18Z,
	    "1 fractional digit, truncated");
	parses_to("2026-03-10T18:00:00.999Z", MAR_10_18Z,
	    "3 fractional digits, truncated not rounded");
	parses_to("2026-03-10T18:00:00.999999999Z", MAR_10_18Z,
	    "9 fractional digits, truncated not rounded");
	parses_to("2026-03-10T11:00:00.123456789-07:00", MAR_10_18Z,
	    "9 fractional digits with an offset");
	parses_to("2026-03-10T11:00:00.5", MAR_10_18Z,
	    "a fraction without an offset");
	parses_to("2026-03-10T23:59:59.5Z", MAR_10_18Z + 6 * HOUR - 1,
	    "23:59:59.5 truncates to 23:59:59");
	parses_to("2026-03-10", MAR_10_18Z - 11 * HOUR,
	    "a date alone is 00:00 plan-local (07:00Z in PDT)");
	parses_to("2026-01-01", JAN_1_2026 + 8 * HOUR,
	    "a date alone is 00:00 plan-local (08:00Z in PST)");
	parses_to("1970-01-01T00:00:00Z", 0, "the epoch");
	parses_to("1969-12-31T23:00:00Z", -HOUR, "before the epoch");
	parses_to("2028-02-29T12:00:00Z",
	    (20454 + 365 + 365 + 31 + 28) * 86400LL + 12 * HOUR,
	    "a leap day");

	/* Only the first n bytes are read: record values are not C strings. */
	ok(timefmt_parse("2026-03-10T18:00:00Zjunk", 20, &t) == TIMEFMT_OK &&
	    t == MAR_10_18Z, "only the given length is parsed");
}

static void
test_parse_rejects(void)
{
	rejected("2026-03-10T24:00:00Z", TIMEFMT_NO_SUCH_DATE,
	    "hour 24 does not exist");
	rejected("2026-03-10T24:00", TIMEFMT_NO_SUCH_DATE,
	    "hour 24 does not exist, local");
	rejected("2026-03-10T23:59:60Z", TIMEFMT_NO_SUCH_DATE,
	    "second 60 does not exist");
	rejected("2026-03-10T11:60:00Z", TIMEFMT_NO_SUCH_DATE,
	    "minute 60 does not exist");
	rejected("2026-02-30", TIMEFMT_NO_SUCH_DATE, "February 30");
	rejected("2026-02-30T10:00:00Z", TIMEFMT_NO_SUCH_DATE,
	    "February 30 with a time");
	rejected("2026-02-29", TIMEFMT_NO_SUCH_DATE, "2026 is not leap");
	rejected("2026-13-01", TIMEFMT_NO_SUCH_DATE, "month 13");
	rejected("2026-00-10", TIMEFMT_NO_SUCH_DATE, "month 0");
	rejected("0000-01-01", TIMEFMT_OUT_OF_RANGE, "year 0");
	rejected("2026-03-10T18:00:00,5Z", TIMEFMT_BAD_SYNTAX,
	    "a comma decimal");
	rejected("2026-03-10T18:00:00.1234567890Z", TIMEFMT_BAD_SYNTAX,
	    "10 fractional digits");
	rejected("2026-03-10T18:00:00.Z", TIMEFMT_BAD_SYNTAX,
	    "a point without digits");
	rejected("2026-03-10T18:00.5Z", TIMEFMT_BAD_SYNTAX,
	    "a fraction without seconds");
	rejected("next tuesday", TIMEFMT_BAD_SYNTAX, "garbage");
	rejected("", TIMEFMT_BAD_SYNTAX, "the empty string");
	rejected("2026-3-10", TIMEFMT_BAD_SYNTAX, "a one-digit month");
	rejected("2026/03/10", TIMEFMT_BAD_SYNTAX, "slashes");
	rejected("03/10/2026", TIMEFMT_BAD_SYNTAX, "a US date");
	rejected("2026-03-10T", TIMEFMT_BAD_SYNTAX, "T without a time");
	rejected("2026-03-10T11", TIMEFMT_BAD_SYNTAX, "an hour alone");
	rejected("2026-03-10T11:00:", TIMEFMT_BAD_SYNTAX, "a dangling colon");
	rejected("2026-03-10X11:00:00", TIMEFMT_BAD_SYNTAX, "X for T");
	rejected("2026-03-10T11:00:00+7", TIMEFMT_BAD_SYNTAX,
	    "a one-digit offset");
	rejected("2026-03-10T11:00:00+07:0", TIMEFMT_BAD_SYNTAX,
	    "a short offset");
	rejected("2026-03-10T11:00:00+24:00", TIMEFMT_BAD_SYNTAX,
	    "offset hour 24");
	rejected("2026-03-10T11:00:00+07:60", TIMEFMT_BAD_SYNTAX,
	    "offset minute 60");
	rejected("2026-03-10T18:00:00ZZ", TIMEFMT_BAD_SYNTAX,
	    "text after Z");
	rejected("2026-03-10T18:00:00 Z", TIMEFMT_BAD_SYNTAX,
	    "a space before Z");
	rejected(" 2026-03-10", TIMEFMT_BAD_SYNTAX, "a leading space");
	rejected("2026-03-10 ", TIMEFMT_BAD_SYNTAX, "a trailing space");
	ok(strlen(timefmt_status_message(TIMEFMT_BAD_SYNTAX)) > 0 &&
	    strlen(timefmt_status_message(TIMEFMT_NO_SUCH_DATE)) > 0 &&
	    strlen(timefmt_status_message(TIMEFMT_OUT_OF_RANGE)) > 0,
	    "every status has a message");
}

static void
test_parse_date(void)
{
	date_day d = 0;

	ok(timefmt_parse_date("2026-03-10", 10, &d) == TIMEFMT_OK &&
	    d == 20522, "'2026-03-10' is day 20522");
	is_int(timefmt_parse_date("2026-02-30", 10, &d), TIMEFMT_NO_SUCH_DATE,
	    "'2026-02-30' does not exist");
	is_int(timefmt_parse_date("2026-03-10T00:00", 16, &d),
	    TIMEFMT_BAD_SYNTAX, "a datetime is not a date");
	is_int(timefmt_parse_date("20260310", 8, &d), TIMEFMT_BAD_SYNTAX,
	    "the basic format is not accepted");
}

/*
 * SPEC section 2: a local time in the spring-forward gap moves forward by
 * the gap's length; a local time that occurs twice is the first one.
 * 2026: clocks go 02:00 PST -> 03:00 PDT on March 8 (10:00Z), and
 * 02:00 PDT -> 01:00 PST on November 1 (09:00Z).
 */
static void
test_dst(void)
{
	date_day mar8 = date_from_ymd(2026, 3, 8);
	date_day nov1 = date_from_ymd(2026, 11, 1);

	parses_to("2026-03-08T02:30", MAR_8_1030Z,
	    "02:30 in the gap is 03:30 PDT");
	parses_to("2026-03-08T02:00:00", MAR_8_1030Z - 30 * 60,
	    "02:00, the start of the gap, is 03:00 PDT");
	parses_to("2026-03-08T01:59:59", MAR_8_1030Z - 30 * 60 - 1,
	    "01:59:59 is still PST (09:59:59Z)");
	parses_to("2026-03-08T03:00", MAR_8_1030Z - 30 * 60,
	    "03:00 PDT is 10:00Z");
	parses_to("2026-11-01T01:30", NOV_1_0830Z,
	    "01:30 on fall-back day is the first one, PDT");
	parses_to("2026-11-01T00:59:59", NOV_1_0830Z - 30 * 60 - 1,
	    "00:59:59 before the repeated hour is PDT");
	parses_to("2026-11-01T02:00", NOV_1_0830Z + 90 * 60,
	    "02:00 after the repeated hour is PST (10:00Z)");
	parses_to("2026-11-01T01:30:00-08:00", NOV_1_0830Z + HOUR,
	    "the second 01:30 needs its offset");
	formats_as(MAR_8_1030Z, "2026-03-08T03:30:00-07:00",
	    "the gap time prints as 03:30 PDT");
	formats_as(NOV_1_0830Z, "2026-11-01T01:30:00-07:00",
	    "the first 01:30 prints with -07:00");
	formats_as(NOV_1_0830Z + HOUR, "2026-11-01T01:30:00-08:00",
	    "the second 01:30 prints with -08:00");
	formats_as(MAR_8_1030Z - 30 * 60 - 1, "2026-03-08T01:59:59-08:00",
	    "the last second of PST");
	is_int(timefmt_from_local(mar8, 2 * 3600 + 30 * 60), MAR_8_1030Z,
	    "from_local: 2026-03-08 02:30 is 03:30 PDT");
	is_int(timefmt_from_local(mar8, 0), MAR_8_1030Z - 2 * HOUR - 30 * 60,
	    "from_local: midnight before the gap is 08:00Z");
	is_int(timefmt_from_local(nov1, 3600 + 30 * 60), NOV_1_0830Z,
	    "from_local: 2026-11-01 01:30 is the first one");
	is_int(timefmt_from_local(nov1, 86399), 20758 * 86400LL + 86399 +
	    8 * HOUR, "from_local: 23:59:59 on fall-back day is PST");
}

static void
test_format(void)
{
	char date[TIMEFMT_DATE_SIZE];

	formats_as(MAR_10_18Z, "2026-03-10T11:00:00-07:00", "PDT");
	formats_as(JAN_1_2026, "2025-12-31T16:00:00-08:00",
	    "PST, the local date before the UTC one");
	formats_as(JAN_1_2026 + 8 * HOUR, "2026-01-01T00:00:00-08:00",
	    "local midnight");
	formats_as(JAN_1_2026 + 8 * HOUR - 1, "2025-12-31T23:59:59-08:00",
	    "the last second of a local year");
	formats_as(0, "1969-12-31T16:00:00-08:00", "the epoch");
	formats_as(-HOUR, "1969-12-31T15:00:00-08:00", "before the epoch");
	is_int(strlen("2026-03-10T11:00:00-07:00") + 1, TIMEFMT_DATETIME_SIZE,
	    "TIMEFMT_DATETIME_SIZE fits a datetime and its NUL");

	timefmt_format_date(20522, date);
	is_str(date, "2026-03-10", "day 20522 prints as 2026-03-10");
	timefmt_format_date(date_from_ymd(1, 1, 1), date);
	is_str(date, "0001-01-01", "year 1 prints with four digits");
	timefmt_format_date(date_from_ymd(9999, 12, 31), date);
	is_str(date, "9999-12-31", "year 9999 prints");
	timefmt_format_date(-1, date);
	is_str(date, "1969-12-31", "day -1 prints as 1969-12-31");

	/* Other zones: the offset printed is the one in force. */
	if (timefmt_set_zone("Asia/Kolkata") == 0) {
		formats_as(MAR_10_18Z, "2026-03-10T23:30:00+05:30",
		    "a positive offset with minutes");
		timefmt_set_zone("UTC");
		formats_as(MAR_10_18Z, "2026-03-10T18:00:00+00:00",
		    "UTC prints +00:00");
	} else
		ok(0, "Asia/Kolkata is known");
	timefmt_set_zone("America/Los_Angeles");
}

/* The local date and second of day, around local and UTC midnight. */
static void
test_local(void)
{
	timefmt_instant utc_midnight = JAN_1_2026;	/* 16:00 PST */
	timefmt_instant local_midnight = JAN_1_2026 + 8 * HOUR;

	is_int(timefmt_local_date(utc_midnight), 20453,
	    "UTC midnight of 2026-01-01 is local 2025-12-31");
	is_int(timefmt_local_seconds(utc_midnight), 16 * HOUR,
	    "... at 16:00:00 local");
	is_int(timefmt_local_date(JAN_1_2026 + 30 * 60), 20453,
	    "00:30Z on 2026-01-01 is still local 2025-12-31");
	is_int(timefmt_local_date(local_midnight - 1), 20453,
	    "07:59:59Z is local 2025-12-31");
	is_int(timefmt_local_seconds(local_midnight - 1), 86399,
	    "... at 23:59:59 local");
	is_int(timefmt_local_date(local_midnight), 20454,
	    "08:00:00Z is local 2026-01-01");
	is_int(timefmt_local_seconds(local_midnight), 0, "... at 00:00:00");
	is_int(timefmt_local_date(-HOUR), -1,
	    "one hour before the epoch is local 1969-12-31");
	is_int(timefmt_local_seconds(-HOUR), 15 * HOUR,
	    "... at 15:00:00 local");
	is_int(timefmt_local_date(MAR_8_1030Z), 20520,
	    "03:30 PDT on 2026-03-08 is local 2026-03-08");
	is_int(timefmt_local_seconds(MAR_8_1030Z), 3 * HOUR + 30 * 60,
	    "... at 03:30:00 local");
	is_int(timefmt_from_local(20454, 0), local_midnight,
	    "from_local: 2026-01-01 00:00 is 08:00Z");
	is_int(timefmt_from_local(20522, 11 * HOUR), MAR_10_18Z,
	    "from_local: 2026-03-10 11:00 is 18:00Z");
	is_int(timefmt_from_local(20453, 86399), local_midnight - 1,
	    "from_local: 2025-12-31 23:59:59 is 07:59:59Z");
}

int
main(void)
{
	test_zone();
	test_parse_forms();
	test_parse_rejects();
	test_parse_date();
	test_dst();
	test_format();
	test_local();
	return done_testing();
}
