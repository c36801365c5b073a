/* due -- decision and notice deadlines of a request (SPEC section 4) */
#ifndef UMKIT_DUE_H
#define UMKIT_DUE_H

#include <stdbool.h>

#include <jv.h>

#include "datafile.h"
#include "timefmt.h"

struct due_options {
	const char	*calendar;	/* NAME or FILE */
	const char	*rules_name;	/* forced rule set, or NULL: by line */
	bool		 explain;	/* add one sentence per deadline */
	timefmt_instant	 as_of;		/* "now" for open and overdue */
};

struct due;

/*
 * Loads the calendar and the rule sets (the one forced, or every one the
 * lines-of-business map names) and checks them.  NULL with *error when a
 * file cannot be read or is malformed.
 */
struct due	*due_load(const struct due_options *, struct datafile_error *);
void		 due_free(struct due *);
/* The top-level fields the rules read, NULL-ended (the fast path). */
const char *const *due_fields(const struct due *);

/*
 * The "due" object of a record.  On a record error, an invalid jv with
 * *field and *error set (no value from the data in either).
 */
jv		 due_compute(const struct due *, jv record, const char **field,
		    const char **error);

#endif
