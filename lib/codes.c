/* codes -- code formats as PCRE2 patterns from data, and the NPI check digit */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "codes.h"

static const char *const kind_names[CODES_NKINDS] = {
	"cin", "npi", "service", "icd10cm", "place_of_service"
};

struct codes {
	pcre2_code	 *re[CODES_NKINDS];
	pcre2_match_data *md[CODES_NKINDS];	/* reused for every match */
};

void
codes_free(struct codes *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < CODES_NKINDS; i++) {
		pcre2_match_data_free(c->md[i]);
		pcre2_code_free(c->re[i]);
	}
	free(c);
}

struct codes *
codes_load(const char *name_or_file, struct datafile_error *error)
{
	struct codes *c = calloc(1, sizeof(*c));
	struct datafile df;
	int n, rc = 0;

	if (c == NULL)
		abort();	/* out of memory at start-up */
	if (datafile_open_named(&df, "tar", name_or_file, "", error) != 0) {
		free(c);
		return NULL;
	}
	while (rc == 0 && (n = datafile_next(&df)) > 0) {
		int kind = -1, errcode;
		PCRE2_SIZE erroff;

		for (int i = 0; i < CODES_NKINDS; i++)
			if (strcmp(df.tokens[0], kind_names[i]) == 0)
				kind = i;
		if (n != 2 || kind < 0) {
			rc = datafile_fail(&df, n != 2 ? "expected 'KIND "
			    "PATTERN'" : "unknown kind '%s'", df.tokens[0]);
			break;
		}
		if (c->re[kind] != NULL) {
			rc = datafile_fail(&df, "'%s' is defined twice",
			    df.tokens[0]);
			break;
		}
		c->re[kind] = pcre2_compile((PCRE2_SPTR)df.tokens[1],
		    PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
		    &errcode, &erroff, NULL);
		if (c->re[kind] == NULL) {
			PCRE2_UCHAR msg[128];

			pcre2_get_error_message(errcode, msg, sizeof(msg));
			rc = datafile_fail(&df, "pattern: %s at offset %zu",
			    (char *)msg, (size_t)erroff);
			break;
		}
		/* JIT is an optimisation: without it matching still works. */
		(void)pcre2_jit_compile(c->re[kind], PCRE2_JIT_COMPLETE);
		c->md[kind] = pcre2_match_data_create_from_pattern(c->re[kind],
		    NULL);
	}
	if (rc == 0 && n == 0)
		for (int i = 0; i < CODES_NKINDS; i++)
			if (c->re[i] == NULL) {
				rc = datafile_fail(&df, "no pattern for '%s'",
				    kind_names[i]);
				break;
			}
	if (n < 0)
		rc = -1;
	datafile_close(&df);
	if (rc != 0) {
		codes_free(c);
		return NULL;
	}
	return c;
}

bool
codes_normalize(const char *s, size_t len, char *buf, size_t size)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len + 1 > size)
		return false;
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[len] = '\0';
	return true;
}

void
codes_strip_dot(char *code)
{
	char *dot = strchr(code, '.');

	if (dot != NULL)
		memmove(dot, dot + 1, strlen(dot + 1) + 1);
}

bool
codes_match(const struct codes *c, enum codes_kind kind, const char *code)
{
	return pcre2_match(c->re[kind], (PCRE2_SPTR)code, strlen(code), 0, 0,
	    c->md[kind], NULL) >= 0;
}

/*
 * The NPI check digit is the Luhn digit over the card issuer prefix 80840
 * and the first nine digits (45 CFR 162.406; CMS NPI check digit note).
 */
bool
codes_npi_check_digit(const char *npi)
{
	char full[16];
	int sum = 0;

	if (strlen(npi) != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (!isdigit((unsigned char)npi[i]))
			return false;
	memcpy(full, "80840", 5);
	memcpy(full + 5, npi, 10);
	/* Luhn over 15 digits, the last being the check digit. */
	for (int i = 14, pos = 0; i >= 0; i--, pos++) {
		int d = full[i] - '0';

		if (pos % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}
