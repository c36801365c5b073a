/* ccm -- complex case management eligibility: code lists and CCM-P B, C, G.6 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccm.h"
#include "date.h"
#include "json.h"
#include "record.h"
#include "rules.h"
#include "timefmt.h"

/* One code prefix (lo and hi equal) or a range of prefixes of one length. */
struct code_range {
	char	 lo[CCM_CODE_SIZE], hi[CCM_CODE_SIZE];
	size_t	 len;
};

struct category {
	char	*name, *label;
	struct code_range *ranges;
	int	 nranges;
};

struct ccm_codes {
	struct category *categories;
	int	 ncategories;
};

/* The boolean fields of a member record (SPEC section 3). */
enum flag {
	FLAG_PRIMARY, FLAG_SECONDARY, FLAG_DUAL, FLAG_ECM, FLAG_SPD,
	FLAG_WCM, FLAG_CCS, FLAG_ICP, FLAG_PREGNANT, NFLAGS
};

static const char *const flag_paths[NFLAGS] = {
	"coverage.partnership_primary",
	"coverage.partnership_secondary_responsible",
	"coverage.dual_full_benefit",
	"ecm_enrolled",
	"spd_needs_ccm",
	"wcm_needs_ccm",
	"ccs_eligible",
	"needs_icp",
	"pregnant"
};

/* The criteria of CCM-P B.1 to B.5, in the order SPEC section 6 lists. */
enum criterion {
	CRIT_BARRIERS, CRIT_SPD, CRIT_PEDIATRIC_WCM, CRIT_CCS, CRIT_CHRONIC,
	NCRITERIA
};

static const char *const criterion_names[NCRITERIA] = {
	"barriers", "spd", "pediatric_wcm", "ccs", "chronic_conditions"
};

struct ccm {
	struct ccm_codes *chronic, *county_bh, *pregnancy;
	/* Partnership Advantage covers from this date and this age. */
	date_day	 advantage_start;
	int		 advantage_min_age;
	int		 pediatric_under;	/* younger: pediatric */
	struct rules	*clocks;	/* the ccm rule set */
	char		**fields;	/* top-level keys read */
	struct json_path flags[NFLAGS], line_of_business, coverage, dob,
			 identified_at, diagnoses, barriers;
};

/* Diagnoses a record usually has at most: more are allocated. */
#define MEMBER_FEW_CODES	16

/* One member record, read and checked. */
struct member {
	bool		 flag[NFLAGS];
	bool		 advantage;	/* Partnership Advantage line */
	date_day	 identified;	/* local date of identified_at */
	int		 age;		/* whole years on that date */
	jv		 diagnoses;	/* owned arrays of strings */
	jv		 barriers;
	int		 nbarriers;	/* barriers that are not blank */
	/* The diagnoses normalized once, "" for those matching nothing. */
	int		 ncodes;
	char		(*codes)[CCM_CODE_SIZE];
	char		 few_codes[MEMBER_FEW_CODES][CCM_CODE_SIZE];
};

