/* calendar -- holiday rules, business days and business hours */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

#define MAX_INCLUDE_DEPTH	8
/* Years whose holidays are precomputed at load; others are computed. */
#define FIRST_CACHED_YEAR	1900
#define LAST_CACHED_YEAR	2199

enum rule_kind { RULE_FIXED, RULE_NTH, RULE_LAST, RULE_OFFSET, RULE_ONCE };

struct holiday_rule {
	char		*name;
	enum rule_kind	 kind;
	int		 month, mday;		/* fixed */
	int		 nth, weekday;		/* nth, last (with month) */
	int		 base;			/* offset: index of the base rule */
	int		 days;			/* offset */
	date_day	 once;			/* once */
	int		 saturday_shift;	/* fixed: -1 Friday, 0 none */
	int		 sunday_shift;		/* fixed: +1 Monday, 0 none */
	int		 from, until;		/* years in force, inclusive */
};

struct calendar {
	char		*name;
	struct holiday_rule *rules;
	size_t		 nrules, caprules;
	date_day	 cache_first, cache_last;
	uint8_t		*bits;			/* observed holidays */
};

static int	 load_file(struct calendar *, const char *path, int depth,
		    struct datafile_error *);

static const char *const ordinals[] = {
	"first", "second", "third", "fourth", "fifth"
};

/* The rule's date in a year without observance, or INT32_MIN when none. */
static date_day
rule_actual(const struct calendar *cal, const struct holiday_rule *r,
    int year)
{
	date_day d;
	int y, m, md;

	if (year < r->from || year > r->until)
		return INT32_MIN;
	switch (r->kind) {
	case RULE_FIXED:
		if (!date_is_valid(year, r->month, r->mday))
			return INT32_MIN;
		return date_from_ymd(year, r->month, r->mday);
	case RULE_NTH:
		d = date_from_ymd(year, r->month, 1);
		d += (r->weekday - (int)date_weekday(d) + 7) % 7;
		d += 7 * (r->nth - 1);
		date_to_ymd(d, &y, &m, &md);
		return m == r->month ? d : INT32_MIN;
	case RULE_LAST:
		d = date_from_ymd(year, r->month,
		    date_days_in_month(year, r->month));
		return d - ((int)date_weekday(d) - r->weekday + 7) % 7;
	case RULE_OFFSET:
		d = rule_actual(cal, &cal->rules[r->base], year);
		return d == INT32_MIN ? d : d + r->days;
	case RULE_ONCE:
		date_to_ymd(r->once, &y, &m, &md);
		return y == year ? r->once : INT32_MIN;
	}
	return INT32_MIN;
}

static date_day
rule_observed(const struct calendar *cal, const struct holiday_rule *r,
    int year)
{
	date_day d = rule_actual(cal, r, year);

	if (d == INT32_MIN || r->kind != RULE_FIXED)
		return d;
	if (date_weekday(d) == DATE_SATURDAY)
		return d + r->saturday_shift;
	if (date_weekday(d) == DATE_SUNDAY)
		return d + r->sunday_shift;
	return d;
}

/* Looks the date up rule by rule: observed dates can cross years. */
static const char *
holiday_slow(const struct calendar *cal, date_day day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	for (int year = y - 1; year <= y + 1; year++)
		for (size_t i = 0; i < cal->nrules; i++)
			if (rule_observed(cal, &cal->rules[i], year) == day)
				return cal->rules[i].name;
	return NULL;
}

const char *
calendar_holiday(const struct calendar *cal, date_day day)
{
	if (day >= cal->cache_first && day <= cal->cache_last) {
		date_day i = day - cal->cache_first;

		if ((cal->bits[i / 8] & (1u << (i % 8))) == 0)
			return NULL;
	}
	return holiday_slow(cal, day);
}

bool
calendar_is_business_day(const struct calendar *cal, date_day day)
{
	enum date_weekday w = date_weekday(day);

	return w != DATE_SATURDAY && w != DATE_SUNDAY &&
	    calendar_holiday(cal, day) == NULL;
}

date_day
calendar_next_business_day(const struct calendar *cal, date_day day)
{
	while (!calendar_is_business_day(cal, day))
		day++;
	return day;
}

date_day
calendar_add_business_days(const struct calendar *cal, date_day day, int n)
{
	while (n > 0) {
		day++;
		if (calendar_is_business_day(cal, day))
			n--;
	}
	return day;
}

timefmt_instant
calendar_next_opening(const struct calendar *cal, timefmt_instant t,
    int open, int close)
{
	date_day day = timefmt_local_date(t);
	int s = timefmt_local_seconds(t);

	if (calendar_is_business_day(cal, day)) {
		if (s >= open && s < close)
			return t;
		if (s < open)
			return timefmt_from_local(day, open);
	}
	return timefmt_from_local(calendar_next_business_day(cal, day + 1),
	    open);
}

