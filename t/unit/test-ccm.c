/* test-ccm -- code lists, code matching and CCM eligibility */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "ccm.h"
#include "datafile.h"
#include "tap.h"
#include "timefmt.h"

static const char *normalized(const char *);
static int	 in(const struct ccm_codes *, int, const char *);
static void	 is_malformed(const char *, long, const char *);
static const char *evaluate(const struct ccm *, const struct calendar *,
		    const char *);
static void	 test_normalize(void);
static void	 test_code_list(void);
static void	 test_malformed(void);
static void	 test_shipped(void);
static void	 test_evaluate(void);

/* The normalized form of a code, or "(none)" when it matches nothing. */
static const char *
normalized(const char *code)
{
	static char buf[CCM_CODE_SIZE];

	if (!ccm_code_normalize(code, strlen(code), buf))
		return "(none)";
	return buf;
}

static void
test_normalize(void)
{
	is_str(normalized("E11.9"), "E119", "the dot is dropped");
	is_str(normalized(" e11.65\t"), "E1165",
	    "spaces are trimmed and letters upper-cased");
	is_str(normalized("E119"), "E119", "a code without its dot is kept");
	is_str(normalized("O09.90"), "O0990", "chapter O codes keep their O");
	is_str(normalized("E11-9"), "(none)", "a dash matches nothing");
	is_str(normalized("I 10"), "(none)", "an inner space matches nothing");
	is_str(normalized("  "), "(none)", "a blank code matches nothing");
	is_str(normalized("."), "(none)", "a dot alone matches nothing");
	is_str(normalized("A123456789012345"), "(none)",
	    "a code longer than %d characters matches nothing",
	    CCM_CODE_SIZE - 1);
}

/* Whether a code is in category CAT of a list. */
static int
in(const struct ccm_codes *c, int cat, const char *code)
{
	char buf[CCM_CODE_SIZE];

	return ccm_code_normalize(code, strlen(code), buf) &&
	    ccm_codes_match(c, cat, buf);
}

static void
test_code_list(void)
{
	char *path = tap_write_temp(
	    "# a test list\n"
	    "category  lipids  \"lipid disorders\"  E78.0-E78.5\n"
	    "category  bh      \"behavioral\"       F20-F29 F32.2\n"
	    "category  lipids  \"lipid disorders\"  e78.9   # continued\n"
	    "category  preg    \"pregnancy\"        O Z33.1\n");
	struct datafile_error e;
	struct ccm_codes *c = ccm_codes_load(path, &e);

	if (!ok(c != NULL, "a list with a range, a continued category and a "
	    "one-letter chapter loads")) {
		diag("%s:%ld: %s", e.file, e.line, e.message);
		return;
	}
	is_int(ccm_codes_count(c), 3, "a continued category is one category");
	is_str(ccm_codes_name(c, 0), "lipids", "the first line's name first");
	is_str(ccm_codes_label(c, 1), "behavioral", "labels are kept");
	is_str(ccm_codes_name(c, 2), "preg", "categories keep file order");
	ok(in(c, 0, "E78.0") && in(c, 0, "E78.5") && in(c, 0, "E78.01") &&
	    in(c, 0, "e7849"), "E78.0-E78.5 holds its ends and the codes "
	    "under them");
	ok(!in(c, 0, "E78.6") && !in(c, 0, "E78") && !in(c, 0, "E77.9"),
	    "E78.0-E78.5 does not hold E78.6, a bare E78 or E77.9");
	ok(in(c, 0, "E78.9"), "a continuation line adds its codes");
	ok(in(c, 1, "F20") && in(c, 1, "F25.1") && in(c, 1, "F29.0"),
	    "F20-F29 holds F20, F25.1 and F29.0");
	ok(!in(c, 1, "F2") && !in(c, 1, "F30") && !in(c, 1, "F19.9"),
	    "F20-F29 does not hold F2, F30 or F19.9");
	ok(in(c, 1, "F32.2") && !in(c, 1, "F32.1") && !in(c, 1, "F32"),
	    "F32.2 holds F32.2 only, not F32.1 or a bare F32");
	ok(in(c, 2, "O09.90") && in(c, 2, "o80") && in(c, 2, "Z33.1") &&
	    !in(c, 2, "Z33.2"), "O holds chapter O; Z33.1 is not Z33.2");
	ccm_codes_free(c);
	unlink(path);
	free(path);
}

/* A file that must fail to load, at a line, with a message. */
static void
is_malformed(const char *text, long line, const char *message)
{
	char *path = tap_write_temp(text);
	struct datafile_error e;
	struct ccm_codes *c = ccm_codes_load(path, &e);

	if (ok(c == NULL, "malformed: %s", message)) {
		is_int(e.line, line, "... at line %ld", line);
		is_str(e.message, message, "... with its message");
		is_str(e.file, path, "... naming the file");
	} else
		ccm_codes_free(c);
	unlink(path);
	free(path);
}

