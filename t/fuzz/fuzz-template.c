/* fuzz-template -- the template parser, and rendering a fixed record */

#include <stdint.h>
#include <string.h>

#include <jv.h>

#include "fuzz-datafile.h"
#include "json.h"
#include "timefmt.h"
#include "tmpl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char record_text[] =
    "{\"tar_id\":\"T1\",\"member\":{\"id\":\"91234567A\",\"first_name\":"
    "\"Ana\",\"last_name\":\"Reyes\",\"language\":\"es\",\"address\":"
    "{\"line1\":\"12 Oak St\",\"city\":\"Eureka\",\"state\":\"CA\","
    "\"zip\":\"95501\"}},\"services\":[{\"code\":\"29881\",\"description\":"
    "\"knee <b>scope</b> & {{ $plan }}\"}],\"decision\":{\"outcome\":"
    "\"deny\",\"at\":\"2026-03-03T10:00:00-08:00\",\"reason\":\"r\","
    "\"criteria\":\"c\"},\"validation\":{\"errors\":[{\"code\":\"x.missing\","
    "\"field\":\"x\",\"message\":\"m\"}]}}";

static struct tmpl_env env;

/* Freed before LeakSanitizer's exit check (see fuzz-record.c). */
static void
free_env(void)
{
	tmpl_env_free(&env);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct datafile_error error;
	struct tmpl *t;
	jv record;

	if (!ready) {
		setenv("UMKIT_SHARE", UMKIT_SOURCE_SHARE, 0);
		if (timefmt_set_zone("America/Los_Angeles") != 0 ||
		    tmpl_env_init(&env, NULL, NULL, 20500, true, &error) != 0)
			abort();
		atexit(free_env);
		ready = 1;
	}
	t = tmpl_load(&env, fuzz_write_file(data, size, ".en.tmpl"), "en",
	    &error);
	if (t == NULL)
		return 0;
	record = jv_parse(record_text);
	for (int format = 0; format < 2; format++) {
		struct json_buf body = {0};
		struct tmpl_failure failure;

		(void)tmpl_render(t, record, NULL, format == 0 ? TMPL_TEXT :
		    TMPL_HTML, &body, &failure);
		json_buf_free(&body);
	}
	jv_free(record);
	tmpl_free(t);
	return 0;
}