static void
build_cache(struct calendar *cal)
{
	cal->cache_first = date_from_ymd(FIRST_CACHED_YEAR, 1, 1);
	cal->cache_last = date_from_ymd(LAST_CACHED_YEAR, 12, 31);
	size_t n = (size_t)(cal->cache_last - cal->cache_first) / 8 + 1;
	cal->bits = calloc(n, 1);
	if (cal->bits == NULL) {
		cal->cache_last = cal->cache_first - 1;
		return;
	}
	for (int year = FIRST_CACHED_YEAR - 1; year <= LAST_CACHED_YEAR + 1;
	    year++)
		for (size_t i = 0; i < cal->nrules; i++) {
			date_day d = rule_observed(cal, &cal->rules[i], year);

			if (d >= cal->cache_first && d <= cal->cache_last) {
				d -= cal->cache_first;
				cal->bits[d / 8] |= (uint8_t)(1u << (d % 8));
			}
		}
}

struct calendar *
calendar_load(const char *name_or_file, struct datafile_error *error)
{
	struct calendar *cal = calloc(1, sizeof(*cal));
	char *path = datafile_resolve("calendars", name_or_file, ".cal");

	if (cal == NULL || path == NULL ||
	    (cal->name = strdup(name_or_file)) == NULL) {
		snprintf(error->file, sizeof(error->file), "%s", name_or_file);
		error->line = 0;
		snprintf(error->message, sizeof(error->message),
		    "out of memory");
		free(path);
		calendar_free(cal);
		return NULL;
	}
	if (load_file(cal, path, 0, error) != 0) {
		free(path);
		calendar_free(cal);
		return NULL;
	}
	free(path);
	build_cache(cal);
	return cal;
}

void
calendar_free(struct calendar *cal)
{
	if (cal == NULL)
		return;
	for (size_t i = 0; i < cal->nrules; i++)
		free(cal->rules[i].name);
	free(cal->rules);
	free(cal->bits);
	free(cal->name);
	free(cal);
}

const char *
calendar_name(const struct calendar *cal)
{
	return cal->name;
}

