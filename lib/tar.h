/* tar -- validating a treatment authorization request against the rule book */
#ifndef UMKIT_TAR_H
#define UMKIT_TAR_H

#include <stdbool.h>

#include <jv.h>

#include "calendar.h"
#include "datafile.h"

struct tar_policy;

/*
 * Loads the rule book, the code patterns, the scope, the carved-out drug
 * classes and the decision authority from share/umkit/tar (or the
 * directory given), checking each once.  NULL with *error on failure.
 */
struct tar_policy *tar_policy_load(const char *dir,
		    struct datafile_error *);
void		 tar_policy_free(struct tar_policy *);
/* The top-level fields tar_validate() reads, NULL-ended. */
const char *const *tar_fields(void);

/*
 * The "validation" object of SPEC section 5 for one record: valid,
 * errors, warnings, auth_required, route.  Never fails: a bad date or
 * code is a finding, not an error.
 */
jv		 tar_validate(const struct tar_policy *,
		    const struct calendar *, jv record);

#endif
