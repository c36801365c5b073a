/* calendar -- holiday rules, business days and business hours */
#ifndef UMKIT_CALENDAR_H
#define UMKIT_CALENDAR_H

#include <stdbool.h>

#include "datafile.h"
#include "date.h"
#include "timefmt.h"

struct calendar;

/*
 * Loads a calendar by NAME (share/umkit/calendars/NAME.cal) or FILE, with
 * its includes; see umkit-calendar(5).  NULL with *error filled in when a
 * file cannot be read or is malformed.
 */
struct calendar	*calendar_load(const char *name_or_file,
		    struct datafile_error *error);
void		 calendar_free(struct calendar *);
const char	*calendar_name(const struct calendar *);

/* The holiday observed on a date, or NULL. */
const char	*calendar_holiday(const struct calendar *, date_day);
bool		 calendar_is_business_day(const struct calendar *, date_day);
/* The Nth business day after a date (the date itself is day 0). */
date_day	 calendar_add_business_days(const struct calendar *, date_day,
		    int n);
/* The first business day on or after a date. */
date_day	 calendar_next_business_day(const struct calendar *, date_day);

/*
 * Business hours are half-open [open, close) in seconds of the local day.
 * Returns the instant itself when it is inside business hours, else the
 * next opening: the same day's when before opening on a business day,
 * otherwise the next business day's.
 */
timefmt_instant	 calendar_next_opening(const struct calendar *,
		    timefmt_instant, int open, int close);

#endif
