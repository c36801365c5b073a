/* tar -- validating a treatment authorization request against the rule book */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "json.h"
#include "tar.h"
#include "timefmt.h"

/* Every check tar-validate makes; the rule book gives each its words. */
#define CHECKS(X) \
	X(REQUEST_TYPE_MISSING, "request_type.missing") \
	X(REQUEST_TYPE_INVALID, "request_type.invalid") \
	X(LINE_OF_BUSINESS_INVALID, "line_of_business.invalid") \
	X(RECEIVED_AT_MISSING, "received_at.missing") \
	X(RECEIVED_AT_INVALID, "received_at.invalid") \
	X(MEMBER_ID_MISSING, "member.id.missing") \
	X(MEMBER_ID_INVALID, "member.id.invalid") \
	X(MEMBER_FIRST_NAME_MISSING, "member.first_name.missing") \
	X(MEMBER_LAST_NAME_MISSING, "member.last_name.missing") \
	X(MEMBER_DOB_MISSING, "member.dob.missing") \
	X(MEMBER_DOB_INVALID, "member.dob.invalid") \
	X(MEMBER_DOB_ORDER, "member.dob.order") \
	X(PROVIDER_NPI_MISSING, "provider.npi.missing") \
	X(PROVIDER_NPI_INVALID, "provider.npi.invalid") \
	X(PROVIDER_NAME_MISSING, "provider.name.missing") \
	X(SERVICES_MISSING, "services.missing") \
	X(SERVICES_CODE_MISSING, "services.code.missing") \
	X(SERVICES_CODE_INVALID, "services.code.invalid") \
	X(DIAGNOSES_MISSING, "diagnoses.missing") \
	X(DIAGNOSES_INVALID, "diagnoses.invalid") \
	X(CLINICAL_INDICATIONS_MISSING, "clinical_indications.missing") \
	X(HISTORY_MISSING, "history.missing") \
	X(LOCATION_MISSING, "location.missing") \
	X(PLACE_OF_SERVICE_INVALID, "place_of_service.invalid") \
	X(REQUESTED_LOS_MISSING, "requested_los.missing") \
	X(REQUESTED_LOS_INVALID, "requested_los.invalid") \
	X(PROCEDURE_DATE_MISSING, "procedure_date.missing") \
	X(PROCEDURE_DATE_INVALID, "procedure_date.invalid") \
	X(SERVICE_DATE_MISSING, "service_date.missing") \
	X(SERVICE_DATE_INVALID, "service_date.invalid") \
	X(SERVICE_DATE_ORDER, "service_date.order") \
	X(PRIMARY_DENIAL_DATE_INVALID, "primary_denial_date.invalid") \
	X(RETRO_ELIGIBILITY_DATE_INVALID, "retro_eligibility_date.invalid") \
	X(ADMITTED_AT_INVALID, "admitted_at.invalid") \
	X(ADMISSION_NOTIFIED_AT_INVALID, "admission_notified_at.invalid") \
	X(ADMISSION_NOTIFIED_AT_ORDER, "admission_notified_at.order") \
	X(DECISION_AT_INVALID, "decision.at.invalid") \
	X(DECISION_AT_ORDER, "decision.at.order") \
	X(PRACTITIONER_AT_INVALID, "notified.practitioner_at.invalid") \
	X(MEMBER_MAILED_AT_INVALID, "notified.member_mailed_at.invalid") \
	X(AUTH_NOT_REQUIRED, "auth.not_required") \
	X(SUBMISSION_LATE, "submission.late") \
	X(RETRO_WINDOW, "retro.window") \
	X(ADMISSION_NOTICE_LATE, "admission.notice_late") \
	X(PHARMACY_MEDI_CAL_RX, "pharmacy.medi_cal_rx") \
	X(PHARMACY_CARVED_OUT, "pharmacy.carved_out") \
	X(DECISION_AUTHORITY, "decision.authority") \
	X(DECISION_REASON_MISSING, "decision.reason.missing") \
	X(DECISION_CRITERIA_MISSING, "decision.criteria.missing")

#define AS_ENUM(name, code) CHECK_##name,
#define AS_CODE(name, code) code,
enum check { CHECKS(AS_ENUM) NCHECKS };
static const char *const check_codes[NCHECKS] = { CHECKS(AS_CODE) };

enum severity { SEVERITY_OFF, SEVERITY_WARNING, SEVERITY_ERROR };

struct rule {
	enum severity	 severity;
	int		 order;		/* line in the rule book */
	jv		 code, message;
};

/* A list of words from a data file line. */
struct words {
	int		 n;
	char		**w;
};

struct grant {
	char		*role;
	bool		 never;
	bool		 deny, modify;
	struct words	 categories;	/* empty: every category */
};

