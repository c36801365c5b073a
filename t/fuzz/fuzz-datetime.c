/* fuzz-datetime -- the datetime and date parsers, and printing back */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zone_set;
	timefmt_instant t, back;
	date_day day;
	char buf[TIMEFMT_DATETIME_SIZE], dbuf[TIMEFMT_DATE_SIZE];

	if (!zone_set) {
		if (timefmt_set_zone("America/Los_Angeles") != 0)
			abort();
		zone_set = 1;
	}
	/* Instants whose local date passes 9999 are not printed (callers
	 * check timefmt_printable()). */
	if (timefmt_parse((const char *)data, size, &t) == TIMEFMT_OK &&
	    timefmt_printable(t)) {
		timefmt_format(t, buf);
		/* What is printed reads back as the same instant. */
		if (timefmt_parse(buf, strlen(buf), &back) != TIMEFMT_OK ||
		    back != t)
			abort();
	}
	if (timefmt_parse_date((const char *)data, size, &day) ==
	    TIMEFMT_OK) {
		timefmt_format_date(day, dbuf);
		if (memcmp(dbuf, data, 10) != 0)
			abort();
	}
	return 0;
}