static int
find_rule(const struct calendar *cal, const char *name)
{
	for (size_t i = 0; i < cal->nrules; i++)
		if (strcmp(cal->rules[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Does s have the shape of pattern, 'd' standing for a digit? */
static bool
digits_at(const char *s, const char *pattern)
{
	for (; *pattern != '\0'; s++, pattern++)
		if (*pattern == 'd' ? (*s < '0' || *s > '9') : *s != *pattern)
			return false;
	return *s == '\0';
}

static int
parse_ordinal(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(s, ordinals[i]) == 0)
			return i + 1;
	return strcmp(s, "last") == 0 ? 0 : -1;
}

/* The modifiers after a rule: observance and the years it is in force. */
static int
parse_modifiers(struct datafile *df, struct holiday_rule *r, int i)
{
	long year;

	for (; i < df->ntokens; i++) {
		const char *t = df->tokens[i];

		if (strcmp(t, "saturday=friday") == 0)
			r->saturday_shift = -1;
		else if (strcmp(t, "saturday=none") == 0)
			r->saturday_shift = 0;
		else if (strcmp(t, "sunday=monday") == 0)
			r->sunday_shift = 1;
		else if (strcmp(t, "sunday=none") == 0)
			r->sunday_shift = 0;
		else if ((strcmp(t, "from") == 0 || strcmp(t, "until") == 0) &&
		    i + 1 < df->ntokens) {
			if (datafile_long(df->tokens[i + 1], 1, 9999, &year))
				return datafile_fail(df,
				    "'%s' needs a year from 1 to 9999", t);
			if (t[0] == 'f')
				r->from = (int)year;
			else
				r->until = (int)year;
			i++;
		} else if (strcmp(t, "from") == 0 || strcmp(t, "until") == 0) {
			return datafile_fail(df, "'%s' needs a year", t);
		} else
			return datafile_fail(df, "unknown word '%s'", t);
	}
	if (r->from > r->until)
		return datafile_fail(df, "'from' is after 'until'");
	if ((r->saturday_shift != 0 || r->sunday_shift != 0) &&
	    r->kind != RULE_FIXED)
		return datafile_fail(df,
		    "weekend observance applies to fixed dates only");
	return 0;
}

/* One holiday line: NAME KIND ARGS [MODIFIERS]. */
static int
parse_rule(struct calendar *cal, struct datafile *df)
{
	struct holiday_rule r = {0};
	const char *kind;
	int i = 2, y, m, d;
	long n;

	r.from = 1;
	r.until = 9999;
	if (df->ntokens < 3)
		return datafile_fail(df, "a holiday needs a name and a rule");
	if (find_rule(cal, df->tokens[0]) >= 0)
		return datafile_fail(df, "holiday '%s' is defined twice",
		    df->tokens[0]);
	kind = df->tokens[1];
	if (strcmp(kind, "fixed") == 0) {
		const char *md = df->tokens[i++];

		r.kind = RULE_FIXED;
		if (!digits_at(md, "dd-dd") || sscanf(md, "%2d-%2d", &m,
		    &d) != 2 || !date_is_valid(2000, m, d))
			return datafile_fail(df,
			    "a fixed holiday needs a date as MM-DD");
		r.month = m;
		r.mday = d;
	} else if (parse_ordinal(kind) >= 0) {
		int nth = parse_ordinal(kind);

		if (df->ntokens < 4)
			return datafile_fail(df,
			    "'%s' needs a weekday and a month", kind);
		r.kind = nth == 0 ? RULE_LAST : RULE_NTH;
		r.nth = nth;
		if ((r.weekday = date_weekday_from_name(df->tokens[i++])) < 0)
			return datafile_fail(df, "unknown weekday '%s'",
			    df->tokens[i - 1]);
		if (strcmp(df->tokens[i], "of") == 0 && i + 1 < df->ntokens)
			i++;
		if ((r.month = date_month_from_name(df->tokens[i++])) < 0)
			return datafile_fail(df, "unknown month '%s'",
			    df->tokens[i - 1]);
	} else if (strcmp(kind, "offset") == 0) {
		if (df->ntokens < 4)
			return datafile_fail(df,
			    "an offset needs a holiday and a number of days");
		r.kind = RULE_OFFSET;
		if ((r.base = find_rule(cal, df->tokens[i++])) < 0)
			return datafile_fail(df,
			    "offset from '%s', which is not defined above",
			    df->tokens[i - 1]);
		if (datafile_long(df->tokens[i++], -366, 366, &n) != 0)
			return datafile_fail(df,
			    "an offset needs a number of days such as +1");
		r.days = (int)n;
	} else if (strcmp(kind, "once") == 0) {
		r.kind = RULE_ONCE;
		if (!digits_at(df->tokens[i], "dddd-dd-dd") ||
		    sscanf(df->tokens[i], "%4d-%2d-%2d", &y, &m, &d) != 3 ||
		    !date_is_valid(y, m, d))
			return datafile_fail(df,
			    "a one-off holiday needs a date as YYYY-MM-DD");
		r.once = date_from_ymd(y, m, d);
		i++;
	} else
		return datafile_fail(df, "unknown holiday rule '%s'", kind);
	if (parse_modifiers(df, &r, i) != 0)
		return -1;
	if (cal->nrules == cal->caprules) {
		size_t cap = cal->caprules ? cal->caprules * 2 : 16;
		void *p = realloc(cal->rules, cap * sizeof(*cal->rules));

		if (p == NULL)
			return datafile_fail(df, "out of memory");
		cal->rules = p;
		cal->caprules = cap;
	}
	if ((r.name = strdup(df->tokens[0])) == NULL)
		return datafile_fail(df, "out of memory");
	cal->rules[cal->nrules++] = r;
	return 0;
}

/* "include NAME" looks NAME up beside the including file. */
static int
include(struct calendar *cal, struct datafile *df, int depth)
{
	const char *name = df->tokens[1];
	char path[2048];
	const char *slash = strrchr(df->path, '/');

	if (depth + 1 >= MAX_INCLUDE_DEPTH)
		return datafile_fail(df, "includes nest too deep (a loop?)");
	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else if (slash != NULL)
		snprintf(path, sizeof(path), "%.*s/%s%s",
		    (int)(slash - df->path), df->path, name,
		    strchr(name, '.') ? "" : ".cal");
	else
		snprintf(path, sizeof(path), "%s%s", name,
		    strchr(name, '.') ? "" : ".cal");
	return load_file(cal, path, depth + 1, df->error);
}

static int
load_file(struct calendar *cal, const char *path, int depth,
    struct datafile_error *error)
{
	struct datafile df;
	int n, rc = 0;

	if (datafile_open(&df, path, error) != 0)
		return -1;
	while ((n = datafile_next(&df)) > 0) {
		if (strcmp(df.tokens[0], "include") == 0) {
			if (n != 2) {
				rc = datafile_fail(&df,
				    "include needs one calendar name");
				break;
			}
			if ((rc = include(cal, &df, depth)) != 0)
				break;
		} else if ((rc = parse_rule(cal, &df)) != 0)
			break;
	}
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	return rc;
}