enum fields {
	F_REQUEST_TYPE, F_LINE_OF_BUSINESS, F_RECEIVED_AT, F_MEMBER_ID,
	F_FIRST_NAME, F_LAST_NAME, F_DOB, F_NPI, F_PROVIDER_NAME, F_SERVICES,
	F_DIAGNOSES, F_CLINICAL_INDICATIONS, F_HISTORY, F_PLACE_OF_SERVICE,
	F_FACILITY_NAME, F_SETTING, F_CATEGORY, F_REQUESTED_LOS,
	F_PROCEDURE_DATE, F_SERVICE_DATE, F_PRIMARY_DENIAL_DATE,
	F_RETRO_ELIGIBILITY_DATE, F_ADMITTED_AT, F_ADMISSION_NOTIFIED_AT,
	F_DECISION, F_DECISION_AT, F_PRACTITIONER_AT, F_MEMBER_MAILED_AT,
	F_DRUG_ADMINISTERED_BY, F_DRUG_CLASS, F_OUTCOME, F_BASIS, F_REASON,
	F_CRITERIA, F_ROLE, NFIELDS
};

static const char *const field_names[NFIELDS] = {
	"request_type", "line_of_business", "received_at", "member.id",
	"member.first_name", "member.last_name", "member.dob", "provider.npi",
	"provider.name", "services", "diagnoses", "clinical_indications",
	"history", "place_of_service", "facility.name", "setting",
	"category", "requested_los", "procedure_date", "service_date",
	"primary_denial_date", "retro_eligibility_date", "admitted_at",
	"admission_notified_at", "decision", "decision.at",
	"notified.practitioner_at", "notified.member_mailed_at",
	"drug.administered_by", "drug.class", "decision.outcome",
	"decision.basis", "decision.reason", "decision.criteria",
	"decision.by.role"
};

static const char *const top_level_fields[] = {
	"request_type", "line_of_business", "received_at", "member",
	"provider", "services", "diagnoses", "clinical_indications",
	"history", "place_of_service", "facility", "setting", "category",
	"requested_los", "procedure_date", "service_date",
	"primary_denial_date", "retro_eligibility_date", "admitted_at",
	"admission_notified_at", "decision", "notified", "drug", NULL
};

const char *const *
tar_fields(void)
{
	return top_level_fields;
}

struct tar_policy {
	struct rule	 rules[NCHECKS];
	struct codes	*codes;
	struct words	 no_auth_category, no_auth_place, medical_setting,
			 medi_cal_rx, carved_out, request_types,
			 lines_of_business;
	int		 late_business_days, exemption_days, retro_years,
			 admission_business_days;
	struct grant	*grants;
	int		 ngrants;
	struct json_path fields[NFIELDS];
	jv		 route_names[8];
};

enum route { ROUTE_NONE, ROUTE_MEDI_CAL_RX, ROUTE_CARVED_OUT,
	ROUTE_PHARMACY, ROUTE_SUD_RESIDENTIAL, ROUTE_INPATIENT, ROUTE_LTC,
	ROUTE_OUTPATIENT };

static const char *const route_texts[] = {"none", "medi-cal-rx",
	"carved-out", "pharmacy", "sud_residential", "inpatient", "ltc",
	"outpatient"};

/* Loading ---------------------------------------------------------------- */

static void
words_free(struct words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
	w->n = 0;
	w->w = NULL;
}

static void
words_add(struct words *w, const char *s)
{
	char **p = realloc(w->w, (size_t)(w->n + 1) * sizeof(*w->w));

	if (p == NULL || (p[w->n] = strdup(s)) == NULL)
		abort();
	w->w = p;
	w->n++;
}

static bool
words_has(const struct words *w, const char *s)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->w[i], s) == 0)
			return true;
	return false;
}

static int
open_in(struct datafile *df, const char *dir, const char *name,
    struct datafile_error *error)
{
	char path[2048];

	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s/tar/%s", datafile_share_dir(),
		    name);
	return datafile_open(df, path, error);
}

static int
load_rulebook(struct tar_policy *p, const char *dir,
    struct datafile_error *error)
{
	struct datafile df;
	int n, rc = 0, order = 0;

	if (open_in(&df, dir, "rulebook", error) != 0)
		return -1;
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		int c;