/* What the rules found for one member. */
struct findings {
	const char	*coverage;	/* its exclusion, or NULL */
	bool		 met[NCRITERIA];
	int		 nchronic;	/* distinct chronic categories */
	bool		 county_bh;
	int		 pregnancy_code;	/* a diagnosis, or -1 */
	const char	*assessment;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

bool
ccm_code_normalize(const char *s, size_t len, char out[CCM_CODE_SIZE])
{
	size_t n = 0;

	out[0] = '\0';
	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.')
			continue;
		if (!is_alnum(c) || n + 1 >= CCM_CODE_SIZE) {
			out[0] = '\0';
			return false;
		}
		out[n++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	out[n] = '\0';
	return n > 0;
}

bool
ccm_codes_match(const struct ccm_codes *c, int cat, const char *code)
{
	const struct category *k = &c->categories[cat];
	size_t len = strlen(code);

	for (int i = 0; i < k->nranges; i++) {
		const struct code_range *r = &k->ranges[i];

		if (len >= r->len && strncmp(code, r->lo, r->len) >= 0 &&
		    strncmp(code, r->hi, r->len) <= 0)
			return true;
	}
	return false;
}

int
ccm_codes_count(const struct ccm_codes *c)
{
	return c->ncategories;
}

const char *
ccm_codes_name(const struct ccm_codes *c, int cat)
{
	return c->categories[cat].name;
}

const char *
ccm_codes_label(const struct ccm_codes *c, int cat)
{
	return c->categories[cat].label;
}

void
ccm_codes_free(struct ccm_codes *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->ncategories; i++) {
		free(c->categories[i].name);
		free(c->categories[i].label);
		free(c->categories[i].ranges);
	}
	free(c->categories);
	free(c);
}

/* The error of a failure that is not at a line of a file. */
static void
fail_file(struct datafile_error *error, const char *file,
    const char *message)
{
	size_t n = strlen(file);

	if (n >= sizeof(error->file))
		n = sizeof(error->file) - 1;
	memcpy(error->file, file, n);
	error->file[n] = '\0';
	error->line = 0;
	snprintf(error->message, sizeof(error->message), "%s", message);
}

/* A code of a code list: a letter first, as every ICD-10-CM code. */
static bool
parse_code(const char *s, size_t len, char out[CCM_CODE_SIZE])
{
	return ccm_code_normalize(s, len, out) && out[0] >= 'A' &&
	    out[0] <= 'Z';
}

/* "E11", "I11.0" or "E78.0-E78.5" into a range; -1 when malformed. */
static int
parse_range(struct datafile *df, const char *word, struct code_range *r)
{
	const char *dash = strchr(word, '-');

	if (dash == NULL) {
		if (!parse_code(word, strlen(word), r->lo))
			return datafile_fail(df, "not an ICD-10-CM code or "
			    "range: '%s'", word);
		memcpy(r->hi, r->lo, sizeof(r->hi));
	} else if (!parse_code(word, (size_t)(dash - word), r->lo) ||
	    !parse_code(dash + 1, strlen(dash + 1), r->hi))
		return datafile_fail(df, "not an ICD-10-CM code or range: "
		    "'%s'", word);
	else if (strlen(r->lo) != strlen(r->hi) || strcmp(r->lo, r->hi) > 0)
		return datafile_fail(df, "a range's codes must have the same "
		    "length, the lower first: '%s'", word);
	r->len = strlen(r->lo);
	return 0;
}

static bool
is_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return false;
	return true;
}

/* The category a NAME names, added when new; NULL on failure. */
static struct category *
find_category(struct ccm_codes *c, struct datafile *df, const char *name,
    const char *label)
{
	struct category *k, *p;

	for (int i = 0; i < c->ncategories; i++) {
		k = &c->categories[i];
		if (strcmp(k->name, name) != 0)
			continue;
		if (strcmp(k->label, label) != 0) {
			datafile_fail(df, "category %s is given again with "
			    "another label", name);
			return NULL;
		}
		return k;
	}
	if (c->ncategories == INT_MAX - 1 || (p = realloc(c->categories,
	    ((size_t)c->ncategories + 1) * sizeof(*p))) == NULL) {
		datafile_fail(df, "out of memory");
		return NULL;
	}
	c->categories = p;
	k = &c->categories[c->ncategories];
	memset(k, 0, sizeof(*k));
	if ((k->name = strdup(name)) == NULL ||
	    (k->label = strdup(label)) == NULL) {
		free(k->name);
		datafile_fail(df, "out of memory");
		return NULL;
	}
	c->ncategories++;
	return k;
}

/* category NAME "LABEL" CODE ...; -1 with the error set. */
static int
parse_category(struct ccm_codes *c, struct datafile *df)
{
	char **tok = df->tokens;
	struct category *k;
	struct code_range *p;
	int n = df->ntokens;

	if (strcmp(tok[0], "category") != 0)
		return datafile_fail(df, "unknown keyword '%s' (a code list "
		    "has only category lines)", tok[0]);
	if (n < 4)
		return datafile_fail(df, "a category needs a NAME, a "
		    "\"LABEL\" and at least one code");
	if (!is_name(tok[1]))
		return datafile_fail(df, "a category NAME is lower-case "
		    "letters, digits and '_', a letter first: '%s'", tok[1]);
	if (tok[2][0] == '\0')
		return datafile_fail(df, "a category's LABEL is empty");
	if ((k = find_category(c, df, tok[1], tok[2])) == NULL)
		return -1;
	if ((p = realloc(k->ranges, ((size_t)k->nranges + (size_t)n - 3) *
	    sizeof(*p))) == NULL)
		return datafile_fail(df, "out of memory");
	k->ranges = p;
	for (int i = 3; i < n; i++)
		if (parse_range(df, tok[i], &k->ranges[k->nranges++]) != 0)
			return -1;
	return 0;
}

