/* record -- JSON Lines and CSV records in, records out, rejects and status */

#include <errno.h>
#include <math.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <jq.h>

#include "diag.h"
#include "json.h"
#include "jsonscan.h"
#include "record.h"

#define OUTPUT_CHUNK	65536

/*
 * Set by SIGTERM, SIGINT or SIGHUP: the command stops at the next record
 * boundary, writes out every whole record it has, and then dies of the
 * signal.  A signal handler can only reach file-static state.
 */
static volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

struct csv_columns {
	size_t		 n;
	struct json_path *paths;
	bool		*is_array;
	enum record_type *types;
};

struct record_io {
	struct record_options opts;
	char *const	*files;
	int		 nfiles, next_file;
	FILE		*in;
	const char	*file;		/* name in diagnostics, "-" for stdin */
	long		 line;		/* physical line last read */
	long		 record_line;	/* first line of the current record */
	char		*buf;
	size_t		 cap;
	int		 status;
	FILE		*rejects;
	jq_state	*jq;
	struct json_buf	 out;
	int		 out_fd;
	bool		 write_failed;	/* reported; the input ends */

	/* The fast path: the current line, when canonical (see jsonscan.h). */
	bool		 fast;
	bool		 raw_canonical;
	size_t		 raw_len;
	struct jsonscan	 scan;
	size_t		 result_key_len;

	/* CSV input */
	struct csv_parser csv;
	bool		 csv_started;	/* a row is in progress */
	bool		 csv_have_header;
	struct csv_columns in_cols;
	jv		 csv_row;	/* array of cells of the row being read */
	jv		 csv_done;	/* a completed row, or invalid */
	bool		 csv_cell_too_long; /* in the row being read */
	struct json_buf	 csv_raw;	/* raw lines of the row being read */
	/* CSV output */
	bool		 csv_header_written;
	struct csv_columns out_cols;
};

static void
flush_output(struct record_io *io)
{
	size_t off = 0;

	while (off < io->out.len && !io->write_failed) {
		ssize_t n = write(io->out_fd, io->out.data + off,
		    io->out.len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* A closed pipe ends the command quietly. */
			if (errno == EPIPE)
				exit(EXIT_FATAL);
			/*
			 * Reported once; record_next() then ends the input,
			 * so the command frees all it holds and exits 2.
			 */
			diag_warn("write error: %s", strerror(errno));
			record_status(io, EXIT_FATAL);
			io->write_failed = true;
		} else
			off += (size_t)n;
	}
	io->out.len = 0;
}

static void
jq_error(void *data, jv msg)
{
	(void)data;
	/* Compile errors describe the program, which is not data. */
	if (jv_get_kind(msg) == JV_KIND_STRING)
		diag_warn("--map: %s", jv_string_value(msg));
	jv_free(msg);
}

static void
jq_runtime_error(void *data, jv msg)
{
	/* Runtime errors may quote the record: never print them. */
	(void)data;
	jv_free(msg);
}

struct record_io *
record_open(const struct record_options *opts, char *const *files,
    int nfiles)
{
	struct record_io *io = calloc(1, sizeof(*io));

	if (io == NULL)
		diag_fatal(EXIT_FATAL, "out of memory");
	io->opts = *opts;
	io->files = files;
	io->nfiles = nfiles;
	io->out_fd = STDOUT_FILENO;
	/* A closed pipe ends the command quietly, as for cat(1). */
	signal(SIGPIPE, SIG_DFL);
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop_signal;
		sigemptyset(&sa.sa_mask);
		/* No SA_RESTART: a read waiting for input returns. */
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	io->csv_row = jv_invalid();
	io->csv_done = jv_invalid();
	if (!io->opts.unbuffered && isatty(STDOUT_FILENO))
		io->opts.unbuffered = true;
	if (opts->rejects != NULL &&
	    (io->rejects = fopen(opts->rejects, "a")) == NULL)
		diag_fatal(EXIT_FATAL, "%s: %s", opts->rejects,
		    strerror(errno));
	io->fast = opts->fields != NULL && opts->result_key != NULL &&
	    opts->map == NULL && opts->input == RECORD_JSONL &&
	    opts->output == RECORD_JSONL;
	if (opts->result_key != NULL)
		io->result_key_len = strlen(opts->result_key);
	if (opts->map != NULL) {
		io->jq = jq_init();
		if (io->jq == NULL)
			diag_fatal(EXIT_FATAL, "out of memory");
		jq_set_error_cb(io->jq, jq_error, NULL);
		if (!jq_compile(io->jq, opts->map))
			diag_fatal(EXIT_FATAL, "--map: the jq program does "
			    "not compile");
		jq_set_error_cb(io->jq, jq_runtime_error, NULL);
	}
	return io;
}

