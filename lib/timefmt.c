/* timefmt -- instants in the plan's time zone: parsing, printing, local dates */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "timefmt.h"

#define SECONDS_PER_DAY	86400
#define OFFSET_CACHE_SIZE 1024

/*
 * UTC offsets by UTC day, for the days without a change of offset.  The
 * zone is process-wide (it is TZ), and so is this cache of it; it is
 * emptied when the zone is set.  A day is cached only when its first and
 * last second have the same offset, which assumes no zone changes its
 * offset and back within one day (none in the tz database does).
 */
static struct {
	bool		 used;
	int64_t		 day;
	long		 offset;
} offset_cache[OFFSET_CACHE_SIZE];

int
timefmt_set_zone(const char *name)
{
	char path[4096];
	const char *dir;

	/* glibc falls back to UTC for an unknown zone; refuse it instead. */
	if (name[0] == '\0' || strstr(name, "..") != NULL)
		return -1;
	if (strcmp(name, "UTC") != 0 && name[0] != '/') {
		dir = getenv("TZDIR");
		snprintf(path, sizeof(path), "%s/%s",
		    dir != NULL ? dir : "/usr/share/zoneinfo", name);
		if (access(path, R_OK) != 0)
			return -1;
	} else if (name[0] == '/' && access(name, R_OK) != 0)
		return -1;
	if (setenv("TZ", name, 1) != 0)
		return -1;
	tzset();
	memset(offset_cache, 0, sizeof(offset_cache));
	return 0;
}

