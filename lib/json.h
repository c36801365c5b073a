/* json -- field access on jv records and a fast compact emitter */
#ifndef UMKIT_JSON_H
#define UMKIT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#define JSON_MAX_DEPTH	16

/*
 * A dotted field path ("decision.by.role"), split once at start-up so that
 * per-record lookups allocate nothing.
 */
struct json_path {
	const char	*text;
	int		 depth;
	jv		 keys[JSON_MAX_DEPTH];
};

void	 json_path_init(struct json_path *, const char *dotted);
void	 json_path_free(struct json_path *);

/*
 * Borrowed lookups: the result is owned by the record and valid while it
 * lives; never free it.  A missing field (or a parent that is not an
 * object) gives an invalid jv.
 */
jv	 json_get(jv record, const struct json_path *);
jv	 json_get_key(jv object, const char *key);
/* The string at a path, or NULL when missing or not a string. */
const char *json_get_string(jv record, const struct json_path *);
bool	 json_is_present(jv value);	/* neither invalid nor null */

/* A growing byte buffer: the emitter's target. */
struct json_buf {
	char	*data;
	size_t	 len, cap;
};

void	 json_buf_reserve(struct json_buf *, size_t more);
void	 json_buf_append(struct json_buf *, const char *, size_t);
void	 json_buf_free(struct json_buf *);

/* Appends compact JSON, keys in their order, numbers shortest round-trip. */
void	 json_emit(struct json_buf *, jv value);
/* Appends a number in the shortest form that reads back the same. */
void	 json_emit_number(struct json_buf *, double);
/* Appends a string's bytes as a JSON string literal. */
void	 json_emit_string(struct json_buf *, const char *, size_t);
/* The length of the valid UTF-8 sequence at s (1 to 4 bytes), else 0. */
size_t	 json_utf8_sequence(const char *s, const char *end);
/*
 * Whether bytes are valid UTF-8 as libjq keeps its strings: no overlong
 * forms, surrogates or code points above U+10FFFF.
 */
bool	 json_utf8_valid(const char *, size_t);

#endif
