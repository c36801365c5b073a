/* date -- proleptic Gregorian civil dates as day numbers */

#include <string.h>
#include <strings.h>

#include "date.h"

static const char *const weekday_names[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
date_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};

	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool
date_is_valid(int year, int month, int mday)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
	    mday >= 1 && mday <= date_days_in_month(year, month);
}

/*
 * Days from civil and back, after Howard Hinnant's public-domain
 * algorithms: exact for every proleptic Gregorian date.
 */
date_day
date_from_ymd(int year, int month, int mday)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
date_to_ymd(date_day day, int *year, int *month, int *mday)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int m = mp + (mp < 10 ? 3 : -9);

	*mday = doy - (153 * mp + 2) / 5 + 1;
	*month = m;
	*year = yoe + era * 400 + (m <= 2);
}

enum date_weekday
date_weekday(date_day day)
{
	/* 1970-01-01 was a Thursday. */
	int w = (day + 4) % 7;

	return (enum date_weekday)(w < 0 ? w + 7 : w);
}

/*
 * The same month and day N years later; February 29 becomes February 28
 * in a common year (SPEC section 5, the retrospective window).
 */
date_day
date_add_years(date_day day, int years)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && !is_leap(y))
		d = 28;
	return date_from_ymd(y, m, d);
}

/*
 * Age in whole years on a date.  A February 29 birthday counts on March 1
 * in common years (SPEC section 6).
 */
int
date_age(date_day birth, date_day on)
{
	int by, bm, bd, oy, om, od, age;

	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &oy, &om, &od);
	age = oy - by;
	if (bm == 2 && bd == 29 && !is_leap(oy)) {
		bm = 3;
		bd = 1;
	}
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}

int
date_weekday_from_name(const char *name)
{
	for (int i = 0; i < 7; i++)
		if (strcasecmp(name, weekday_names[i]) == 0)
			return i;
	return -1;
}

const char *
date_weekday_name(enum date_weekday w)
{
	return weekday_names[w];
}

int
date_month_from_name(const char *name)
{
	for (int i = 0; i < 12; i++)
		if (strcasecmp(name, month_names[i]) == 0)
			return i + 1;
	return -1;
}
