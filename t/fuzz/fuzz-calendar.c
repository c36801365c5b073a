/* fuzz-calendar -- the holiday calendar parser, and a year of its days */

#include <stdint.h>

#include "calendar.h"
#include "fuzz-datafile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct datafile_error error;
	struct calendar *cal;
	date_day first = date_from_ymd(2026, 1, 1);

	cal = calendar_load(fuzz_write_file(data, size, ".cal"), &error);
	if (cal == NULL)
		return 0;
	for (date_day d = first; d < first + 366; d++)
		(void)calendar_is_business_day(cal, d);
	(void)calendar_add_business_days(cal, first, 30);
	calendar_free(cal);
	return 0;
}