struct ccm_codes *
ccm_codes_load(const char *path, struct datafile_error *error)
{
	struct ccm_codes *c = calloc(1, sizeof(*c));
	struct datafile df;
	int n, rc = 0;

	if (c == NULL) {
		fail_file(error, path, "out of memory");
		return NULL;
	}
	if (datafile_open(&df, path, error) != 0) {
		free(c);
		return NULL;
	}
	while ((n = datafile_next(&df)) > 0)
		if (parse_category(c, &df) != 0) {
			rc = -1;
			break;
		}
	if (n < 0)
		rc = -1;
	if (rc == 0 && c->ncategories == 0) {
		df.line = 0;
		rc = datafile_fail(&df, "no category lines");
	}
	datafile_close(&df);
	if (rc != 0) {
		ccm_codes_free(c);
		return NULL;
	}
	return c;
}

/*
 * The eligibility file: "date partnership_advantage_start YYYY-MM-DD",
 * "age partnership_advantage_minimum N", "age pediatric_under N", each
 * once.
 */
static int
load_settings(struct ccm *ccm, const char *path,
    struct datafile_error *error)
{
	struct datafile df;
	bool seen[3] = {false, false, false};
	int n = 0, rc = 0;

	if (datafile_open(&df, path, error) != 0)
		return -1;
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		char **tok = df.tokens;
		long v;
		int which = 0;

		if (n != 3) {
			rc = datafile_fail(&df, "a setting is 'date NAME "
			    "YYYY-MM-DD' or 'age NAME YEARS'");
			break;
		}
		if (strcmp(tok[0], "date") == 0 &&
		    strcmp(tok[1], "partnership_advantage_start") == 0) {
			which = 0;
			if (timefmt_parse_date(tok[2], strlen(tok[2]),
			    &ccm->advantage_start) != TIMEFMT_OK)
				rc = datafile_fail(&df, "not a date "
				    "YYYY-MM-DD: '%s'", tok[2]);
		} else if (strcmp(tok[0], "age") == 0 &&
		    (strcmp(tok[1], "partnership_advantage_minimum") == 0 ||
		    strcmp(tok[1], "pediatric_under") == 0)) {
			which = strcmp(tok[1], "pediatric_under") == 0 ? 2 : 1;
			if (datafile_long(tok[2], 0, 150, &v) != 0)
				rc = datafile_fail(&df, "not an age in years "
				    "from 0 to 150: '%s'", tok[2]);
			else if (which == 1)
				ccm->advantage_min_age = (int)v;
			else
				ccm->pediatric_under = (int)v;
		} else {
			rc = datafile_fail(&df, "unknown setting '%s %s'",
			    tok[0], tok[1]);
			break;
		}
		if (rc == 0 && seen[which])
			rc = datafile_fail(&df, "'%s %s' is given twice",
			    tok[0], tok[1]);
		seen[which] = true;
	}
	if (rc == 0 && n < 0)
		rc = -1;
	if (rc == 0 && !(seen[0] && seen[1] && seen[2])) {
		df.line = 0;
		rc = datafile_fail(&df, "missing '%s'", !seen[0] ?
		    "date partnership_advantage_start" : !seen[1] ?
		    "age partnership_advantage_minimum" :
		    "age pediatric_under");
	}
	datafile_close(&df);
	return rc;
}

static struct ccm_codes *
load_codes(const char *dir, const char *file, struct datafile_error *error)
{
	struct ccm_codes *c;
	char *path;

	if (asprintf(&path, "%s/%s", dir, file) < 0) {
		fail_file(error, file, "out of memory");
		return NULL;
	}
	c = ccm_codes_load(path, error);
	free(path);
	return c;
}

/* The top-level keys of the record fields read. */
static const char *const read_fields[] = {
	"line_of_business", "member.dob", "identified_at", "coverage",
	"ecm_enrolled", "spd_needs_ccm", "wcm_needs_ccm", "ccs_eligible",
	"needs_icp", "pregnant", "diagnoses", "barriers"
};

