/* jsonscan -- one pass over a JSON Lines line: is it canonical, and where
 * are its top-level values */
#ifndef UMKIT_JSONSCAN_H
#define UMKIT_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#define JSONSCAN_MAX_KEYS	64

/* A top-level member: the key's bytes (unescaped: canonical keys have no
 * escapes) and the value's span in the line. */
struct jsonscan_member {
	const char	*key, *value;
	size_t		 key_len, value_len;
};

struct jsonscan {
	size_t		 nmembers;
	struct jsonscan_member members[JSONSCAN_MAX_KEYS];
};

/*
 * True when the line (without its line end) is a JSON object written
 * exactly as json_emit() would write the value libjq parses from it:
 * compact, valid UTF-8, only the escapes the emitter writes, numbers in
 * shortest form, no repeated key in any object, and not deeper than the
 * scanner follows.  Then its top-level members are in *scan.  False
 * means "not sure": the caller parses the line with libjq instead.
 */
bool	 jsonscan_canonical(const char *line, size_t len, struct jsonscan *);

/*
 * Is the text one JSON value by RFC 8259's grammar, nested at most 256
 * deep?  Bytes of 0x80 and above inside strings are let through (libjq
 * replaces invalid UTF-8 with U+FFFD).  Lines that fail are rejected
 * before libjq sees them: libjq 1.6 leaks memory on some malformed input.
 */
bool	 jsonscan_valid(const char *text, size_t len);

/* The value of a top-level member as a jv. */
jv	 jsonscan_value(const struct jsonscan_member *);
/*
 * The value of a top-level member KEY that is an object, with only the
 * members named "KEY.NAME" in fields (NULL-ended); any other value whole.
 */
jv	 jsonscan_value_subset(const struct jsonscan_member *,
	    const char *const *fields);

#endif