		for (c = 0; c < NCHECKS; c++)
			if (strcmp(df.tokens[0], check_codes[c]) == 0)
				break;
		if (n != 3) {
			rc = datafile_fail(&df, "expected 'CODE SEVERITY "
			    "\"MESSAGE\"'");
			break;
		}
		if (c == NCHECKS) {
			rc = datafile_fail(&df, "unknown check '%s'",
			    df.tokens[0]);
			break;
		}
		if (p->rules[c].order != 0) {
			rc = datafile_fail(&df, "check '%s' is listed twice",
			    df.tokens[0]);
			break;
		}
		if (strcmp(df.tokens[1], "error") == 0)
			p->rules[c].severity = SEVERITY_ERROR;
		else if (strcmp(df.tokens[1], "warning") == 0)
			p->rules[c].severity = SEVERITY_WARNING;
		else if (strcmp(df.tokens[1], "off") == 0)
			p->rules[c].severity = SEVERITY_OFF;
		else {
			rc = datafile_fail(&df, "severity is error, warning "
			    "or off");
			break;
		}
		p->rules[c].order = ++order;
		p->rules[c].message = jv_string(df.tokens[2]);
	}
	if (rc == 0 && n == 0)
		for (int c = 0; c < NCHECKS; c++)
			if (p->rules[c].order == 0) {
				rc = datafile_fail(&df, "check '%s' is not "
				    "listed", check_codes[c]);
				break;
			}
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	return rc;
}

static int
load_scope(struct tar_policy *p, const char *dir,
    struct datafile_error *error)
{
	struct datafile df;
	int n, rc = 0;
	struct { const char *key; int *value; } numbers[] = {
		{"late_submission_business_days", &p->late_business_days},
		{"late_exemption_calendar_days", &p->exemption_days},
		{"retro_window_years", &p->retro_years},
		{"admission_notice_business_days", &p->admission_business_days},
	};
	bool seen[4] = {false, false, false, false};

	if (open_in(&df, dir, "scope", error) != 0)
		return -1;
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		const char *key = df.tokens[0];
		bool done = false;

		for (int i = 0; i < 4; i++)
			if (strcmp(key, numbers[i].key) == 0) {
				long v = 0;

				if (n != 2 || datafile_long(df.tokens[1], 0,
				    3650, &v) != 0)
					rc = datafile_fail(&df, "%s takes a "
					    "whole number", key);
				*numbers[i].value = (int)v;
				seen[i] = done = true;
			}
		if (done)
			continue;
		if (strcmp(key, "no_authorization") == 0 && n == 3 &&
		    strcmp(df.tokens[1], "category") == 0)
			words_add(&p->no_auth_category, df.tokens[2]);
		else if (strcmp(key, "no_authorization") == 0 && n == 3 &&
		    strcmp(df.tokens[1], "place_of_service") == 0)
			words_add(&p->no_auth_place, df.tokens[2]);
		else if (strcmp(key, "medical_setting") == 0 && n > 1)
			for (int i = 1; i < n; i++)
				words_add(&p->medical_setting, df.tokens[i]);
		else if (strcmp(key, "medi_cal_rx") == 0 && n > 1)
			for (int i = 1; i < n; i++)
				words_add(&p->medi_cal_rx, df.tokens[i]);
		else
			rc = datafile_fail(&df, "unknown or malformed line "
			    "'%s'", key);
	}
	for (int i = 0; rc == 0 && n == 0 && i < 4; i++)
		if (!seen[i])
			rc = datafile_fail(&df, "no %s line", numbers[i].key);
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	return rc;
}

static int
load_list(struct words *w, const char *dir, const char *name,
    struct datafile_error *error)
{
	struct datafile df;
	int n, rc = 0;

	if (open_in(&df, dir, name, error) != 0)
		return -1;
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		if (n != 1)
			rc = datafile_fail(&df, "one value a line");
		else
			words_add(w, df.tokens[0]);
	}
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	return rc;
}

static int
load_authority(struct tar_policy *p, const char *dir,
    struct datafile_error *error)
{
	struct datafile df;
	int n, rc = 0;

	if (open_in(&df, dir, "authority", error) != 0)
		return -1;
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		struct grant g = {0};
		int i = 2;

		if (n < 3 || (strcmp(df.tokens[0], "may") != 0 &&
		    strcmp(df.tokens[0], "never") != 0)) {
			rc = datafile_fail(&df, "expected 'may ROLE OUTCOME..."
			    " [for CATEGORY...]' or 'never ROLE OUTCOME...'");
			break;
		}
		g.never = df.tokens[0][0] == 'n';
		for (; i < n && strcmp(df.tokens[i], "for") != 0; i++) {
			if (strcmp(df.tokens[i], "deny") == 0)
				g.deny = true;
			else if (strcmp(df.tokens[i], "modify") == 0)
				g.modify = true;
			else {
				rc = datafile_fail(&df, "the outcomes checked "
				    "are deny and modify");
				break;
			}
		}
		if (rc == 0 && i < n) {
			if (g.never || i + 1 == n) {
				rc = datafile_fail(&df, "'for' takes "
				    "categories, and only after 'may'");
				break;
			}
			for (i++; i < n; i++)
				words_add(&g.categories, df.tokens[i]);
		}
		if (rc != 0) {
			words_free(&g.categories);
			break;
		}
		g.role = strdup(df.tokens[1]);
		p->grants = realloc(p->grants, (size_t)(p->ngrants + 1) *
		    sizeof(*p->grants));
		if (p->grants == NULL || g.role == NULL)
			abort();
		p->grants[p->ngrants++] = g;
	}
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	return rc;
}