static void
test_malformed(void)
{
	is_malformed("# nothing\n", 0, "no category lines");
	is_malformed("category a \"A\" E11\ncode b \"B\" E10\n", 2,
	    "unknown keyword 'code' (a code list has only category lines)");
	is_malformed("category a \"A\"\n", 1,
	    "a category needs a NAME, a \"LABEL\" and at least one code");
	is_malformed("category Diabetes \"A\" E11\n", 1,
	    "a category NAME is lower-case letters, digits and '_', a letter "
	    "first: 'Diabetes'");
	is_malformed("category a \"\" E11\n", 1, "a category's LABEL is empty");
	is_malformed("category a \"A\" E11\ncategory a \"B\" E10\n", 2,
	    "category a is given again with another label");
	is_malformed("category a \"A\" 11\n", 1,
	    "not an ICD-10-CM code or range: '11'");
	is_malformed("category a \"A\" E11-\n", 1,
	    "not an ICD-10-CM code or range: 'E11-'");
	is_malformed("category a \"A\" E11-E1\n", 1,
	    "a range's codes must have the same length, the lower first: "
	    "'E11-E1'");
	is_malformed("category a \"A\" F29-F20\n", 1,
	    "a range's codes must have the same length, the lower first: "
	    "'F29-F20'");
}

static void
test_shipped(void)
{
	static const char *const names[] = {"chronic_kidney_disease", "copd",
		"heart_failure", "diabetes", "hypertension", "hyperlipidemia"};
	struct datafile_error e;
	struct ccm *ccm = ccm_load(NULL, &e);
	const struct ccm_codes *c;

	if (!ok(ccm != NULL, "the shipped ccm data loads")) {
		diag("%s:%ld: %s", e.file, e.line, e.message);
		return;
	}
	c = ccm_chronic_conditions(ccm);
	is_int(ccm_codes_count(c), 6, "six chronic condition categories");
	for (int i = 0; i < 6 && i < ccm_codes_count(c); i++)
		is_str(ccm_codes_name(c, i), names[i], "category %d", i + 1);
	ok(in(c, 2, "I11.0") && in(c, 4, "I11.0"),
	    "I11.0 is heart failure and hypertension");
	ok(!in(c, 2, "I11.9") && in(c, 4, "I11.9"),
	    "I11.9 is hypertension only");
	ccm_free(ccm);
}

/* The compact "ccm" result of a record, or "error: FIELD: MESSAGE". */
static const char *
evaluate(const struct ccm *ccm, const struct calendar *cal, const char *js)
{
	static char buf[2048];
	jv record = jv_parse(js), out;
	const char *field, *error;

	error = ccm_evaluate(ccm, cal, record, false, &out, &field);
	if (error != NULL)
		snprintf(buf, sizeof(buf), "error: %s: %s", field, error);
	else {
		jv s = jv_dump_string(out, 0);

		snprintf(buf, sizeof(buf), "%s", jv_string_value(s));
		jv_free(s);
	}
	jv_free(record);
	return buf;
}

static void
test_evaluate(void)
{
	struct datafile_error e;
	struct ccm *ccm = ccm_load(NULL, &e);
	struct calendar *cal = calendar_load("us-federal", &e);

	if (!ok(ccm != NULL && cal != NULL, "ccm data and a calendar load"))
		return;
	is_str(evaluate(ccm, cal, "{\"member\":{\"dob\":\"1959-03-10\"},"
	    "\"coverage\":{\"partnership_primary\":true},"
	    "\"diagnoses\":[\"E11.9\",\"I10\"],\"needs_icp\":true,"
	    "\"identified_at\":\"2026-05-01T10:00:00-07:00\"}"),
	    "{\"eligible\":true,\"criteria\":[\"chronic_conditions\"],"
	    "\"chronic_conditions\":[\"diabetes\",\"hypertension\"],"
	    "\"exclusions\":[],\"refer\":[],\"assessment\":\"adult\","
	    "\"age\":67,\"contact_by\":\"2026-05-31\","
	    "\"outreach_by\":\"2026-05-15\",\"assessment_by\":\"2026-06-30\"}",
	    "two chronic conditions with a care plan need: eligible");
	is_str(evaluate(ccm, cal, "{\"member\":{\"dob\":\"2006-01-05\"},"
	    "\"line_of_business\":\"partnership-advantage\","
	    "\"coverage\":{\"dual_full_benefit\":false},\"ecm_enrolled\":true,"
	    "\"diagnoses\":[\"F17.210\",\"F10.20\"],"
	    "\"identified_at\":\"2027-01-05\"}"),
	    "{\"eligible\":false,\"criteria\":[],\"chronic_conditions\":[],"
	    "\"exclusions\":[\"not_covered\",\"ecm_enrolled\"],"
	    "\"refer\":[\"ecm\",\"county_bh\"],\"assessment\":\"adult\","
	    "\"age\":21,\"contact_by\":\"2027-02-04\","
	    "\"outreach_by\":\"2027-01-19\",\"assessment_by\":\"2027-03-06\"}",
	    "a 21st birthday passes the age test; then not a dual");
	is_str(evaluate(ccm, cal, "{\"identified_at\":\"2026-05-01\"}"),
	    "error: member.dob: missing", "a missing date of birth");
	is_str(evaluate(ccm, cal, "{\"member\":{\"dob\":\"1959-03-10\"}}"),
	    "error: identified_at: missing", "a missing identified_at");
	is_str(evaluate(ccm, cal, "{\"member\":{\"dob\":\"1959-03-10\"},"
	    "\"identified_at\":\"2026-05-01\",\"pregnant\":\"no\"}"),
	    "error: pregnant: not a boolean", "a flag that is not a boolean");
	calendar_free(cal);
	ccm_free(ccm);
}

int
main(void)
{
	if (timefmt_set_zone("America/Los_Angeles") != 0) {
		fprintf(stderr, "test-ccm: no America/Los_Angeles zone\n");
		return 2;
	}
	test_normalize();
	test_code_list();
	test_malformed();
	test_shipped();
	test_evaluate();
	return done_testing();
}