const char *
record_file(const struct record_io *io)
{
	return io->file != NULL ? io->file : "-";
}

long
record_line(const struct record_io *io)
{
	return io->record_line;
}

void
record_status(struct record_io *io, int status)
{
	if (status > io->status)
		io->status = status;
}

jv
record_error(struct record_io *io, const char *field, const char *message)
{
	diag_at(record_file(io), io->record_line, "%s: %s", field, message);
	record_status(io, EXIT_DATA);
	return jv_string_fmt("%s: %s", field, message);
}

static void
reject(struct record_io *io, const char *raw, size_t len, const char *why)
{
	diag_at(record_file(io), io->record_line, "%s", why);
	record_status(io, EXIT_DATA);
	if (io->rejects != NULL) {
		fwrite(raw, 1, len, io->rejects);
		if (len == 0 || raw[len - 1] != '\n')
			fputc('\n', io->rejects);
		if (fflush(io->rejects) != 0)
			diag_fatal(EXIT_FATAL, "%s: %s", io->opts.rejects,
			    strerror(errno));
	}
}

/* Opens the next input; false when there is none left. */
static bool
open_next(struct record_io *io)
{
	for (;;) {
		const char *name;

		if (io->in != NULL) {
			if (io->in != stdin)
				fclose(io->in);
			else
				clearerr(stdin);
			io->in = NULL;
		}
		if (io->next_file >= io->nfiles &&
		    !(io->nfiles == 0 && io->next_file == 0))
			return false;
		name = io->nfiles == 0 ? "-" : io->files[io->next_file];
		io->next_file++;
		io->line = 0;
		io->csv_have_header = false;
		if (strcmp(name, "-") == 0) {
			io->in = stdin;
			io->file = "-";
			return true;
		}
		io->file = name;
		if ((io->in = fopen(name, "r")) == NULL) {
			diag_at(name, 0, "%s", strerror(errno));
			record_status(io, EXIT_FATAL);
			continue;
		}
		return true;
	}
}

/* One physical line into io->buf; its length, or -1 at the end of input. */
static ssize_t
read_line(struct record_io *io)
{
	ssize_t len;

	for (;;) {
		if (stop_signal != 0)
			return -1;
		if (io->in == NULL && !open_next(io))
			return -1;
		errno = 0;
		len = getline(&io->buf, &io->cap, io->in);
		if (stop_signal != 0)
			return -1;	/* the line may be cut: drop it */
		if (len >= 0) {
			io->line++;
			return len;
		}
		if (ferror(io->in)) {
			diag_at(record_file(io), 0, "%s", strerror(errno));
			record_status(io, EXIT_FATAL);
		}
		if (io->opts.input == RECORD_CSV)
			return -2;	/* end of this file: finish its rows */
		if (!open_next(io))
			return -1;
	}
}

static bool
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return false;
	return true;
}

/*
 * The record of a canonical line: an object of the members the command
 * reads.  False when the line holds the result key already (it must be
 * replaced in place, which the slow path does).
 */
static bool
fast_record(struct record_io *io, const char *line, size_t n, jv *record)
{
	jv obj;

	if (!jsonscan_canonical(line, n, &io->scan))
		return false;
	for (size_t i = 0; i < io->scan.nmembers; i++) {
		const struct jsonscan_member *m = &io->scan.members[i];

		if (m->key_len == io->result_key_len &&
		    memcmp(m->key, io->opts.result_key, m->key_len) == 0)
			return false;
	}
	obj = jv_object();
	for (size_t i = 0; i < io->scan.nmembers; i++) {
		const struct jsonscan_member *m = &io->scan.members[i];
		bool whole = false, part = false;

		/* "KEY" reads the whole value, "KEY.NAME" some members, "*"
		 * every value whole. */
		for (const char *const *f = io->opts.fields; *f != NULL; f++)
			if (strcmp(*f, "*") == 0)
				whole = true;
		for (const char *const *f = io->opts.fields; *f != NULL; f++)
			if ((*f)[0] == m->key[0] &&
			    strncmp(*f, m->key, m->key_len) == 0) {
				if ((*f)[m->key_len] == '\0')
					whole = true;
				else if ((*f)[m->key_len] == '.')
					part = true;
			}
		if (whole || part)
			obj = jv_object_set(obj, jv_string_sized(m->key,
			    (int)m->key_len), whole ? jsonscan_value(m) :
			    jsonscan_value_subset(m, io->opts.fields));
	}
	io->raw_canonical = true;
	io->raw_len = n;
	*record = obj;
	return true;
}