struct tar_policy *
tar_policy_load(const char *dir, struct datafile_error *error)
{
	struct tar_policy *p = calloc(1, sizeof(*p));
	char path[2048];
	static const char *const types[] = {"urgent_concurrent",
	    "urgent_preservice", "nonurgent_preservice", "postservice"};

	if (p == NULL)
		abort();
	for (int c = 0; c < NCHECKS; c++) {
		p->rules[c].code = jv_string(check_codes[c]);
		p->rules[c].message = jv_null();
	}
	for (int f = 0; f < NFIELDS; f++)
		json_path_init(&p->fields[f], field_names[f]);
	for (int r = 0; r < 8; r++)
		p->route_names[r] = jv_string(route_texts[r]);
	/* The schema's enumerations (SPEC section 3), not policy. */
	for (int i = 0; i < 4; i++)
		words_add(&p->request_types, types[i]);
	words_add(&p->lines_of_business, "medi-cal");
	words_add(&p->lines_of_business, "partnership-advantage");
	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/patterns", dir);
	else
		snprintf(path, sizeof(path), "%s/tar/patterns",
		    datafile_share_dir());
	if (load_rulebook(p, dir, error) != 0 ||
	    (p->codes = codes_load(path, error)) == NULL ||
	    load_scope(p, dir, error) != 0 ||
	    load_list(&p->carved_out, dir, "carved-out-drugs", error) != 0 ||
	    load_authority(p, dir, error) != 0) {
		tar_policy_free(p);
		return NULL;
	}
	return p;
}

void
tar_policy_free(struct tar_policy *p)
{
	if (p == NULL)
		return;
	for (int c = 0; c < NCHECKS; c++) {
		jv_free(p->rules[c].code);
		jv_free(p->rules[c].message);
	}
	for (int f = 0; f < NFIELDS; f++)
		json_path_free(&p->fields[f]);
	for (int r = 0; r < 8; r++)
		jv_free(p->route_names[r]);
	for (int i = 0; i < p->ngrants; i++) {
		free(p->grants[i].role);
		words_free(&p->grants[i].categories);
	}
	free(p->grants);
	codes_free(p->codes);
	words_free(&p->no_auth_category);
	words_free(&p->no_auth_place);
	words_free(&p->medical_setting);
	words_free(&p->medi_cal_rx);
	words_free(&p->carved_out);
	words_free(&p->request_types);
	words_free(&p->lines_of_business);
	free(p);
}

/* Validation -------------------------------------------------------------- */

/* Findings kept on the stack; a record with more grows onto the heap. */
#define MAX_FINDINGS	64

struct finding {
	enum check	 check;
	int		 index;		/* array index, or -1 */
};

struct validation {
	const struct tar_policy *policy;
	const struct calendar *calendar;
	jv		 record;
	struct finding	 inline_findings[MAX_FINDINGS];
	struct finding	*findings;	/* inline_findings or the heap */
	int		 nfindings, maxfindings;
	/* Each field looked up once (borrowed from the record). */
	bool		 looked_up[NFIELDS];
	jv		 values[NFIELDS];
};

static void
find(struct validation *v, enum check c, int index)
{
	if (v->policy->rules[c].severity == SEVERITY_OFF)
		return;
	/* Every finding is listed (SPEC section 5), however many. */
	if (v->nfindings == v->maxfindings) {
		size_t n = (size_t)v->maxfindings * 2;
		struct finding *f = v->findings == v->inline_findings ?
		    malloc(n * sizeof(*f)) :
		    realloc(v->findings, n * sizeof(*f));

		if (f == NULL)
			abort();
		if (v->findings == v->inline_findings)
			memcpy(f, v->inline_findings,
			    sizeof(v->inline_findings));
		v->findings = f;
		v->maxfindings = (int)n;
	}
	v->findings[v->nfindings].check = c;
	v->findings[v->nfindings].index = index;
	v->nfindings++;
}