static long
offset_uncached(timefmt_instant t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

long
timefmt_offset(timefmt_instant t)
{
	int64_t day = t / SECONDS_PER_DAY - (t % SECONDS_PER_DAY < 0);
	size_t slot = (size_t)day & (OFFSET_CACHE_SIZE - 1);
	long off;

	if (offset_cache[slot].used && offset_cache[slot].day == day)
		return offset_cache[slot].offset;
	off = offset_uncached(t);
	if (offset_uncached(day * SECONDS_PER_DAY) == off &&
	    offset_uncached(day * SECONDS_PER_DAY + SECONDS_PER_DAY - 1) ==
	    off) {
		offset_cache[slot].used = true;
		offset_cache[slot].day = day;
		offset_cache[slot].offset = off;
	}
	return off;
}

date_day
timefmt_local_date(timefmt_instant t)
{
	int64_t local = t + timefmt_offset(t);
	int64_t day = local / SECONDS_PER_DAY;

	if (local % SECONDS_PER_DAY < 0)
		day--;
	return (date_day)day;
}

int
timefmt_local_seconds(timefmt_instant t)
{
	int64_t local = t + timefmt_offset(t);
	int64_t s = local % SECONDS_PER_DAY;

	return (int)(s < 0 ? s + SECONDS_PER_DAY : s);
}

timefmt_instant
timefmt_from_local(date_day day, int seconds)
{
	int64_t local = (int64_t)day * SECONDS_PER_DAY + seconds;
	long before = timefmt_offset(local - SECONDS_PER_DAY);
	long after = timefmt_offset(local + SECONDS_PER_DAY);
	timefmt_instant a = local - before, b = local - after;
	bool a_ok = timefmt_offset(a) == before;
	bool b_ok = timefmt_offset(b) == after;

	if (a_ok && b_ok)
		return a < b ? a : b;	/* overlap: the first one */
	if (a_ok)
		return a;
	if (b_ok)
		return b;
	/* The gap: read with the offset before it, which is later locally. */
	return a;
}

bool
timefmt_printable(timefmt_instant t)
{
	date_day d = timefmt_local_date(t);

	return d >= date_from_ymd(1, 1, 1) && d <= date_from_ymd(9999, 12, 31);
}

/* Writes v as exactly width digits (v is within range by construction). */
static char *
put_digits(char *p, long v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

void
timefmt_format_date(date_day day, char buf[TIMEFMT_DATE_SIZE])
{
	int y, m, d;
	char *p = buf;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = '\0';
}

void
timefmt_format(timefmt_instant t, char buf[TIMEFMT_DATETIME_SIZE])
{
	/*
	 * RFC 3339 offsets have no seconds: a local mean time offset such as
	 * -07:52:58 (before 1883) is cut to -07:52, and the time is printed
	 * in that offset so that the text still names the exact instant.
	 */
	long off = timefmt_offset(t) / 60 * 60;
	int64_t local = t + off;
	int64_t day = local / SECONDS_PER_DAY, s = local % SECONDS_PER_DAY;
	long aoff = off < 0 ? -off : off;
	char *p = buf;

	if (s < 0) {
		s += SECONDS_PER_DAY;
		day--;
	}
	timefmt_format_date((date_day)day, buf);
	p = buf + 10;
	*p++ = 'T';
	p = put_digits(p, (long)(s / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (long)(s / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (long)(s % 60), 2);
	*p++ = off < 0 ? '-' : '+';
	p = put_digits(p, aoff / 3600 % 100, 2);
	*p++ = ':';
	p = put_digits(p, aoff / 60 % 60, 2);
	*p = '\0';
}

static bool
digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* YYYY-MM-DD at s; the date need not exist yet. */
static enum timefmt_status
parse_ymd(const char *s, size_t n, int *y, int *m, int *d)
{
	if (n < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, y) ||
	    !digits(s + 5, 2, m) || !digits(s + 8, 2, d))
		return TIMEFMT_BAD_SYNTAX;
	if (*y < 1)
		return TIMEFMT_OUT_OF_RANGE;
	if (!date_is_valid(*y, *m, *d))
		return TIMEFMT_NO_SUCH_DATE;
	return TIMEFMT_OK;
}

enum timefmt_status
timefmt_parse_date(const char *s, size_t n, date_day *out)
{
	enum timefmt_status st;
	int y, m, d;

	if (n != 10)
		return TIMEFMT_BAD_SYNTAX;
	if ((st = parse_ymd(s, n, &y, &m, &d)) != TIMEFMT_OK)
		return st;
	*out = date_from_ymd(y, m, d);
	return TIMEFMT_OK;
}

/*
 * SPEC section 2: YYYY-MM-DD, or YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]] with
 * Z, +HH:MM, +HHMM, +HH or no offset (plan-local).  Fractions are
 * truncated; hour 24 and second 60 do not exist.
 */
enum timefmt_status
timefmt_parse(const char *s, size_t n, timefmt_instant *out)
{
	enum timefmt_status st;
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0;
	size_t i;
	int sign = 0;

	if (n == 10) {
		date_day day;

		if ((st = timefmt_parse_date(s, n, &day)) != TIMEFMT_OK)
			return st;
		*out = timefmt_from_local(day, 0);
		return TIMEFMT_OK;
	}
	if (n < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return TIMEFMT_BAD_SYNTAX;
	if (s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d))
		return TIMEFMT_BAD_SYNTAX;
	if (!digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
		return TIMEFMT_BAD_SYNTAX;
	i = 16;
	if (i < n && s[i] == ':') {
		if (i + 3 > n || !digits(s + i + 1, 2, &sec))
			return TIMEFMT_BAD_SYNTAX;
		i += 3;
		if (i < n && s[i] == '.') {
			size_t f = ++i;

			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i - f < 1 || i - f > 9)
				return TIMEFMT_BAD_SYNTAX;
		}
	}
	if (i < n) {
		if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n) {
			sign = 1;
			i++;
		} else if (s[i] == '+' || s[i] == '-') {
			size_t left = n - i - 1;
			const char *o = s + i + 1;

			sign = s[i] == '+' ? 1 : -1;
			if (left == 2 && digits(o, 2, &oh))
				;
			else if (left == 4 && digits(o, 2, &oh) &&
			    digits(o + 2, 2, &om))
				;
			else if (left == 5 && o[2] == ':' &&
			    digits(o, 2, &oh) && digits(o + 3, 2, &om))
				;
			else
				return TIMEFMT_BAD_SYNTAX;
			if (oh > 23 || om > 59)
				return TIMEFMT_BAD_SYNTAX;
			i = n;
		} else
			return TIMEFMT_BAD_SYNTAX;
	}
	if (i != n)
		return TIMEFMT_BAD_SYNTAX;
	if (y < 1)
		return TIMEFMT_OUT_OF_RANGE;
	if (!date_is_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return TIMEFMT_NO_SUCH_DATE;
	if (sign == 0) {
		*out = timefmt_from_local(date_from_ymd(y, mo, d),
		    h * 3600 + mi * 60 + sec);
		return TIMEFMT_OK;
	}
	*out = (int64_t)date_from_ymd(y, mo, d) * SECONDS_PER_DAY +
	    h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
	return TIMEFMT_OK;
}

const char *
timefmt_status_message(enum timefmt_status st)
{
	switch (st) {
	case TIMEFMT_OK:
		return "ok";
	case TIMEFMT_BAD_SYNTAX:
		return "not a date or datetime in ISO 8601 form";
	case TIMEFMT_NO_SUCH_DATE:
		return "a date or time that does not exist";
	case TIMEFMT_OUT_OF_RANGE:
		return "a year outside 0001 to 9999";
	}
	return "?";
}