/* The keys read: the member's fields and those of the clocks. */
static int
make_fields(struct ccm *ccm)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(read_fields) / sizeof(read_fields[0]);
	    i++)
		if (record_fields_add(&ccm->fields, &n, read_fields[i]) != 0)
			return -1;
	if (ccm->clocks->required != NULL &&
	    record_fields_add(&ccm->fields, &n, ccm->clocks->required) != 0)
		return -1;
	for (int i = 0; i < ccm->clocks->nclocks; i++)
		if (ccm->clocks->clocks[i].span.field != NULL &&
		    record_fields_add(&ccm->fields, &n, ccm->clocks->clocks[i].span.field) != 0)
			return -1;
	return 0;
}

struct ccm *
ccm_load(const char *dir, struct datafile_error *error)
{
	struct ccm *ccm = calloc(1, sizeof(*ccm));
	char *share = NULL, *path = NULL;
	int rc;

	if (ccm == NULL) {
		fail_file(error, "ccm", "out of memory");
		return NULL;
	}
	if (dir == NULL) {
		if (asprintf(&share, "%s/ccm", datafile_share_dir()) < 0) {
			share = NULL;
			fail_file(error, "ccm", "out of memory");
			goto fail;
		}
		dir = share;
	}
	if ((ccm->chronic = load_codes(dir, "chronic-conditions.codes",
	    error)) == NULL ||
	    (ccm->county_bh = load_codes(dir, "county-bh.codes", error)) ==
	    NULL ||
	    (ccm->pregnancy = load_codes(dir, "pregnancy.codes", error)) ==
	    NULL)
		goto fail;
	if (asprintf(&path, "%s/eligibility", dir) < 0) {
		path = NULL;
		fail_file(error, "eligibility", "out of memory");
		goto fail;
	}
	rc = load_settings(ccm, path, error);
	free(path);
	path = NULL;
	if (rc != 0)
		goto fail;
	/* The full path, so a file named "ccm" here is never taken. */
	if (asprintf(&path, "%s/rules/ccm.rules", datafile_share_dir()) < 0) {
		path = NULL;
		fail_file(error, "ccm.rules", "out of memory");
		goto fail;
	}
	if ((ccm->clocks = rules_load(path, error)) == NULL)
		goto fail;
	if (!ccm->clocks->is_clock_set) {
		fail_file(error, path, "not a clock set ('deadline' lines)");
		goto fail;
	}
	if (make_fields(ccm) != 0) {
		fail_file(error, path, "out of memory");
		goto fail;
	}
	for (int i = 0; i < NFLAGS; i++)
		json_path_init(&ccm->flags[i], flag_paths[i]);
	json_path_init(&ccm->line_of_business, "line_of_business");
	json_path_init(&ccm->coverage, "coverage");
	json_path_init(&ccm->dob, "member.dob");
	json_path_init(&ccm->identified_at, "identified_at");
	json_path_init(&ccm->diagnoses, "diagnoses");
	json_path_init(&ccm->barriers, "barriers");
	free(path);
	free(share);
	return ccm;
fail:
	free(path);
	free(share);
	ccm_free(ccm);
	return NULL;
}

void
ccm_free(struct ccm *ccm)
{
	if (ccm == NULL)
		return;
	ccm_codes_free(ccm->chronic);
	ccm_codes_free(ccm->county_bh);
	ccm_codes_free(ccm->pregnancy);
	rules_free(ccm->clocks);
	record_fields_free(ccm->fields);
	if (ccm->line_of_business.depth > 0) {
		for (int i = 0; i < NFLAGS; i++)
			json_path_free(&ccm->flags[i]);
		json_path_free(&ccm->line_of_business);
		json_path_free(&ccm->coverage);
		json_path_free(&ccm->dob);
		json_path_free(&ccm->identified_at);
		json_path_free(&ccm->diagnoses);
		json_path_free(&ccm->barriers);
	}
	free(ccm);
}

const struct ccm_codes *
ccm_chronic_conditions(const struct ccm *ccm)
{
	return ccm->chronic;
}

const char *const *
ccm_fields(const struct ccm *ccm)
{
	return (const char *const *)ccm->fields;
}

/* A string, trimmed of spaces, onto a jv string. */
static jv
append_trimmed(jv s, const char *text)
{
	size_t len;

	while (is_space(*text))
		text++;
	len = strlen(text);
	while (len > 0 && is_space(text[len - 1]))
		len--;
	return jv_string_append_buf(s, text, (int)len);
}

static bool
is_blank(const char *s)
{
	while (is_space(*s))
		s++;
	return *s == '\0';
}