static jv
field(const struct validation *cv, enum fields f)
{
	/* The cache is not part of the validation's meaning. */
	struct validation *v = (struct validation *)cv;

	if (!v->looked_up[f]) {
		v->values[f] = json_get(v->record, &v->policy->fields[f]);
		v->looked_up[f] = true;
	}
	return v->values[f];
}

/* A string field's text, or NULL when absent, not a string or blank. */
static const char *
text(const struct validation *v, enum fields f)
{
	jv x = field(v, f);
	const char *s;

	if (jv_get_kind(x) != JV_KIND_STRING)
		return NULL;
	for (s = jv_string_value(x); *s == ' ' || *s == '\t'; s++)
		;
	return *s == '\0' ? NULL : jv_string_value(x);
}

enum parsed { ABSENT, BAD, OK };

/* A date or datetime field, as a plan-local date and an instant. */
static enum parsed
when(const struct validation *v, enum fields f, bool date_only,
    date_day *day, timefmt_instant *t)
{
	jv x = field(v, f);
	timefmt_instant tmp;
	enum timefmt_status st;
	const char *s;
	size_t n;

	if (!json_is_present(x))
		return ABSENT;
	if (jv_get_kind(x) != JV_KIND_STRING)
		return BAD;
	s = jv_string_value(x);
	n = (size_t)jv_string_length_bytes(jv_copy(x));
	if (date_only) {
		if (timefmt_parse_date(s, n, day) != TIMEFMT_OK)
			return BAD;
		if (t != NULL)
			*t = timefmt_from_local(*day, 0);
		return OK;
	}
	st = timefmt_parse(s, n, t != NULL ? t : &tmp);
	if (st != TIMEFMT_OK)
		return BAD;
	*day = timefmt_local_date(t != NULL ? *t : tmp);
	return OK;
}

static bool
code_ok(const struct validation *v, jv x, enum codes_kind kind)
{
	char buf[64];

	if (jv_get_kind(x) != JV_KIND_STRING ||
	    !codes_normalize(jv_string_value(x),
	    (size_t)jv_string_length_bytes(jv_copy(x)), buf, sizeof(buf)))
		return false;
	if (!codes_match(v->policy->codes, kind, buf))
		return false;
	return kind != CODES_NPI || codes_npi_check_digit(buf);
}

static void
check_required_text(struct validation *v, enum fields f, enum check c)
{
	if (text(v, f) == NULL)
		find(v, c, -1);
}

static void
check_code_field(struct validation *v, enum fields f, enum codes_kind kind,
    enum check missing, enum check invalid)
{
	jv x = field(v, f);

	if (!json_is_present(x) || (jv_get_kind(x) == JV_KIND_STRING &&
	    text(v, f) == NULL))
		find(v, missing, -1);
	else if (!code_ok(v, x, kind))
		find(v, invalid, -1);
}

static void
check_services(struct validation *v)
{
	jv list = field(v, F_SERVICES);
	int n = jv_get_kind(list) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(list)) : 0;

	if (n == 0) {
		find(v, CHECK_SERVICES_MISSING, -1);
		return;
	}
	for (int i = 0; i < n; i++) {
		jv s = jv_array_get(jv_copy(list), i);
		jv code = json_get_key(s, "code");

		if (!json_is_present(code) || (jv_get_kind(code) ==
		    JV_KIND_STRING && strspn(jv_string_value(code), " \t") ==
		    strlen(jv_string_value(code))))
			find(v, CHECK_SERVICES_CODE_MISSING, i);
		else if (!code_ok(v, code, CODES_SERVICE))
			find(v, CHECK_SERVICES_CODE_INVALID, i);
		jv_free(s);
	}
}

static void
check_diagnoses(struct validation *v)
{
	jv list = field(v, F_DIAGNOSES);
	int n = jv_get_kind(list) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(list)) : 0;

	if (n == 0) {
		find(v, CHECK_DIAGNOSES_MISSING, -1);
		return;
	}
	for (int i = 0; i < n; i++) {
		jv d = jv_array_get(jv_copy(list), i);

		if (!code_ok(v, d, CODES_ICD10CM))
			find(v, CHECK_DIAGNOSES_INVALID, i);
		jv_free(d);
	}
}

static bool
is(const struct validation *v, enum fields f, const char *value)
{
	const char *s = text(v, f);

	return s != NULL && strcmp(s, value) == 0;
}

