/* fuzz-rules -- the rule-table parser, and its spans on one instant */

#include <stdint.h>

#include "calendar.h"
#include "fuzz-datafile.h"
#include "rules.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct calendar *cal;
	struct datafile_error error;
	struct rules *r;

	if (cal == NULL) {
		setenv("UMKIT_SHARE", UMKIT_SOURCE_SHARE, 0);
		timefmt_set_zone("America/Los_Angeles");
		if ((cal = calendar_load("us-federal", &error)) == NULL)
			abort();
	}
	r = rules_load(fuzz_write_file(data, size, ".rules"), &error);
	if (r == NULL)
		return 0;
	for (int i = 0; i < r->ntypes; i++) {
		const struct rules_type *t = &r->types[i];

		(void)rules_span_end(&t->decision, cal, 1767225600);
		(void)rules_span_end(&t->member, cal, 1767225600);
		for (int e = 0; e < t->nextensions; e++)
			(void)rules_span_end(&t->extensions[e], cal,
			    1767225600);
	}
	rules_free(r);
	return 0;
}
