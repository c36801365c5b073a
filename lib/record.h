/* record -- JSON Lines and CSV records in, records out, rejects and status */
#ifndef UMKIT_RECORD_H
#define UMKIT_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

enum record_format { RECORD_JSONL, RECORD_CSV };

/* How a CSV cell converts when the command's schema says it is not text. */
enum record_type { RECORD_STRING, RECORD_INTEGER, RECORD_NUMBER,
	RECORD_BOOLEAN };

struct record_column_type {
	const char	*path;		/* dotted, as in the header */
	enum record_type type;
};

struct record_options {
	enum record_format input, output;
	const char	*map;		/* jq program, or NULL */
	const char	*rejects;	/* file the rejected lines go to */
	bool		 unbuffered;
	/* CSV conversions, ended by a NULL path; may be NULL. */
	const struct record_column_type *schema;
	/*
	 * The fast path: the top-level keys the command reads (NULL-ended;
	 * "KEY.NAME" reads only that member of an object KEY; "*" all keys)
	 * and the key of its result.  With both set, a JSON Lines record
	 * already written in canonical compact form is read as an object of
	 * just those keys, and record_write_result() copies its bytes to the
	 * output instead of printing it again.  NULL: always the full record.
	 */
	const char *const *fields;
	const char	*result_key;
};

struct record_io;

/*
 * Adds the fast-path field of a path the command reads to a NULL-ended
 * list (*fields, *n entries; both start NULL and 0): the path cut after
 * its second part ("decision.by.id" reads the member "by" of "decision"),
 * once.  -1 when out of memory.
 */
int		 record_fields_add(char ***fields, int *n, const char *path);
void		 record_fields_free(char **fields);

/*
 * Opens the inputs (the operands, or standard input for none or "-") and
 * standard output.  A --map that does not compile, or a rejects file that
 * cannot be opened, is fatal (exit 2) with a diagnostic.
 */
struct record_io *record_open(const struct record_options *,
		    char *const *files, int nfiles);

/*
 * The next record.  Lines that are not JSON objects are rejected here (a
 * diagnostic, the raw line to --rejects, status 1) and skipped.  When
 * --map fails on a record, *map_error is set to the message and the
 * unmapped record is returned.  Returns false at the end of the input.
 */
bool		 record_next(struct record_io *, jv *record,
		    const char **map_error);

/*
 * Writes a record (consumed).  A write error is reported once; the input
 * then ends (record_next() returns false) and record_close() returns 2.
 */
void		 record_write(struct record_io *, jv record);
/*
 * Writes the record with its result under the options' result_key (both
 * consumed): the way to write when the fast path is on.
 */
void		 record_write_result(struct record_io *, jv record, jv result);
/*
 * The same with the result already written as compact JSON (by
 * json_emit() and its kin): a result of kilobytes is then copied, not
 * built as a jv and printed again.
 */
void		 record_write_result_json(struct record_io *, jv record,
		    const char *json, size_t len);

/*
 * A record error: a diagnostic "file:line: FIELD: MESSAGE" (no value
 * from the data) and status 1.  Returns the message as "FIELD: MESSAGE"
 * for the record's result.
 */
jv		 record_error(struct record_io *, const char *field,
		    const char *message);

/*
 * The current record's line as read, when the fast path read it: it is
 * then exactly what the record printed whole would be.  NULL otherwise.
 */
const char	*record_canonical_text(const struct record_io *,
		    size_t *len);

/* Raises the exit status to at least this one. */
void		 record_status(struct record_io *, int);
const char	*record_file(const struct record_io *);
long		 record_line(const struct record_io *);

/* Flushes and closes; returns the exit status (2 on a write error). */
int		 record_close(struct record_io *);

#endif
