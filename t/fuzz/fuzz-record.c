/* fuzz-record -- a JSON line through the fast-path scanner and each
 * command's record function */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "calendar.h"
#include "ccm.h"
#include "due.h"
#include "irr.h"
#include "json.h"
#include "jsonscan.h"
#include "tar.h"
#include "tmpl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_state {
	struct due	*due;
	struct calendar	*calendar;
	struct tar_policy *tar;
	struct ccm	*ccm;
	struct irr_types *irr;
	struct tmpl_env	 env;
	struct tmpl_letter *letters[3];
};

/* Letters whose fields cover the schema: a member, a provider, CCM. */
static const char *const letter_names[3] = {"noa-denial", "rfi",
	"ccm-enrollment"};

static struct fuzz_state s;

/*
 * libjq keeps a program's stack by its end pointer, which LeakSanitizer
 * does not count as a reference: free everything before its exit check.
 */
static void
free_state(void)
{
	for (int i = 0; i < 3; i++)
		tmpl_letter_free(s.letters[i]);
	tmpl_env_free(&s.env);
	irr_types_free(s.irr);
	ccm_free(s.ccm);
	tar_policy_free(s.tar);
	calendar_free(s.calendar);
	due_free(s.due);
}

static struct fuzz_state *
state(void)
{
	struct datafile_error error;
	struct due_options opts = {.calendar = "plan", .explain = true,
	    .as_of = 1767225600};

	if (s.due != NULL)
		return &s;
	setenv("UMKIT_SHARE", UMKIT_SOURCE_SHARE, 0);
	if (timefmt_set_zone("America/Los_Angeles") != 0 ||
	    (s.due = due_load(&opts, &error)) == NULL ||
	    (s.calendar = calendar_load("plan", &error)) == NULL ||
	    (s.tar = tar_policy_load(NULL, &error)) == NULL ||
	    (s.ccm = ccm_load(NULL, &error)) == NULL ||
	    (s.irr = irr_types_load(&error)) == NULL ||
	    tmpl_env_init(&s.env, NULL, NULL, 20500, true, &error) != 0)
		abort();
	for (int i = 0; i < 3; i++)
		if (tmpl_letter_load(&s.env, letter_names[i], &s.letters[i],
		    &error) != TMPL_LOADED)
			abort();
	atexit(free_state);
	return &s;
}

/*
 * The fast path's promise: a line it calls canonical prints back, through
 * libjq and the emitter, as exactly its own bytes; and the values it
 * builds equal libjq's.
 */
static void
check_scanner(const char *line, size_t size, jv parsed)
{
	struct jsonscan scan;
	struct json_buf out = {0};

	if (!jsonscan_canonical(line, size, &scan))
		return;
	if (jv_get_kind(parsed) != JV_KIND_OBJECT)
		abort();
	json_emit(&out, jv_copy(parsed));
	if (out.len != size || memcmp(out.data, line, size) != 0)
		abort();
	json_buf_free(&out);
	for (size_t i = 0; i < scan.nmembers; i++) {
		jv key = jv_string_sized(scan.members[i].key,
		    (int)scan.members[i].key_len);
		jv mine = jsonscan_value(&scan.members[i]);
		jv theirs = jv_object_get(jv_copy(parsed), key);

		if (!jv_equal(mine, theirs))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_state *st = state();
	const char *field, *error;
	jv record, result;

	if (size > 1 << 20)
		return 0;
	/* The commands never hand libjq what this calls invalid. */
	if (!jsonscan_valid((const char *)data, size)) {
		struct jsonscan scan;

		if (jsonscan_canonical((const char *)data, size, &scan))
			abort();
		return 0;
	}
	record = jv_parse_sized((const char *)data, (int)size);
	check_scanner((const char *)data, size, record);
	if (jv_get_kind(record) != JV_KIND_OBJECT) {
		jv_free(record);
		return 0;
	}
	result = due_compute(st->due, record, &field, &error);
	if (!jv_is_valid(result) && (field == NULL || error == NULL))
		abort();
	jv_free(result);
	jv_free(tar_validate(st->tar, st->calendar, record));
	{
		jv out;

		if (ccm_evaluate(st->ccm, st->calendar, record, true, &out,
		    &field) != NULL) {
			if (field == NULL)
				abort();
		} else
			jv_free(out);
	}
	(void)irr_review_type(st->irr, record, &field, &error);
	for (int i = 0; i < 3; i++) {
		struct json_buf body = {0};
		struct tmpl_failure failure;
		bool fallback;
		struct tmpl *t = tmpl_letter_variant(st->letters[i],
		    i == 1 ? "es" : "en", &fallback);

		(void)tmpl_render(t, record, NULL, i == 2 ? TMPL_HTML :
		    TMPL_TEXT, &body, &failure);
		json_buf_free(&body);
	}
	jv_free(record);
	return 0;
}