int
record_fields_add(char ***fields, int *n, const char *path)
{
	size_t len = strcspn(path, ".");
	char **p;

	if (path[len] == '.')
		len += 1 + strcspn(path + len + 1, ".");
	for (int i = 0; i < *n; i++)
		if (strlen((*fields)[i]) == len &&
		    strncmp((*fields)[i], path, len) == 0)
			return 0;
	if ((p = realloc(*fields, ((size_t)*n + 2) * sizeof(*p))) == NULL)
		return -1;
	*fields = p;
	if ((p[*n] = strndup(path, len)) == NULL)
		return -1;
	p[++*n] = NULL;
	return 0;
}

void
record_fields_free(char **fields)
{
	for (int i = 0; fields != NULL && fields[i] != NULL; i++)
		free(fields[i]);
	free(fields);
}

const char *
record_canonical_text(const struct record_io *io, size_t *len)
{
	if (!io->raw_canonical)
		return NULL;
	*len = io->raw_len;
	return io->buf;
}

static bool
next_jsonl(struct record_io *io, jv *record)
{
	ssize_t len;

	while ((len = read_line(io)) >= 0) {
		size_t n = (size_t)len;
		jv v;

		io->record_line = io->line;
		if (is_blank(io->buf, n))
			continue;
		while (n > 0 && (io->buf[n - 1] == '\n' ||
		    io->buf[n - 1] == '\r'))
			n--;
		if (n > INT_MAX) {
			/* libjq takes a text's length as an int. */
			reject(io, io->buf, (size_t)len, "line too long "
			    "(2 GiB or more)");
			continue;
		}
		if (io->fast && fast_record(io, io->buf, n, record))
			return true;
		v = jsonscan_valid(io->buf, n) ?
		    jv_parse_sized(io->buf, (int)n) : jv_invalid();
		if (jv_get_kind(v) == JV_KIND_OBJECT) {
			*record = v;
			return true;
		}
		reject(io, io->buf, (size_t)len,
		    jv_get_kind(v) == JV_KIND_INVALID ? "not valid JSON" :
		    "not a JSON object");
		jv_free(v);
	}
	return false;
}

/* CSV input ------------------------------------------------------------ */

static void
csv_cell(void *s, size_t len, void *data)
{
	struct record_io *io = data;

	if (jv_get_kind(io->csv_row) != JV_KIND_ARRAY)
		io->csv_row = jv_array();
	if (len > INT_MAX) {
		/* libjq takes a text's length as an int: the row is refused. */
		io->csv_cell_too_long = true;
		len = 0;
	}
	io->csv_row = jv_array_append(io->csv_row,
	    jv_string_sized(s != NULL ? s : "", (int)len));
}

static void
csv_row_end(int c, void *data)
{
	struct record_io *io = data;

	(void)c;
	jv_free(io->csv_done);
	io->csv_done = jv_get_kind(io->csv_row) == JV_KIND_ARRAY ?
	    io->csv_row : jv_array();
	io->csv_row = jv_invalid();
}

static void
columns_free(struct csv_columns *c)
{
	for (size_t i = 0; i < c->n; i++)
		json_path_free(&c->paths[i]);
	free(c->paths);
	free(c->is_array);
	free(c->types);
	memset(c, 0, sizeof(*c));
}

static void
take_header(struct record_io *io, jv row)
{
	struct csv_columns *c = &io->in_cols;
	int n = jv_array_length(jv_copy(row));

	columns_free(c);
	c->n = (size_t)n;
	c->paths = calloc((size_t)n + 1, sizeof(*c->paths));
	c->is_array = calloc((size_t)n + 1, sizeof(*c->is_array));
	c->types = calloc((size_t)n + 1, sizeof(*c->types));
	if (c->paths == NULL || c->is_array == NULL || c->types == NULL)
		diag_fatal(EXIT_FATAL, "out of memory");
	for (int i = 0; i < n; i++) {
		jv h = jv_array_get(jv_copy(row), i);
		char *text = strdup(jv_string_value(h));
		size_t len = strlen(text);

		jv_free(h);
		if (len >= 2 && strcmp(text + len - 2, "[]") == 0) {
			text[len - 2] = '\0';
			c->is_array[i] = true;
		}
		json_path_init(&c->paths[i], text);
		c->types[i] = RECORD_STRING;
		for (const struct record_column_type *t = io->opts.schema;
		    t != NULL && t->path != NULL; t++)
			if (strcmp(t->path, text) == 0)
				c->types[i] = t->type;
		free(text);
	}
	jv_free(row);
}

