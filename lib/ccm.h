/* ccm -- complex case management eligibility: code lists and CCM-P B, C, G.6 */
#ifndef UMKIT_CCM_H
#define UMKIT_CCM_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "calendar.h"
#include "datafile.h"

/* A normalized ICD-10-CM code: letters and digits, no dot, upper case. */
#define CCM_CODE_SIZE	16

/*
 * Normalizes a code as SPEC section 2 compares codes: spaces around it
 * trimmed, dots dropped, letters upper-cased.  Returns false (and leaves
 * out empty) when what remains is empty, too long, or holds anything but
 * letters and digits: such a code matches nothing.
 */
bool		 ccm_code_normalize(const char *, size_t,
		    char out[CCM_CODE_SIZE]);

/*
 * A code list (umkit-codes(5)): named categories of ICD-10-CM code
 * prefixes and ranges, in the order of the file.
 */
struct ccm_codes;

/* Loads a code list file; NULL with *error filled in when it is bad. */
struct ccm_codes *ccm_codes_load(const char *path, struct datafile_error *);
void		 ccm_codes_free(struct ccm_codes *);
int		 ccm_codes_count(const struct ccm_codes *);
const char	*ccm_codes_name(const struct ccm_codes *, int category);
const char	*ccm_codes_label(const struct ccm_codes *, int category);
/* Whether a normalized code falls in a category. */
bool		 ccm_codes_match(const struct ccm_codes *, int category,
		    const char *normalized);

/*
 * What eligibility reads once at start-up: the code lists and settings of
 * share/umkit/ccm (or another directory laid out the same way) and the
 * ccm rule set of umkit-rules(5) for the clocks.
 */
struct ccm;

/* dir NULL means the share directory's ccm/.  NULL on error. */
struct ccm	*ccm_load(const char *dir, struct datafile_error *);
void		 ccm_free(struct ccm *);
const struct ccm_codes *ccm_chronic_conditions(const struct ccm *);
/* The top-level keys of the record that evaluation reads, NULL-ended. */
const char *const *ccm_fields(const struct ccm *);

/*
 * SPEC section 6: the "ccm" result of one member record, with
 * ccm.explain when explain is set.  Returns NULL with *out set to the
 * result object, or a message with *field set to the path of the field
 * that is missing or wrong (the message never holds a value from the
 * record); *out is then left unset.
 */
const char	*ccm_evaluate(const struct ccm *, const struct calendar *,
		    jv record, bool explain, jv *out, const char **field);

#endif
