/* date -- proleptic Gregorian civil dates as day numbers */
#ifndef UMKIT_DATE_H
#define UMKIT_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* Days since 1970-01-01 (negative before). */
typedef int32_t date_day;

enum date_weekday {
	DATE_SUNDAY, DATE_MONDAY, DATE_TUESDAY, DATE_WEDNESDAY,
	DATE_THURSDAY, DATE_FRIDAY, DATE_SATURDAY
};

bool		 date_is_valid(int year, int month, int mday);
int		 date_days_in_month(int year, int month);
date_day	 date_from_ymd(int year, int month, int mday);
void		 date_to_ymd(date_day, int *year, int *month, int *mday);
enum date_weekday date_weekday(date_day);
date_day	 date_add_years(date_day, int years);
int		 date_age(date_day birth, date_day on);
int		 date_weekday_from_name(const char *);
const char	*date_weekday_name(enum date_weekday);
int		 date_month_from_name(const char *);

#endif