/* A cell converted by the schema; invalid when it does not convert. */
static jv
convert_cell(const char *s, enum record_type type)
{
	char *end;
	double d;

	switch (type) {
	case RECORD_STRING:
		return jv_string(s);
	case RECORD_BOOLEAN:
		if (strcmp(s, "true") == 0 || strcmp(s, "TRUE") == 0 ||
		    strcmp(s, "1") == 0 || strcmp(s, "yes") == 0)
			return jv_true();
		if (strcmp(s, "false") == 0 || strcmp(s, "FALSE") == 0 ||
		    strcmp(s, "0") == 0 || strcmp(s, "no") == 0)
			return jv_false();
		return jv_invalid();
	case RECORD_INTEGER:
	case RECORD_NUMBER:
		errno = 0;
		d = strtod(s, &end);
		if (*s == '\0' || *end != '\0' || errno != 0 ||
		    (type == RECORD_INTEGER && d != floor(d)))
			return jv_invalid();
		return jv_number(d);
	}
	return jv_invalid();
}

static jv
set_path(jv obj, const struct json_path *p, int at, jv value)
{
	jv key = jv_copy(p->keys[at]);
	jv child;

	if (at == p->depth - 1)
		return jv_object_set(obj, key, value);
	child = jv_object_get(jv_copy(obj), jv_copy(key));
	if (jv_get_kind(child) != JV_KIND_OBJECT) {
		jv_free(child);
		child = jv_object();
	}
	return jv_object_set(obj, key, set_path(child, p, at + 1, value));
}

/* Builds the record of a data row; false (and a message) to reject it. */
static bool
row_to_record(struct record_io *io, jv row, jv *record, const char **why)
{
	struct csv_columns *c = &io->in_cols;
	int n = jv_array_length(jv_copy(row));
	jv obj = jv_object();

	if ((size_t)n != c->n) {
		*why = "a row whose number of fields differs from the header";
		jv_free(row);
		jv_free(obj);
		return false;
	}
	for (int i = 0; i < n; i++) {
		jv cell = jv_array_get(jv_copy(row), i);
		const char *s = jv_string_value(cell);
		jv value;

		if (*s == '\0') {
			jv_free(cell);
			continue;
		}
		if (c->is_array[i]) {
			value = jv_array();
			for (const char *p = s;;) {
				const char *bar = strchr(p, '|');
				size_t len = bar ? (size_t)(bar - p) : strlen(p);
				char *part = strndup(p, len);
				jv e = convert_cell(part, c->types[i]);

				free(part);
				if (!jv_is_valid(e)) {
					jv_free(value);
					value = e;
					break;
				}
				value = jv_array_append(value, e);
				if (bar == NULL)
					break;
				p = bar + 1;
			}
		} else
			value = convert_cell(s, c->types[i]);
		jv_free(cell);
		if (!jv_is_valid(value)) {
			jv_free(value);
			/* A value the schema cannot convert: keep it as text
			 * so the command reports the field as a record error. */
			value = jv_array_get(jv_copy(row), i);
		}
		obj = set_path(obj, &c->paths[i], 0, value);
	}
	jv_free(row);
	*record = obj;
	return true;
}