/*
 * An optional array of strings: an empty array when missing, else an
 * owned copy; a message when it is something else.
 */
static const char *
read_strings(jv record, const struct json_path *path, jv *out)
{
	jv v = json_get(record, path);
	int n;

	*out = jv_array();
	if (!json_is_present(v))
		return NULL;
	if (jv_get_kind(v) != JV_KIND_ARRAY)
		return "not an array of strings";
	n = jv_array_length(jv_copy(v));
	for (int i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(v), i);
		jv_kind k = jv_get_kind(e);

		jv_free(e);
		if (k != JV_KIND_STRING)
			return "not an array of strings";
	}
	jv_free(*out);
	*out = jv_copy(v);
	return NULL;
}

/* A date or datetime string field that must be present. */
static const char *
read_required_string(jv record, const struct json_path *path, jv *v,
    const char *what)
{
	*v = json_get(record, path);
	if (!json_is_present(*v))
		return "missing";
	if (jv_get_kind(*v) != JV_KIND_STRING)
		return what;
	return NULL;
}

/* Reads and checks a member record; a message with *field on error. */
static const char *
read_member(const struct ccm *ccm, jv record, struct member *m,
    const char **field)
{
	enum timefmt_status st;
	timefmt_instant at;
	date_day dob;
	const char *error;
	jv v;

	memset(m, 0, sizeof(*m));
	m->codes = m->few_codes;
	m->diagnoses = jv_invalid();
	m->barriers = jv_invalid();

	*field = ccm->line_of_business.text;
	v = json_get(record, &ccm->line_of_business);
	if (json_is_present(v)) {
		if (jv_get_kind(v) == JV_KIND_STRING &&
		    strcmp(jv_string_value(v), "partnership-advantage") == 0)
			m->advantage = true;
		else if (jv_get_kind(v) != JV_KIND_STRING ||
		    strcmp(jv_string_value(v), "medi-cal") != 0)
			return "not medi-cal or partnership-advantage";
	}

	*field = ccm->dob.text;
	if ((error = read_required_string(record, &ccm->dob, &v,
	    "not a date string")) != NULL)
		return error;
	st = timefmt_parse_date(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), &dob);
	if (st != TIMEFMT_OK)
		return timefmt_status_message(st);

	*field = ccm->identified_at.text;
	if ((error = read_required_string(record, &ccm->identified_at, &v,
	    "not a datetime string")) != NULL)
		return error;
	st = timefmt_parse(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), &at);
	if (st != TIMEFMT_OK)
		return timefmt_status_message(st);
	m->identified = timefmt_local_date(at);
	if (dob > m->identified) {
		*field = ccm->dob.text;
		return "later than identified_at";
	}
	m->age = date_age(dob, m->identified);

	*field = ccm->coverage.text;
	v = json_get(record, &ccm->coverage);
	if (json_is_present(v) && jv_get_kind(v) != JV_KIND_OBJECT)
		return "not an object";
	for (int i = 0; i < NFLAGS; i++) {
		*field = ccm->flags[i].text;
		v = json_get(record, &ccm->flags[i]);
		if (!json_is_present(v))
			continue;
		if (jv_get_kind(v) == JV_KIND_TRUE)
			m->flag[i] = true;
		else if (jv_get_kind(v) != JV_KIND_FALSE)
			return "not a boolean";
	}

	*field = ccm->diagnoses.text;
	if ((error = read_strings(record, &ccm->diagnoses, &m->diagnoses)) !=
	    NULL)
		return error;
	m->ncodes = jv_array_length(jv_copy(m->diagnoses));
	m->codes = m->few_codes;
	if (m->ncodes > MEMBER_FEW_CODES &&
	    (m->codes = calloc((size_t)m->ncodes, sizeof(*m->codes))) ==
	    NULL) {
		m->codes = m->few_codes;
		m->ncodes = 0;
		return "out of memory";
	}
	for (int i = 0; i < m->ncodes; i++) {
		jv d = jv_array_get(jv_copy(m->diagnoses), i);

		ccm_code_normalize(jv_string_value(d),
		    (size_t)jv_string_length_bytes(jv_copy(d)), m->codes[i]);
		jv_free(d);
	}
	*field = ccm->barriers.text;
	if ((error = read_strings(record, &ccm->barriers, &m->barriers)) !=
	    NULL)
		return error;
	for (int i = 0, n = jv_array_length(jv_copy(m->barriers)); i < n;
	    i++) {
		jv e = jv_array_get(jv_copy(m->barriers), i);

		if (!is_blank(jv_string_value(e)))
			m->nbarriers++;
		jv_free(e);
	}
	*field = NULL;
	return NULL;
}

