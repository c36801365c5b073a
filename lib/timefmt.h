/* timefmt -- instants in the plan's time zone: parsing, printing, local dates */
#ifndef UMKIT_TIMEFMT_H
#define UMKIT_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"

/* Seconds since the epoch, UTC, whole seconds. */
typedef int64_t timefmt_instant;

enum timefmt_status {
	TIMEFMT_OK,
	TIMEFMT_BAD_SYNTAX,	/* not one of SPEC section 2's formats */
	TIMEFMT_NO_SUCH_DATE,	/* well formed but does not exist */
	TIMEFMT_OUT_OF_RANGE	/* year outside 0001..9999 */
};

/* Length of "YYYY-MM-DDTHH:MM:SS+HH:MM" plus its NUL. */
#define TIMEFMT_DATETIME_SIZE	26
#define TIMEFMT_DATE_SIZE	11

/*
 * The plan's time zone.  The process has one: timefmt_set_zone() sets TZ
 * once at start-up.  Returns -1 when the zone is unknown.
 */
int		 timefmt_set_zone(const char *name);

enum timefmt_status timefmt_parse(const char *, size_t, timefmt_instant *);
enum timefmt_status timefmt_parse_date(const char *, size_t, date_day *);
const char	*timefmt_status_message(enum timefmt_status);

/* UTC offset in seconds at an instant. */
long		 timefmt_offset(timefmt_instant);
void		 timefmt_format(timefmt_instant, char[TIMEFMT_DATETIME_SIZE]);
/* Is the instant's local date within 0001-01-01 to 9999-12-31? */
bool		 timefmt_printable(timefmt_instant);
void		 timefmt_format_date(date_day, char[TIMEFMT_DATE_SIZE]);

/* The local date and second of day of an instant. */
date_day	 timefmt_local_date(timefmt_instant);
int		 timefmt_local_seconds(timefmt_instant);

/*
 * The instant of a local date and second of day: a time in the spring
 * gap moves forward by the gap's length, a time that occurs twice is the
 * first occurrence.
 */
timefmt_instant	 timefmt_from_local(date_day, int seconds);

#endif