static bool
next_csv(struct record_io *io, jv *record)
{
	ssize_t len;

	for (;;) {
		if (!io->csv_started) {
			if (csv_init(&io->csv, CSV_APPEND_NULL) != 0)
				diag_fatal(EXIT_FATAL, "out of memory");
			io->csv_started = true;
		}
		len = read_line(io);
		if (len == -1 && io->in == NULL && io->csv_raw.len == 0)
			return false;
		if (jv_get_kind(io->csv_row) != JV_KIND_ARRAY &&
		    io->csv_raw.len == 0)
			io->record_line = io->line;
		if (len >= 0) {
			json_buf_append(&io->csv_raw, io->buf, (size_t)len);
			if (csv_parse(&io->csv, io->buf, (size_t)len, csv_cell,
			    csv_row_end, io) != (size_t)len) {
				reject(io, io->csv_raw.data, io->csv_raw.len,
				    "not valid CSV");
				csv_free(&io->csv);
				io->csv_started = false;
				io->csv_raw.len = 0;
				jv_free(io->csv_row);
				io->csv_row = jv_invalid();
				continue;
			}
		} else {
			csv_fini(&io->csv, csv_cell, csv_row_end, io);
			csv_free(&io->csv);
			io->csv_started = false;
			if (len == -2)
				open_next(io);
			if (jv_get_kind(io->csv_done) != JV_KIND_ARRAY) {
				io->csv_raw.len = 0;
				if (len == -1 || io->in == NULL)
					return false;
				continue;
			}
		}
		if (jv_get_kind(io->csv_done) == JV_KIND_ARRAY) {
			jv row = io->csv_done;
			const char *why;

			io->csv_done = jv_invalid();
			if (io->csv_cell_too_long) {
				io->csv_cell_too_long = false;
				jv_free(row);
				reject(io, io->csv_raw.data, io->csv_raw.len,
				    "cell too long (2 GiB or more)");
				io->csv_raw.len = 0;
				continue;
			}
			if (!io->csv_have_header) {
				take_header(io, row);
				io->csv_have_header = true;
				io->csv_raw.len = 0;
				continue;
			}
			if (row_to_record(io, row, record, &why)) {
				io->csv_raw.len = 0;
				return true;
			}
			reject(io, io->csv_raw.data, io->csv_raw.len, why);
			io->csv_raw.len = 0;
		} else if (len >= 0 && jv_get_kind(io->csv_row) !=
		    JV_KIND_ARRAY && is_blank(io->buf, (size_t)len))
			io->csv_raw.len = 0;	/* a blank line */
	}
}

/* --map ---------------------------------------------------------------- */

static jv
apply_map(struct record_io *io, jv record, const char **map_error)
{
	jv out, extra;

	jq_start(io->jq, jv_copy(record), 0);
	out = jq_next(io->jq);
	if (jv_get_kind(out) != JV_KIND_OBJECT) {
		*map_error = jv_is_valid(out) ? "did not yield an object" :
		    "failed or yielded nothing";
		jv_free(out);
		return record;
	}
	extra = jq_next(io->jq);
	if (jv_is_valid(extra)) {
		*map_error = "yielded more than one value";
		jv_free(extra);
		jv_free(out);
		return record;
	}
	jv_free(extra);
	jv_free(record);
	return out;
}

bool
record_next(struct record_io *io, jv *record, const char **map_error)
{
	bool ok;

	*map_error = NULL;
	io->raw_canonical = false;
	if (io->write_failed)
		return false;
	ok = io->opts.input == RECORD_CSV ? next_csv(io, record) :
	    next_jsonl(io, record);
	if (ok && io->jq != NULL)
		*record = apply_map(io, *record, map_error);
	return ok;
}

/* CSV output ----------------------------------------------------------- */

static void
collect_columns(jv v, char *prefix, size_t plen, jv *names)
{
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		*names = jv_array_append(*names, jv_string_sized(prefix,
		    (int)plen));
		return;
	}
	for (int it = jv_object_iter(v); jv_object_iter_valid(v, it);
	    it = jv_object_iter_next(v, it)) {
		jv k = jv_object_iter_key(v, it);
		jv e = jv_object_iter_value(v, it);
		size_t klen = (size_t)jv_string_length_bytes(jv_copy(k));
		char *p = malloc(plen + klen + 2);

		memcpy(p, prefix, plen);
		if (plen > 0)
			p[plen] = '.';
		memcpy(p + plen + (plen > 0), jv_string_value(k), klen);
		collect_columns(e, p, plen + (plen > 0) + klen, names);
		free(p);
		jv_free(k);
		jv_free(e);
	}
}

static void
csv_field(struct json_buf *b, const char *s, size_t n)
{
	bool quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');

	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = true;
	if (!quote) {
		json_buf_append(b, s, n);
		return;
	}
	json_buf_reserve(b, 2 * n + 2);
	b->len += csv_write(b->data + b->len, 2 * n + 2, s, n);
}

/* A leaf as CSV text: strings bare, arrays joined with '|'. */
static void
csv_value(struct json_buf *cell, jv v)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_INVALID:
	case JV_KIND_NULL:
		break;
	case JV_KIND_STRING:
		json_buf_append(cell, jv_string_value(v),
		    (size_t)jv_string_length_bytes(jv_copy(v)));
		break;
	case JV_KIND_ARRAY:
		for (int i = 0, n = jv_array_length(jv_copy(v)); i < n; i++) {
			jv e = jv_array_get(jv_copy(v), i);

			if (i > 0)
				json_buf_append(cell, "|", 1);
			if (jv_get_kind(e) == JV_KIND_STRING)
				csv_value(cell, e);
			else
				json_emit(cell, jv_copy(e));
			jv_free(e);
		}
		break;
	default:
		json_emit(cell, jv_copy(v));
	}
}