/* Post-service timeliness: late submission and the retrospective window. */
static void
check_postservice(struct validation *v, bool have_received,
    date_day received)
{
	const struct tar_policy *p = v->policy;
	date_day service, exempt, last;
	bool exempted = false;
	enum parsed ps;
	enum fields exemptions[] = {F_PRIMARY_DENIAL_DATE,
	    F_RETRO_ELIGIBILITY_DATE};

	ps = when(v, F_SERVICE_DATE, true, &service, NULL);
	if (ps == ABSENT)
		find(v, CHECK_SERVICE_DATE_MISSING, -1);
	if (ps != OK || !have_received)
		return;
	for (int i = 0; i < 2; i++)
		if (when(v, exemptions[i], true, &exempt, NULL) == OK &&
		    received >= exempt &&
		    received <= exempt + p->exemption_days)
			exempted = true;
	last = calendar_add_business_days(v->calendar, service,
	    p->late_business_days);
	if (received > last && !exempted)
		find(v, CHECK_SUBMISSION_LATE, -1);
	if (received > date_add_years(service, p->retro_years))
		find(v, CHECK_RETRO_WINDOW, -1);
}

static void
check_dates(struct validation *v, bool *have_received, date_day *received,
    timefmt_instant *received_at)
{
	date_day d;

	switch (when(v, F_RECEIVED_AT, false, received, received_at)) {
	case ABSENT:
		find(v, CHECK_RECEIVED_AT_MISSING, -1);
		break;
	case BAD:
		find(v, CHECK_RECEIVED_AT_INVALID, -1);
		break;
	case OK:
		*have_received = true;
	}
	switch (when(v, F_DOB, true, &d, NULL)) {
	case ABSENT:
		find(v, CHECK_MEMBER_DOB_MISSING, -1);
		break;
	case BAD:
		find(v, CHECK_MEMBER_DOB_INVALID, -1);
		break;
	case OK:
		if (*have_received && d > *received)
			find(v, CHECK_MEMBER_DOB_ORDER, -1);
	}
}

static void
check_decision(struct validation *v)
{
	const struct tar_policy *p = v->policy;
	const char *outcome = text(v, F_OUTCOME), *role, *basis, *category;
	bool deny, modify, allowed = false, barred = false;

	if (jv_get_kind(field(v, F_DECISION)) != JV_KIND_OBJECT ||
	    outcome == NULL)
		return;
	deny = strcmp(outcome, "deny") == 0;
	modify = strcmp(outcome, "modify") == 0;
	if (!deny && !modify)
		return;
	role = text(v, F_ROLE);
	basis = text(v, F_BASIS);
	category = text(v, F_CATEGORY);
	for (int i = 0; role != NULL && i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];

		if (strcmp(g->role, role) != 0 || !((deny && g->deny) ||
		    (modify && g->modify)))
			continue;
		if (g->never)
			barred = true;
		else if (g->categories.n == 0 ||
		    words_has(&g->categories, category))
			allowed = true;
	}
	/* A decision without a basis is taken as one on medical necessity. */
	if (barred || (!allowed && (basis == NULL ||
	    strcmp(basis, "medical_necessity") == 0)))
		find(v, CHECK_DECISION_AUTHORITY, -1);
	if (text(v, F_REASON) == NULL)
		find(v, CHECK_DECISION_REASON_MISSING, -1);
	if (text(v, F_CRITERIA) == NULL)
		find(v, CHECK_DECISION_CRITERIA_MISSING, -1);
}

static enum route
check_scope(struct validation *v)
{
	const struct tar_policy *p = v->policy;
	const char *category = text(v, F_CATEGORY);
	const char *place = text(v, F_PLACE_OF_SERVICE);
	const char *given_by = text(v, F_DRUG_ADMINISTERED_BY);
	const char *class = text(v, F_DRUG_CLASS);
	bool no_auth = false, rx = false, carved = false;
	char pos[16];

	if (words_has(&p->no_auth_category, category)) {
		find(v, CHECK_AUTH_NOT_REQUIRED, -1);
		no_auth = true;
	} else if (place != NULL && codes_normalize(place, strlen(place), pos,
	    sizeof(pos)) && words_has(&p->no_auth_place, pos)) {
		find(v, CHECK_AUTH_NOT_REQUIRED, -2);
		no_auth = true;
	}
	if (words_has(&p->medi_cal_rx, given_by)) {
		find(v, CHECK_PHARMACY_MEDI_CAL_RX, -1);
		rx = true;
	}
	if (words_has(&p->carved_out, class)) {
		find(v, CHECK_PHARMACY_CARVED_OUT, -1);
		carved = true;
	}
	if (no_auth)
		return ROUTE_NONE;
	if (rx)
		return ROUTE_MEDI_CAL_RX;
	if (carved)
		return ROUTE_CARVED_OUT;
	if ((category != NULL && strcmp(category, "pharmacy") == 0) ||
	    words_has(&p->medical_setting, given_by))
		return ROUTE_PHARMACY;
	if (is(v, F_CATEGORY, "sud_residential"))
		return ROUTE_SUD_RESIDENTIAL;
	if (is(v, F_SETTING, "inpatient"))
		return ROUTE_INPATIENT;
	if (is(v, F_SETTING, "ltc") || is(v, F_CATEGORY, "snf"))
		return ROUTE_LTC;
	return ROUTE_OUTPATIENT;
}