static void
member_free(struct member *m)
{
	jv_free(m->diagnoses);
	jv_free(m->barriers);
	if (m->codes != m->few_codes)
		free(m->codes);
}

/* The index of the first diagnosis from `from` on in a category, or -1. */
static int
find_diagnosis(const struct ccm_codes *c, int cat, const struct member *m,
    int from)
{
	for (int i = from; i < m->ncodes; i++)
		if (m->codes[i][0] != '\0' && ccm_codes_match(c, cat,
		    m->codes[i]))
			return i;
	return -1;
}

/* The index of the first diagnosis in any category of a list, or -1. */
static int
find_any(const struct ccm_codes *c, const struct member *m)
{
	int first = -1;

	for (int k = 0; k < c->ncategories; k++) {
		int i = find_diagnosis(c, k, m, 0);

		if (i >= 0 && (first < 0 || i < first))
			first = i;
	}
	return first;
}

/* CCM-P B, C.3 and G.6 as SPEC section 6 states them. */
static void
decide(const struct ccm *ccm, const struct member *m, struct findings *f)
{
	bool pediatric = m->age < ccm->pediatric_under;

	memset(f, 0, sizeof(*f));
	/* Coverage: for Partnership Advantage the first failing test. */
	if (m->advantage) {
		if (m->identified < ccm->advantage_start)
			f->coverage = "partnership_advantage_not_effective";
		else if (m->age < ccm->advantage_min_age)
			f->coverage = "partnership_advantage_age";
		else if (!m->flag[FLAG_DUAL])
			f->coverage = "not_covered";
	} else if (!m->flag[FLAG_PRIMARY] && !m->flag[FLAG_SECONDARY])
		f->coverage = "not_covered";

	for (int k = 0; k < ccm->chronic->ncategories; k++)
		if (find_diagnosis(ccm->chronic, k, m, 0) >= 0)
			f->nchronic++;
	f->met[CRIT_BARRIERS] = m->nbarriers > 0;
	f->met[CRIT_SPD] = m->flag[FLAG_SPD];
	f->met[CRIT_PEDIATRIC_WCM] = m->flag[FLAG_WCM] && pediatric;
	f->met[CRIT_CCS] = m->flag[FLAG_CCS] && m->flag[FLAG_ICP];
	f->met[CRIT_CHRONIC] = f->nchronic >= 2 && m->flag[FLAG_ICP];

	f->county_bh = find_any(ccm->county_bh, m) >= 0;
	f->pregnancy_code = find_any(ccm->pregnancy, m);
	if (m->flag[FLAG_PREGNANT] || f->pregnancy_code >= 0)
		f->assessment = "perinatal";
	else
		f->assessment = pediatric ? "pediatric" : "adult";
}

static bool
any_met(const struct findings *f)
{
	for (int i = 0; i < NCRITERIA; i++)
		if (f->met[i])
			return true;
	return false;
}

static const char *
count_word(int n)
{
	static const char *const words[] = {"no", "one", "two", "three",
		"four", "five", "six", "seven", "eight", "nine", "ten"};

	return n >= 0 && n <= 10 ? words[n] : NULL;
}

/* "A", "A and B", "A, B and C" from an array of strings (consumed). */
static jv
join(jv parts)
{
	int n = jv_array_length(jv_copy(parts));
	jv s = jv_string("");

	for (int i = 0; i < n; i++) {
		jv p = jv_array_get(jv_copy(parts), i);

		if (i > 0)
			s = jv_string_append_str(s, i == n - 1 ? " and " :
			    ", ");
		s = jv_string_concat(s, p);
	}
	jv_free(parts);
	return s;
}

/* "diabetes (E11.9, E11.65)": a category's label and its diagnoses. */
static jv
describe_category(const struct ccm_codes *c, int cat,
    const struct member *m)
{
	jv s = jv_string_fmt("%s (", c->categories[cat].label);
	int n = 0;

	for (int i = find_diagnosis(c, cat, m, 0); i >= 0;
	    i = find_diagnosis(c, cat, m, i + 1)) {
		jv d = jv_array_get(jv_copy(m->diagnoses), i);

		if (n++ > 0)
			s = jv_string_append_str(s, ", ");
		s = append_trimmed(s, jv_string_value(d));
		jv_free(d);
	}
	return jv_string_append_str(s, ")");
}

