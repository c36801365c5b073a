/* jqsubset -- a few forms of jq expressions, run in C with jq's meaning */
#ifndef UMKIT_JQSUBSET_H
#define UMKIT_JQSUBSET_H

#include <stdbool.h>

#include <jv.h>

/*
 * Letter templates ask mostly simple questions of a record: a path, a
 * comparison with a literal, "//", "and", "or", "not".  Starting libjq's
 * interpreter for each costs more than the rest of a letter, so these
 * forms are parsed and run here, with exactly jq 1.6's results (the unit
 * tests hold the two side by side); anything else is left to libjq.
 *
 * The forms: ".", ".a.b", "$name", "$name.a.b", "null", "true", "false",
 * a string of printable ASCII without escapes, an unsigned decimal
 * number, "[e, ...]", "(e)", "e | e", "e // e", "e or e", "e and e",
 * "e == e", "e != e", "not", "length", "inside(e)", and "nonempty" when
 * asked for (the template prelude's def).  Every one of them has exactly
 * one value or fails.
 */

/* "nonempty" is known, as the template prelude defines it. */
#define JQSUBSET_NONEMPTY	0x1

struct jqsubset;

/*
 * Parses an expression that uses only the forms above and, of variables,
 * only the names given (without '$', NULL-ended; their values are passed
 * to jqsubset_run() in the same order).  NULL when it uses anything else
 * (libjq must then run it); a text it accepts is one jq compiles.
 */
struct jqsubset	*jqsubset_parse(const char *text,
		    const char *const *names, unsigned flags);

/*
 * Runs the expression on input (borrowed) with the variables' values
 * (borrowed): true and the value in *value (owned by the caller), or
 * false where jq raises an error.
 */
bool		 jqsubset_run(const struct jqsubset *, jv input,
		    const jv *variables, jv *value);

void		 jqsubset_free(struct jqsubset *);

/*
 * The top-level keys of the record an expression reads, appended to
 * *keys (an array of strings), when its input is the record (at_record)
 * or the record is variable number record_variable (-1: none).  False
 * when it may read the whole record ("." or "length" of it), so a caller
 * must give it every key.
 */
bool		 jqsubset_record_keys(const struct jqsubset *,
		    bool at_record, int record_variable, jv *keys);

/* Whether a byte may begin, or be part of, a jq name or a key in ".key". */
bool		 jqsubset_is_ident_start(char);
bool		 jqsubset_is_ident(char);

#endif