/* The field a finding names: the check's own path, indexed if an array. */
static jv
finding_field(const struct finding *f)
{
	const char *code = check_codes[f->check];
	const char *kind = strrchr(code, '.');
	int len = (int)(kind - code);

	switch (f->check) {
	case CHECK_LOCATION_MISSING:
		return jv_string("place_of_service");
	case CHECK_AUTH_NOT_REQUIRED:
		return jv_string(f->index == -2 ? "place_of_service" :
		    "category");
	case CHECK_SUBMISSION_LATE:
	case CHECK_RETRO_WINDOW:
		return jv_string("received_at");
	case CHECK_ADMISSION_NOTICE_LATE:
		return jv_string("admission_notified_at");
	case CHECK_PHARMACY_MEDI_CAL_RX:
		return jv_string("drug.administered_by");
	case CHECK_PHARMACY_CARVED_OUT:
		return jv_string("drug.class");
	case CHECK_DECISION_AUTHORITY:
		return jv_string("decision.by.role");
	case CHECK_SERVICES_CODE_MISSING:
	case CHECK_SERVICES_CODE_INVALID:
		return jv_string_fmt("services[%d].code", f->index);
	case CHECK_DIAGNOSES_INVALID:
		return jv_string_fmt("diagnoses[%d]", f->index);
	default:
		return jv_string_sized(code, len);
	}
}