/* Every category of a list the diagnoses fall in, described and joined. */
static jv
describe_found(const struct ccm_codes *c, const struct member *m)
{
	jv parts = jv_array();

	for (int k = 0; k < c->ncategories; k++)
		if (find_diagnosis(c, k, m, 0) >= 0)
			parts = jv_array_append(parts,
			    describe_category(c, k, m));
	return join(parts);
}

static jv
chronic_sentence(const struct ccm *ccm, const struct member *m,
    const struct findings *f)
{
	const char *word = count_word(f->nchronic);
	jv s;

	if (word != NULL)
		s = jv_string_fmt("%s chronic condition%s: ", word,
		    f->nchronic == 1 ? "" : "s");
	else
		s = jv_string_fmt("%d chronic conditions: ", f->nchronic);
	s = jv_string_concat(s, describe_found(ccm->chronic, m));
	if (f->nchronic < 2)
		return jv_string_append_str(s, "; two or more are needed");
	if (m->flag[FLAG_ICP])
		return jv_string_append_str(s, ", and the member needs an "
		    "individualized care plan");
	return jv_string_append_str(s, ", but the member is not marked as "
	    "needing an individualized care plan, so they do not count");
}

/* Why the member is not covered, in a sentence. */
static jv
coverage_sentence(const struct ccm *ccm, const struct member *m,
    const struct findings *f)
{
	char date[TIMEFMT_DATE_SIZE], start[TIMEFMT_DATE_SIZE];

	if (strcmp(f->coverage, "partnership_advantage_not_effective") == 0) {
		timefmt_format_date(m->identified, date);
		timefmt_format_date(ccm->advantage_start, start);
		return jv_string_fmt("not covered: Partnership Advantage "
		    "takes effect on %s, and the member was identified on %s",
		    start, date);
	}
	if (strcmp(f->coverage, "partnership_advantage_age") == 0)
		return jv_string_fmt("not covered: Partnership Advantage "
		    "serves members %d or over, and the member was %d when "
		    "identified", ccm->advantage_min_age, m->age);
	if (m->advantage)
		return jv_string("not covered: Partnership Advantage serves "
		    "full-benefit dual-eligible members, and the member is "
		    "not marked as one");
	return jv_string("not covered: Partnership Medi-Cal is not the "
	    "member's primary plan, and Partnership is not marked as "
	    "responsible as the secondary plan");
}

