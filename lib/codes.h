/* codes -- code formats as PCRE2 patterns from data, and the NPI check digit */
#ifndef UMKIT_CODES_H
#define UMKIT_CODES_H

#include <stdbool.h>
#include <stddef.h>

#include "datafile.h"

/* The formats a patterns file must define (umkit-tar(5)). */
enum codes_kind {
	CODES_CIN, CODES_NPI, CODES_SERVICE, CODES_ICD10CM,
	CODES_PLACE_OF_SERVICE, CODES_NKINDS
};

struct codes;

/*
 * Loads NAME (share/umkit/tar/NAME) or FILE and compiles every pattern
 * once, with JIT where the library has it.  NULL with *error on failure.
 */
struct codes	*codes_load(const char *name_or_file,
		    struct datafile_error *);
void		 codes_free(struct codes *);

/*
 * Trims spaces and upper-cases a code into buf (SPEC section 2); false
 * when it does not fit.  ICD-10-CM comparisons also drop the dot: see
 * codes_strip_dot().
 */
bool		 codes_normalize(const char *s, size_t len, char *buf,
		    size_t size);
void		 codes_strip_dot(char *code);
/* Does a normalized code match the format of its kind? */
bool		 codes_match(const struct codes *, enum codes_kind,
		    const char *code);
/* NPI: 10 digits whose last is the Luhn check digit over 80840 + 9. */
bool		 codes_npi_check_digit(const char *npi);

#endif