static int
by_rulebook_order(const void *a, const void *b, void *arg)
{
	const struct finding *x = a, *y = b;
	const struct tar_policy *p = arg;
	int ox = p->rules[x->check].order, oy = p->rules[y->check].order;

	if (ox != oy)
		return ox < oy ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

jv
tar_validate(const struct tar_policy *p, const struct calendar *cal,
    jv record)
{
	struct validation v = {.policy = p, .calendar = cal, .record = record};
	bool have_received = false, postservice;
	date_day received = 0, d, d2;
	timefmt_instant received_at = 0, t, t2;
	enum parsed pa, pn;
	enum route route;
	jv errors = jv_array(), warnings = jv_array(), x;

	v.findings = v.inline_findings;
	v.maxfindings = MAX_FINDINGS;
	x = field(&v, F_REQUEST_TYPE);
	if (!json_is_present(x))
		find(&v, CHECK_REQUEST_TYPE_MISSING, -1);
	else if (!words_has(&p->request_types, text(&v, F_REQUEST_TYPE)))
		find(&v, CHECK_REQUEST_TYPE_INVALID, -1);
	if (json_is_present(field(&v, F_LINE_OF_BUSINESS)) &&
	    !words_has(&p->lines_of_business, text(&v, F_LINE_OF_BUSINESS)))
		find(&v, CHECK_LINE_OF_BUSINESS_INVALID, -1);
	check_dates(&v, &have_received, &received, &received_at);
	check_code_field(&v, F_MEMBER_ID, CODES_CIN, CHECK_MEMBER_ID_MISSING,
	    CHECK_MEMBER_ID_INVALID);
	check_required_text(&v, F_FIRST_NAME, CHECK_MEMBER_FIRST_NAME_MISSING);
	check_required_text(&v, F_LAST_NAME, CHECK_MEMBER_LAST_NAME_MISSING);
	check_code_field(&v, F_NPI, CODES_NPI, CHECK_PROVIDER_NPI_MISSING,
	    CHECK_PROVIDER_NPI_INVALID);
	check_required_text(&v, F_PROVIDER_NAME, CHECK_PROVIDER_NAME_MISSING);
	check_services(&v);
	check_diagnoses(&v);
	check_required_text(&v, F_CLINICAL_INDICATIONS,
	    CHECK_CLINICAL_INDICATIONS_MISSING);
	check_required_text(&v, F_HISTORY, CHECK_HISTORY_MISSING);

	/* Location: a place of service or a facility. */
	/* A blank place of service is none, as a blank member id is. */
	x = field(&v, F_PLACE_OF_SERVICE);
	if (json_is_present(x) && (jv_get_kind(x) != JV_KIND_STRING ||
	    text(&v, F_PLACE_OF_SERVICE) != NULL)) {
		if (!code_ok(&v, x, CODES_PLACE_OF_SERVICE))
			find(&v, CHECK_PLACE_OF_SERVICE_INVALID, -1);
	} else if (text(&v, F_FACILITY_NAME) == NULL)
		find(&v, CHECK_LOCATION_MISSING, -1);

	x = field(&v, F_REQUESTED_LOS);
	if (json_is_present(x)) {
		double los = jv_get_kind(x) == JV_KIND_NUMBER ?
		    jv_number_value(x) : 0;

		/* trunc(), not a cast: a cast of 1e20 is undefined. */
		if (los < 1 || los != trunc(los))
			find(&v, CHECK_REQUESTED_LOS_INVALID, -1);
	} else if (is(&v, F_SETTING, "inpatient"))
		find(&v, CHECK_REQUESTED_LOS_MISSING, -1);

	pa = when(&v, F_PROCEDURE_DATE, true, &d, NULL);
	if (pa == BAD)
		find(&v, CHECK_PROCEDURE_DATE_INVALID, -1);
	else if (pa == ABSENT && is(&v, F_SETTING, "outpatient") &&
	    is(&v, F_CATEGORY, "surgical"))
		find(&v, CHECK_PROCEDURE_DATE_MISSING, -1);

	pa = when(&v, F_SERVICE_DATE, true, &d, NULL);
	if (pa == BAD)
		find(&v, CHECK_SERVICE_DATE_INVALID, -1);
	else if (pa == OK && have_received && d > received)
		find(&v, CHECK_SERVICE_DATE_ORDER, -1);
	if (when(&v, F_PRIMARY_DENIAL_DATE, true, &d, NULL) == BAD)
		find(&v, CHECK_PRIMARY_DENIAL_DATE_INVALID, -1);
	if (when(&v, F_RETRO_ELIGIBILITY_DATE, true, &d, NULL) == BAD)
		find(&v, CHECK_RETRO_ELIGIBILITY_DATE_INVALID, -1);

	pa = when(&v, F_ADMITTED_AT, false, &d, &t);
	pn = when(&v, F_ADMISSION_NOTIFIED_AT, false, &d2, &t2);
	if (pa == BAD)
		find(&v, CHECK_ADMITTED_AT_INVALID, -1);
	if (pn == BAD)
		find(&v, CHECK_ADMISSION_NOTIFIED_AT_INVALID, -1);
	if (pa == OK && pn == OK) {
		if (t2 < t)
			find(&v, CHECK_ADMISSION_NOTIFIED_AT_ORDER, -1);
		else if (d2 > calendar_add_business_days(cal, d,
		    p->admission_business_days))
			find(&v, CHECK_ADMISSION_NOTICE_LATE, -1);
	}

	pa = when(&v, F_DECISION_AT, false, &d, &t);
	if (pa == BAD)
		find(&v, CHECK_DECISION_AT_INVALID, -1);
	else if (pa == OK && have_received && t < received_at)
		find(&v, CHECK_DECISION_AT_ORDER, -1);
	if (when(&v, F_PRACTITIONER_AT, false, &d, &t) == BAD)
		find(&v, CHECK_PRACTITIONER_AT_INVALID, -1);
	if (when(&v, F_MEMBER_MAILED_AT, false, &d, &t) == BAD)
		find(&v, CHECK_MEMBER_MAILED_AT_INVALID, -1);

	postservice = is(&v, F_REQUEST_TYPE, "postservice");
	if (postservice)
		check_postservice(&v, have_received, received);
	route = check_scope(&v);
	check_decision(&v);

	qsort_r(v.findings, (size_t)v.nfindings, sizeof(*v.findings),
	    by_rulebook_order, (void *)p);
	for (int i = 0; i < v.nfindings; i++) {
		const struct rule *r = &p->rules[v.findings[i].check];
		jv f = jv_object();

		f = jv_object_set(f, jv_string("code"), jv_copy(r->code));
		f = jv_object_set(f, jv_string("field"),
		    finding_field(&v.findings[i]));
		f = jv_object_set(f, jv_string("message"),
		    jv_copy(r->message));
		if (r->severity == SEVERITY_ERROR)
			errors = jv_array_append(errors, f);
		else
			warnings = jv_array_append(warnings, f);
	}
	if (v.findings != v.inline_findings)
		free(v.findings);
	x = jv_object();
	x = jv_object_set(x, jv_string("valid"),
	    jv_bool(jv_array_length(jv_copy(errors)) == 0));
	x = jv_object_set(x, jv_string("errors"), errors);
	x = jv_object_set(x, jv_string("warnings"), warnings);
	x = jv_object_set(x, jv_string("auth_required"),
	    jv_bool(route != ROUTE_NONE && route != ROUTE_MEDI_CAL_RX &&
	    route != ROUTE_CARVED_OUT));
	x = jv_object_set(x, jv_string("route"),
	    jv_copy(p->route_names[route]));
	return x;
}