/* One plain sentence per criterion (met or nearly met), then the rest. */
static jv
explain(const struct ccm *ccm, const struct member *m,
    const struct findings *f)
{
	jv out = jv_array(), s;

	if (f->met[CRIT_BARRIERS]) {
		jv parts = jv_array();
		int n = jv_array_length(jv_copy(m->barriers));

		for (int i = 0; i < n; i++) {
			jv b = jv_array_get(jv_copy(m->barriers), i);

			if (!is_blank(jv_string_value(b)))
				parts = jv_array_append(parts,
				    append_trimmed(jv_string(""),
				    jv_string_value(b)));
			jv_free(b);
		}
		out = jv_array_append(out, jv_string_concat(jv_string(
		    "barriers to managing care without CCM: "), join(parts)));
	}
	if (f->met[CRIT_SPD])
		out = jv_array_append(out, jv_string("a senior or person with "
		    "disabilities identified as needing CCM by the risk "
		    "parameters of policy MCCP2019"));
	if (f->met[CRIT_PEDIATRIC_WCM])
		out = jv_array_append(out, jv_string_fmt("a pediatric member "
		    "(age %d, under %d) identified as needing CCM by the Whole "
		    "Child Model risk factors of policy MCCP2024", m->age,
		    ccm->pediatric_under));
	else if (m->flag[FLAG_WCM])
		out = jv_array_append(out, jv_string_fmt("Whole Child Model "
		    "risk factors are marked, but the member is %d, not under "
		    "%d, so they do not count", m->age, ccm->pediatric_under));
	if (f->met[CRIT_CCS])
		out = jv_array_append(out, jv_string("a CCS-eligible "
		    "condition, and the member needs an individualized care "
		    "plan"));
	else if (m->flag[FLAG_CCS])
		out = jv_array_append(out, jv_string("a CCS-eligible "
		    "condition, but the member is not marked as needing an "
		    "individualized care plan, so it does not count"));
	if (f->nchronic > 0)
		out = jv_array_append(out, chronic_sentence(ccm, m, f));
	if (!any_met(f))
		out = jv_array_append(out, jv_string("no criterion is met: "
		    "CCM needs barriers to care, an SPD or Whole Child Model "
		    "risk, a CCS-eligible condition, or two chronic "
		    "conditions, the last two with the need of an "
		    "individualized care plan"));

	if (f->coverage != NULL)
		out = jv_array_append(out, coverage_sentence(ccm, m, f));
	if (m->flag[FLAG_ECM])
		out = jv_array_append(out, jv_string("enrolled in Enhanced "
		    "Care Management, which a member cannot have at the same "
		    "time as CCM: refer to ECM"));
	if (f->county_bh) {
		s = describe_found(ccm->county_bh, m);
		out = jv_array_append(out, jv_string_concat(s, jv_string(
		    ": still a CCM candidate, and referred to county "
		    "behavioral health")));
	}

	if (strcmp(f->assessment, "perinatal") != 0)
		out = jv_array_append(out, jv_string_fmt("%s assessment: the "
		    "member is %d on the identification date, %s %d",
		    f->assessment, m->age, m->age < ccm->pediatric_under ?
		    "under" : "so not under", ccm->pediatric_under));
	else if (m->flag[FLAG_PREGNANT])
		out = jv_array_append(out, jv_string("perinatal assessment: "
		    "the member is marked as pregnant"));
	else
		out = jv_array_append(out, jv_string_concat(jv_string(
		    "perinatal assessment: "), describe_found(ccm->pregnancy,
		    m)));
	return out;
}

/* The "ccm" object in SPEC section 6's key order, before the clocks. */
static jv
result(const struct ccm *ccm, const struct member *m,
    const struct findings *f)
{
	jv criteria = jv_array(), chronic = jv_array(),
	   exclusions = jv_array(), refer = jv_array();

	for (int i = 0; i < NCRITERIA; i++)
		if (f->met[i])
			criteria = jv_array_append(criteria,
			    jv_string(criterion_names[i]));
	for (int k = 0; k < ccm->chronic->ncategories; k++)
		if (find_diagnosis(ccm->chronic, k, m, 0) >= 0)
			chronic = jv_array_append(chronic,
			    jv_string(ccm->chronic->categories[k].name));
	if (f->coverage != NULL)
		exclusions = jv_array_append(exclusions,
		    jv_string(f->coverage));
	if (m->flag[FLAG_ECM]) {
		exclusions = jv_array_append(exclusions,
		    jv_string("ecm_enrolled"));
		refer = jv_array_append(refer, jv_string("ecm"));
	}
	if (f->county_bh)
		refer = jv_array_append(refer, jv_string("county_bh"));
	return JV_OBJECT(
	    jv_string("eligible"), jv_bool(f->coverage == NULL &&
	    !m->flag[FLAG_ECM] && any_met(f)),
	    jv_string("criteria"), criteria,
	    jv_string("chronic_conditions"), chronic,
	    jv_string("exclusions"), exclusions,
	    jv_string("refer"), refer,
	    jv_string("assessment"), jv_string(f->assessment),
	    jv_string("age"), jv_number(m->age));
}

const char *
ccm_evaluate(const struct ccm *ccm, const struct calendar *cal, jv record,
    bool want_explain, jv *out, const char **field)
{
	struct member m;
	struct findings f;
	const char *error;
	jv ccm_result;

	if ((error = read_member(ccm, record, &m, field)) != NULL) {
		member_free(&m);
		return error;
	}
	decide(ccm, &m, &f);
	ccm_result = result(ccm, &m, &f);
	/* The clocks of the ccm rule set, as dates (SPEC section 6). */
	if ((error = rules_clocks(ccm->clocks, cal, record, true, &ccm_result,
	    field)) != NULL) {
		jv_free(ccm_result);
		member_free(&m);
		return error;
	}
	if (want_explain)
		ccm_result = jv_object_set(ccm_result, jv_string("explain"),
		    explain(ccm, &m, &f));
	member_free(&m);
	*out = ccm_result;
	*field = NULL;
	return NULL;
}
