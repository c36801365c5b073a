/* test-date -- proleptic Gregorian dates: day numbers, weekdays, ages */

#include <stdio.h>

#include "date.h"
#include "tap.h"

static const char *ymd(date_day);
static void	 check_range(int, int);
static void	 test_day_numbers(void);
static void	 test_round_trip(void);
static void	 test_weekdays(void);
static void	 test_validity(void);
static void	 test_add_years(void);
static void	 test_age(void);
static void	 test_names(void);

/* The date of a day number as "YYYY-MM-DD", for messages. */
static const char *
ymd(date_day day)
{
	static char buf[32];
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* Day numbers worked out by hand: days since 1970-01-01. */
static void
test_day_numbers(void)
{
	is_int(date_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(date_from_ymd(1969, 12, 31), -1, "1969-12-31 is day -1");
	/* 56 years of 365 days and 14 leap days (1972..2024). */
	is_int(date_from_ymd(2026, 1, 1), 20454, "2026-01-01 is day 20454");
	is_int(date_from_ymd(2026, 3, 10), 20454 + 31 + 28 + 9,
	    "2026-03-10 is day 20522");
	/* 70 years of 365 days and 17 leap days (1904..1968). */
	is_int(date_from_ymd(1900, 1, 1), -25567, "1900-01-01 is day -25567");
	is_int(date_from_ymd(2000, 2, 29), 11016, "2000-02-29 is day 11016");
	is_int(date_from_ymd(1, 1, 1), -719162, "0001-01-01 is day -719162");
	is_int(date_from_ymd(9999, 12, 31), 2932896,
	    "9999-12-31 is day 2932896");
	is_str(ymd(-719162), "0001-01-01", "day -719162 is 0001-01-01");
	is_str(ymd(2932896), "9999-12-31", "day 2932896 is 9999-12-31");
	is_str(ymd(-1), "1969-12-31", "day -1 is 1969-12-31");
}

/*
 * Every date of 1900..2100, and of the years 1 and 9999, goes to a day
 * number and back unchanged, and consecutive dates get consecutive
 * numbers.  One test point per range, naming the first failure.
 */
static void
check_range(int first_year, int last_year)
{
	date_day prev = date_from_ymd(first_year, 1, 1) - 1;
	int failures = 0, days = 0;

	for (int y = first_year; y <= last_year; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= date_days_in_month(y, m); d++) {
				date_day day = date_from_ymd(y, m, d);
				int y2, m2, d2;

				date_to_ymd(day, &y2, &m2, &d2);
				days++;
				if (day == prev + 1 && y2 == y && m2 == m &&
				    d2 == d) {
					prev = day;
					continue;
				}
				if (failures++ == 0)
					diag("%04d-%02d-%02d: day %d (previous "
					    "%d) reads back as %04d-%02d-%02d",
					    y, m, d, (int)day, (int)prev, y2,
					    m2, d2);
				prev = day;
			}
	is_int(failures, 0, "every day of %04d..%04d (%d days) round-trips "
	    "and follows the one before", first_year, last_year, days);
}

static void
test_round_trip(void)
{
	check_range(1900, 2100);
	check_range(1, 1);
	check_range(9999, 9999);
	/* 1900..2100 has 201 years, 49 of them leap (1900 and 2100 not). */
	is_int(date_from_ymd(2101, 1, 1) - date_from_ymd(1900, 1, 1),
	    201 * 365 + 49, "1900..2100 has 73414 days");
}

static void
test_weekdays(void)
{
	is_int(date_weekday(date_from_ymd(2026, 3, 9)), DATE_MONDAY,
	    "2026-03-09 is a Monday");
	is_int(date_weekday(date_from_ymd(2000, 2, 29)), DATE_TUESDAY,
	    "2000-02-29 is a Tuesday");
	is_int(date_weekday(date_from_ymd(1970, 1, 1)), DATE_THURSDAY,
	    "1970-01-01 is a Thursday");
	is_int(date_weekday(date_from_ymd(1969, 12, 31)), DATE_WEDNESDAY,
	    "1969-12-31 is a Wednesday (negative day numbers)");
	is_int(date_weekday(date_from_ymd(1900, 1, 1)), DATE_MONDAY,
	    "1900-01-01 is a Monday");
	is_int(date_weekday(date_from_ymd(1, 1, 1)), DATE_MONDAY,
	    "0001-01-01 is a Monday (proleptic Gregorian)");
	is_int(date_weekday(date_from_ymd(9999, 12, 31)), DATE_FRIDAY,
	    "9999-12-31 is a Friday");
	is_int(date_weekday(date_from_ymd(2026, 3, 7)), DATE_SATURDAY,
	    "2026-03-07 is a Saturday");
	is_int(date_weekday(date_from_ymd(2026, 3, 8)), DATE_SUNDAY,
	    "2026-03-08 is a Sunday");
}

/* Leap years: every 4th, except centuries, except every 400th. */
static void
test_validity(void)
{
	ok(date_is_valid(2024, 2, 29), "2024-02-29 exists");
	ok(!date_is_valid(2026, 2, 29), "2026-02-29 does not exist");
	ok(!date_is_valid(1900, 2, 29), "1900-02-29 does not exist");
	ok(date_is_valid(2000, 2, 29), "2000-02-29 exists");
	ok(!date_is_valid(2026, 2, 30), "2026-02-30 does not exist");
	ok(!date_is_valid(2026, 4, 31), "2026-04-31 does not exist");
	ok(date_is_valid(2026, 12, 31), "2026-12-31 exists");
	ok(!date_is_valid(2026, 13, 1), "month 13 does not exist");
	ok(!date_is_valid(2026, 0, 1), "month 0 does not exist");
	ok(!date_is_valid(2026, 1, 0), "day 0 does not exist");
	ok(!date_is_valid(0, 1, 1), "year 0 is out of range");
	ok(!date_is_valid(10000, 1, 1), "year 10000 is out of range");
	ok(date_is_valid(1, 1, 1) && date_is_valid(9999, 12, 31),
	    "0001-01-01 and 9999-12-31 are in range");
	is_int(date_days_in_month(2024, 2), 29, "February 2024 has 29 days");
	is_int(date_days_in_month(2100, 2), 28, "February 2100 has 28 days");
	is_int(date_days_in_month(2026, 9), 30, "September has 30 days");
	is_int(date_days_in_month(2026, 12), 31, "December has 31 days");
}

/* The same month and day N years later; February 29 becomes the 28th. */
static void
test_add_years(void)
{
	date_day leap = date_from_ymd(2024, 2, 29);

	is_str(ymd(date_add_years(leap, 1)), "2025-02-28",
	    "2024-02-29 + 1 year is 2025-02-28");
	is_str(ymd(date_add_years(leap, 4)), "2028-02-29",
	    "2024-02-29 + 4 years is 2028-02-29");
	is_str(ymd(date_add_years(leap, -1)), "2023-02-28",
	    "2024-02-29 - 1 year is 2023-02-28");
	is_str(ymd(date_add_years(leap, 76)), "2100-02-28",
	    "2024-02-29 + 76 years is 2100-02-28 (2100 is not leap)");
	is_str(ymd(date_add_years(date_from_ymd(2026, 3, 10), -3)),
	    "2023-03-10", "2026-03-10 - 3 years is 2023-03-10");
	is_str(ymd(date_add_years(date_from_ymd(2025, 12, 31), 1)),
	    "2026-12-31", "2025-12-31 + 1 year is 2026-12-31");
}

/*
 * Age in whole years; the birthday itself counts, and a February 29
 * birthday counts on March 1 in common years (SPEC section 6).
 */
static void
test_age(void)
{
	date_day leapling = date_from_ymd(2008, 2, 29);
	date_day born = date_from_ymd(2005, 6, 15);

	is_int(date_age(leapling, date_from_ymd(2029, 2, 28)), 20,
	    "born 2008-02-29: 20 on 2029-02-28");
	is_int(date_age(leapling, date_from_ymd(2029, 3, 1)), 21,
	    "born 2008-02-29: 21 on 2029-03-01");
	is_int(date_age(leapling, date_from_ymd(2028, 2, 28)), 19,
	    "born 2008-02-29: 19 on 2028-02-28 (a leap year)");
	is_int(date_age(leapling, date_from_ymd(2028, 2, 29)), 20,
	    "born 2008-02-29: 20 on 2028-02-29");
	is_int(date_age(leapling, leapling), 0, "age 0 on the day of birth");
	is_int(date_age(born, date_from_ymd(2026, 6, 14)), 20,
	    "born 2005-06-15: 20 the day before the 21st birthday");
	is_int(date_age(born, date_from_ymd(2026, 6, 15)), 21,
	    "born 2005-06-15: 21 on the 21st birthday itself");
	is_int(date_age(born, date_from_ymd(2026, 12, 31)), 21,
	    "born 2005-06-15: 21 at the end of 2026");
	is_int(date_age(born, date_from_ymd(2027, 1, 1)), 21,
	    "born 2005-06-15: 21 at the start of 2027");
	is_int(date_age(date_from_ymd(1950, 1, 1), date_from_ymd(1969, 12, 31)),
	    19, "ages work before 1970 (negative day numbers)");
}

static void
test_names(void)
{
	is_int(date_weekday_from_name("monday"), DATE_MONDAY,
	    "'monday' names Monday");
	is_int(date_weekday_from_name("Sunday"), DATE_SUNDAY,
	    "weekday names ignore case");
	is_int(date_weekday_from_name("funday"), -1, "'funday' is no weekday");
	is_str(date_weekday_name(DATE_SATURDAY), "saturday",
	    "Saturday's name is 'saturday'");
	is_int(date_month_from_name("january"), 1, "'january' is month 1");
	is_int(date_month_from_name("DECEMBER"), 12,
	    "month names ignore case");
	is_int(date_month_from_name("smarch"), -1, "'smarch' is no month");
}

int
main(void)
{
	test_day_numbers();
	test_round_trip();
	test_weekdays();
	test_validity();
	test_add_years();
	test_age();
	test_names();
	return done_testing();
}