static void
write_csv(struct record_io *io, jv record)
{
	struct csv_columns *c = &io->out_cols;
	struct json_buf cell = {0};

	if (!io->csv_header_written) {
		jv names = jv_array();

		collect_columns(record, "", 0, &names);
		c->n = (size_t)jv_array_length(jv_copy(names));
		c->paths = calloc(c->n + 1, sizeof(*c->paths));
		for (size_t i = 0; i < c->n; i++) {
			jv name = jv_array_get(jv_copy(names), (int)i);
			const char *text = jv_string_value(name);

			if (i > 0)
				json_buf_append(&io->out, ",", 1);
			csv_field(&io->out, text, strlen(text));
			json_path_init(&c->paths[i], text);
			jv_free(name);
		}
		json_buf_append(&io->out, "\n", 1);
		jv_free(names);
		io->csv_header_written = true;
	}
	for (size_t i = 0; i < c->n; i++) {
		jv v = json_get(record, &c->paths[i]);

		cell.len = 0;
		csv_value(&cell, v);
		if (i > 0)
			json_buf_append(&io->out, ",", 1);
		csv_field(&io->out, cell.data ? cell.data : "", cell.len);
	}
	json_buf_append(&io->out, "\n", 1);
	json_buf_free(&cell);
	jv_free(record);
}

void
record_write(struct record_io *io, jv record)
{
	if (io->raw_canonical)
		diag_fatal(EXIT_FATAL, "internal error: a partial record "
		    "written whole");
	if (io->opts.output == RECORD_CSV)
		write_csv(io, record);
	else {
		json_emit(&io->out, record);
		json_buf_append(&io->out, "\n", 1);
	}
	if (io->opts.unbuffered || io->out.len >= OUTPUT_CHUNK)
		flush_output(io);
}

/* The input's bytes up to its closing brace, then the result key. */
static void
append_raw_head(struct record_io *io)
{
	json_buf_append(&io->out, io->buf, io->raw_len - 1);
	if (io->scan.nmembers > 0)
		json_buf_append(&io->out, ",", 1);
	json_emit_string(&io->out, io->opts.result_key, io->result_key_len);
	json_buf_append(&io->out, ":", 1);
}

/* After the result: the record's end, and out in big writes. */
static void
append_raw_tail(struct record_io *io)
{
	json_buf_append(&io->out, "}\n", 2);
	io->raw_canonical = false;
	if (io->opts.unbuffered || io->out.len >= OUTPUT_CHUNK)
		flush_output(io);
}

void
record_write_result(struct record_io *io, jv record, jv result)
{
	if (!io->raw_canonical) {
		record_write(io, jv_object_set(record,
		    jv_string(io->opts.result_key), result));
		return;
	}
	jv_free(record);
	append_raw_head(io);
	json_emit(&io->out, result);
	append_raw_tail(io);
}

void
record_write_result_json(struct record_io *io, jv record, const char *json,
    size_t len)
{
	if (!io->raw_canonical) {
		/* Rare (CSV, --map, a line not canonical): the slow way. */
		record_write_result(io, record, jv_parse_sized(json,
		    (int)len));
		return;
	}
	jv_free(record);
	append_raw_head(io);
	json_buf_append(&io->out, json, len);
	append_raw_tail(io);
}

int
record_close(struct record_io *io)
{
	int status;

	flush_output(io);
	if (io->in != NULL && io->in != stdin)
		fclose(io->in);
	if (io->rejects != NULL && fclose(io->rejects) != 0) {
		diag_warn("%s: %s", io->opts.rejects, strerror(errno));
		record_status(io, EXIT_FATAL);
	}
	if (io->jq != NULL)
		jq_teardown(&io->jq);
	if (io->csv_started)
		csv_free(&io->csv);
	columns_free(&io->in_cols);
	columns_free(&io->out_cols);
	jv_free(io->csv_row);
	jv_free(io->csv_done);
	json_buf_free(&io->csv_raw);
	json_buf_free(&io->out);
	free(io->buf);
	status = io->status;
	free(io);
	if (stop_signal != 0) {
		/* Whole records are out: now end as the signal asked. */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return status;
}
