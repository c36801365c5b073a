/* letter-render -- render a notice for each record from a letter template */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "json.h"
#include "record.h"
#include "timefmt.h"
#include "tmpl.h"

static const char help_usage[] =
"usage: letter-render [-h] -t NAME [-f text|html] [-l LANG]\n"
"                     [--templates DIR] [--out-dir DIR [--name JQ] [--force]]\n"
"                     [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]\n"
"                     [--unbuffered] [--as-of DATETIME] [--tz ZONE]\n"
"                     [FILE ...]\n"
"\n"
"Adds \"letter\": the notice of each record rendered from a letter\n"
"template, in the member's language (member.language), or writes one\n"
"file per record with --out-dir.\n";

/* Its own options; cli adds the ones every command has. */
static const char help_options[] =
"  -t, --template NAME    the letter: noa-denial, noa-modify, noa-delay,\n"
"                         provider-decision, rfi, ccm-outreach,\n"
"                         ccm-enrollment, ccm-pcp, or one of --templates\n"
"  -f, --format FORMAT    text (default) or html, a whole printable page\n"
"  -l, --language LANG    this language for every record instead of\n"
"                         member.language (e.g. en for letters to providers)\n"
"      --templates DIR    look for templates in DIR first\n"
"      --out-dir DIR      write each letter to a file in DIR\n"
"      --name JQ          the file's name (default: .tar_id // .member.id)\n"
"      --force            replace files that exist\n"
"      --as-of DATETIME   the letter's date, $today (default: now)\n"
"      --tz ZONE          the plan's time zone (America/Los_Angeles)\n";

static const char help_status[] =
"Exit status: 0 every letter rendered, 1 a line rejected or a record\n"
"error (a value the letter needs is missing), 2 usage, template, file or\n"
"write error.  See letter-render(1) and umkit-template(5).\n";

static const struct cli_help help = {help_usage, help_options, help_status};

enum {
	OPT_FORCE = CLI_COMMAND_OPTION,
	OPT_NAME,
	OPT_OUT_DIR,
	OPT_TEMPLATES
};

static const struct option longopts[] = {
	{"format",	required_argument,	NULL,	'f'},
	{"language",	required_argument,	NULL,	'l'},
	{"template",	required_argument,	NULL,	't'},
	{"force",	no_argument,		NULL,	OPT_FORCE},
	{"name",	required_argument,	NULL,	OPT_NAME},
	{"out-dir",	required_argument,	NULL,	OPT_OUT_DIR},
	{"templates",	required_argument,	NULL,	OPT_TEMPLATES},
	{NULL,		0,			NULL,	0}
};

#define DEFAULT_NAME	".tar_id // .member.id"
#define MAX_NAME	200	/* bytes of a file name, before its suffix */

struct options {
	struct cli	 cli;
	const char	*template;	/* -t */
	enum tmpl_format format;	/* -f */
	const char	*language;	/* -l, or NULL for member.language */
	const char	*templates;	/* --templates */
	const char	*out_dir;	/* --out-dir */
	const char	*name;		/* --name */
	bool		 force;
};

/* What the command loads once and every record uses. */
struct context {
	const struct options *opts;
	struct tmpl_env	 env;
	struct tmpl_letter *letter;
	struct tmpl_expr *name;		/* with --out-dir */
	int		 dir_fd;	/* the --out-dir, for fsync */
	mode_t		 mode;		/* of new files: 0666 less the umask */
	struct json_path member_language;
	struct json_buf	 body, file;
	struct json_buf	 result;	/* "letter" as JSON text */
	char		**fields;	/* of the record, read */
};

enum write_status { WRITE_OK, WRITE_EXISTS, WRITE_FAILED };

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Opens the --out-dir, making it (one level) when it does not exist. */
static int
open_out_dir(const struct options *opts)
{
	int fd;

	if (mkdir(opts->out_dir, 0777) != 0 && errno != EEXIST)
		diag_fatal(EXIT_FATAL, "--out-dir: %s: %s", opts->out_dir,
		    strerror(errno));
	if (!is_dir(opts->out_dir))
		diag_fatal(EXIT_FATAL, "--out-dir: %s: not a directory",
		    opts->out_dir);
	if ((fd = open(opts->out_dir, O_RDONLY | O_DIRECTORY)) < 0)
		diag_fatal(EXIT_FATAL, "--out-dir: %s: %s", opts->out_dir,
		    strerror(errno));
	return fd;
}

static void
context_init(struct context *ctx, const struct options *opts)
{
	struct datafile_error e;
	char message[256];
	mode_t mask;

	memset(ctx, 0, sizeof(*ctx));
	ctx->opts = opts;
	ctx->dir_fd = -1;
	if (tmpl_env_init(&ctx->env, opts->templates, NULL,
	    timefmt_local_date(opts->cli.as_of), opts->format == TMPL_HTML,
	    &e) != 0)
		cli_load_error(&e);
	switch (tmpl_letter_load(&ctx->env, opts->template, &ctx->letter,
	    &e)) {
	case TMPL_LOADED:
		break;
	case TMPL_NO_SUCH_LETTER:
		cli_usage_error(&opts->cli, "-t: no letter named '%s' in %s%s%s",
		    opts->template, ctx->env.dirs[0], ctx->env.ndirs > 1 ?
		    " or " : "", ctx->env.ndirs > 1 ? ctx->env.dirs[1] : "");
	case TMPL_INVALID:
		cli_load_error(&e);
	}
	if (opts->out_dir != NULL) {
		ctx->name = tmpl_expr_new(opts->name != NULL ? opts->name :
		    DEFAULT_NAME, message, sizeof(message));
		if (ctx->name == NULL)
			cli_usage_error(&opts->cli, "--name: %s", message);
		ctx->dir_fd = open_out_dir(opts);
	}
	mask = umask(0);
	umask(mask);
	ctx->mode = 0666 & ~mask;
	json_path_init(&ctx->member_language, "member.language");
}

static void
context_free(struct context *ctx)
{
	tmpl_letter_free(ctx->letter);
	tmpl_expr_free(ctx->name);
	tmpl_env_free(&ctx->env);
	if (ctx->dir_fd >= 0)
		close(ctx->dir_fd);
	json_path_free(&ctx->member_language);
	json_buf_free(&ctx->body);
	json_buf_free(&ctx->file);
	json_buf_free(&ctx->result);
	record_fields_free(ctx->fields);
}

static const char *const every_field[] = {"*", NULL};

/*
 * The record's keys a letter reads: its templates', and member.language
 * for the variant.  The fast path then builds no other value of a record.
 * A --name may read any.
 */
static const char *const *
read_fields(struct context *ctx)
{
	const char *const *letter = tmpl_letter_fields(ctx->letter);
	int n = 0, failed = 0;

	if (letter == NULL || ctx->opts->out_dir != NULL)
		return every_field;
	for (; *letter != NULL; letter++)
		failed |= record_fields_add(&ctx->fields, &n, *letter);
	if (failed | record_fields_add(&ctx->fields, &n, "member.language"))
		diag_fatal(EXIT_FATAL, "out of memory");
	return (const char *const *)ctx->fields;
}

/*
 * The record's language code in lang: -l, else member.language lower
 * case without a region ("es-MX" is "es"), else NULL for English.
 */
static const char *
read_language(const struct context *ctx, jv record,
    char lang[TMPL_LANGUAGE_SIZE], const char **error)
{
	const char *s = ctx->opts->language;
	size_t n = 0;
	jv v;

	*error = NULL;
	if (s == NULL) {
		v = json_get(record, &ctx->member_language);
		if (!json_is_present(v))
			return NULL;
		if (jv_get_kind(v) != JV_KIND_STRING) {
			*error = "not a string";
			return NULL;
		}
		s = jv_string_value(v);
	}
	for (; s[n] != '\0' && s[n] != '-' && s[n] != '_'; n++) {
		if (n + 1 >= TMPL_LANGUAGE_SIZE)
			break;
		lang[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] - 'A' + 'a' :
		    s[n]);
	}
	lang[n] = '\0';
	if ((s[n] != '\0' && s[n] != '-' && s[n] != '_') ||
	    !tmpl_is_language(lang)) {
		*error = "not a language code such as en or es";
		return NULL;
	}
	return lang;
}

/*
 * The file name of a record's letter in ctx->file: the --name value
 * reduced to letters, digits, '.', '_' and '-', with the format's
 * suffix.  A message when it is empty, starts with a dot or is too long.
 */
static const char *
file_name(struct context *ctx, jv record)
{
	const char *suffix = ctx->opts->format == TMPL_HTML ? ".html" :
	    ".txt";
	size_t n = 0, sn = strlen(suffix);
	const char *why;

	ctx->file.len = 0;
	if (tmpl_expr_text(ctx->name, record, &ctx->file, &why) != 0)
		return why;
	for (size_t i = 0; i < ctx->file.len; i++) {
		char c = ctx->file.data[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
			ctx->file.data[n++] = c;
	}
	ctx->file.len = n;
	if (n == 0 || ctx->file.data[0] == '.')
		return "the file name is empty or starts with a dot once "
		    "unsafe characters are removed";
	if (n > MAX_NAME)
		return "the file name is too long";
	if (n < sn || memcmp(ctx->file.data + n - sn, suffix, sn) != 0)
		json_buf_append(&ctx->file, suffix, sn);
	json_buf_append(&ctx->file, "", 1);
	return NULL;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Writes a letter completely or not at all: into a temporary file in the
 * same directory, synced, then renamed to its name (without --force,
 * only when no file has that name).  errno tells a WRITE_FAILED.
 */
static enum write_status
write_letter(const struct context *ctx, const char *path, const char *name,
    const char *data, size_t len)
{
	char tmp[PATH_MAX];
	int fd, e;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX",
	    ctx->opts->out_dir, name) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return WRITE_FAILED;
	}
	if ((fd = mkstemp(tmp)) < 0)
		return WRITE_FAILED;
	if (fchmod(fd, ctx->mode) != 0 || write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return WRITE_FAILED;
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return WRITE_FAILED;
	}
	if (ctx->opts->force) {
		if (rename(tmp, path) != 0)
			goto failed;
	} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path,
	    RENAME_NOREPLACE) != 0) {
		if (errno == EEXIST) {
			unlink(tmp);
			return WRITE_EXISTS;
		}
		if (errno != EINVAL && errno != ENOSYS)
			goto failed;
		/* A file system without renameat2: link(2) never replaces. */
		if (link(tmp, path) != 0) {
			if (errno == EEXIST) {
				unlink(tmp);
				return WRITE_EXISTS;
			}
			goto failed;
		}
		unlink(tmp);
	}
	if (fsync(ctx->dir_fd) != 0 && errno != EINVAL)
		return WRITE_FAILED;
	return WRITE_OK;
failed:
	e = errno;
	unlink(tmp);
	errno = e;
	return WRITE_FAILED;
}

/* Writes the body to the --out-dir; the letter's path, or an error. */
static jv
save_letter(struct context *ctx, struct record_io *io, jv record,
    bool *stop)
{
	const char *dir = ctx->opts->out_dir, *why;
	size_t dn = strlen(dir);
	jv path;

	if ((why = file_name(ctx, record)) != NULL)
		return JV_OBJECT(jv_string("error"),
		    record_error(io, "--name", why));
	path = jv_string_fmt("%.*s/%s", (int)(dn > 1 && dir[dn - 1] == '/' ?
	    dn - 1 : dn), dir, ctx->file.data);
	switch (write_letter(ctx, jv_string_value(path), ctx->file.data,
	    ctx->body.data, ctx->body.len)) {
	case WRITE_OK:
		return path;
	case WRITE_EXISTS:
		jv_free(path);
		return JV_OBJECT(jv_string("error"), record_error(io,
		    "--out-dir", "a file of that name exists (--force "
		    "replaces it)"));
	case WRITE_FAILED:
		break;
	}
	/* A full disk or another I/O error stops the command (exit 2). */
	jv_free(path);
	*stop = true;
	why = strerror(errno);
	diag_at(record_file(io), record_line(io), "--out-dir: %s: %s", dir,
	    why);
	record_status(io, EXIT_FATAL);
	return JV_OBJECT(jv_string("error"), jv_string_fmt("--out-dir: %s",
	    why));
}

/* Appends ,"KEY":"TEXT". */
static void
append_member(struct json_buf *b, const char *key, const char *text)
{
	json_buf_append(b, ",\"", 2);
	json_buf_append(b, key, strlen(key));
	json_buf_append(b, "\":", 2);
	json_emit_string(b, text, strlen(text));
}

/*
 * The letter's result as JSON text in ctx->result, the members in the
 * order of letter_for_record()'s object.  The body is copied once
 * instead of built as a jv string, whose check of kilobytes of UTF-8 cost
 * more than rendering them; so this is only for a body known to be valid
 * UTF-8 (a jv mends one that is not, as ever).
 */
static void
letter_json(struct context *ctx, const struct tmpl *t, const char *lang,
    bool fallback)
{
	const struct options *opts = ctx->opts;
	struct json_buf *b = &ctx->result;

	b->len = 0;
	json_buf_append(b, "{\"template\":", 12);
	json_emit_string(b, opts->template, strlen(opts->template));
	append_member(b, "language", tmpl_language(t));
	if (fallback)
		append_member(b, "requested_language", lang);
	append_member(b, "format", opts->format == TMPL_HTML ? "html" :
	    "text");
	json_buf_append(b, ",\"body\":", 8);
	json_emit_string(b, ctx->body.data, ctx->body.len);
	json_buf_append(b, "}", 1);
}

/*
 * The record's result: a jv, or jv_invalid() when it is JSON text in
 * ctx->result.
 */
static jv
letter_for_record(struct context *ctx, struct record_io *io, jv record,
    bool *stop)
{
	const struct options *opts = ctx->opts;
	char lang_buf[TMPL_LANGUAGE_SIZE], where[320];
	const char *lang, *error;
	struct tmpl_failure failure;
	struct tmpl *t;
	bool fallback;
	jv letter;

	lang = read_language(ctx, record, lang_buf, &error);
	if (error != NULL)
		return JV_OBJECT(jv_string("error"), record_error(io,
		    opts->language != NULL ? "-l" : "member.language", error));
	t = tmpl_letter_variant(ctx->letter, lang, &fallback);
	ctx->body.len = 0;
	if (tmpl_render(t, record, fallback ? lang : NULL, opts->format,
	    &ctx->body, &failure) != 0) {
		snprintf(where, sizeof(where), "%s (template %s)",
		    failure.message, failure.where);
		return JV_OBJECT(jv_string("error"), record_error(io,
		    failure.expr, where));
	}
	if (opts->out_dir == NULL && tmpl_rendered_utf8(t)) {
		letter_json(ctx, t, lang, fallback);
		return jv_invalid();
	}
	letter = JV_OBJECT(jv_string("template"), jv_string(opts->template),
	    jv_string("language"), jv_string(tmpl_language(t)));
	if (fallback)
		letter = jv_object_set(letter, jv_string("requested_language"),
		    jv_string(lang));
	letter = jv_object_set(letter, jv_string("format"),
	    jv_string(opts->format == TMPL_HTML ? "html" : "text"));
	if (opts->out_dir != NULL) {
		jv path = save_letter(ctx, io, record, stop);

		if (jv_get_kind(path) != JV_KIND_STRING) {
			jv_free(letter);
			return path;
		}
		return jv_object_set(letter, jv_string("path"), path);
	}
	return jv_object_set(letter, jv_string("body"), jv_string_sized(
	    ctx->body.data, (int)ctx->body.len));
}

int
main(int argc, char *argv[])
{
	struct options opts = {0};
	struct context ctx;
	struct record_io *io;
	const char *map_error;
	bool stop = false;
	jv record, letter;
	int ch, status;

	diag_init(argv[0]);
	opts.cli.help = &help;
	while ((ch = cli_getopt(&opts.cli, argc, argv, "f:l:t:", longopts)) !=
	    -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				opts.format = TMPL_TEXT;
			else if (strcmp(optarg, "html") == 0)
				opts.format = TMPL_HTML;
			else
				cli_usage_error(&opts.cli, "-f: unknown format "
				    "'%s' (text or html)", optarg);
			break;
		case 'l':
			opts.language = optarg;
			break;
		case 't':
			opts.template = optarg;
			break;
		case OPT_FORCE:
			opts.force = true;
			break;
		case OPT_NAME:
			opts.name = optarg;
			break;
		case OPT_OUT_DIR:
			opts.out_dir = optarg;
			break;
		case OPT_TEMPLATES:
			opts.templates = optarg;
			break;
		default:
			cli_help_exit(&opts.cli, EXIT_FATAL);
		}
	}
	if (opts.template == NULL)
		cli_usage_error(&opts.cli, "-t: which letter? (e.g. -t "
		    "noa-denial)");
	if (opts.out_dir == NULL && (opts.name != NULL || opts.force))
		cli_usage_error(&opts.cli, "%s needs --out-dir",
		    opts.name != NULL ? "--name" : "--force");
	if (opts.templates != NULL && !is_dir(opts.templates))
		cli_usage_error(&opts.cli, "--templates: %s: not a directory",
		    opts.templates);
	if (opts.language != NULL) {
		char lang[TMPL_LANGUAGE_SIZE];

		if (strlen(opts.language) >= sizeof(lang) ||
		    !tmpl_is_language(opts.language))
			cli_usage_error(&opts.cli, "-l: '%s' is not a language "
			    "code such as en or es", opts.language);
	}
	cli_finish(&opts.cli);
	/* A file size limit is an error to report, not a signal to die of. */
	signal(SIGXFSZ, SIG_IGN);
	context_init(&ctx, &opts);

	/* The line itself is copied out. */
	opts.cli.record.fields = read_fields(&ctx);
	opts.cli.record.result_key = "letter";
	io = record_open(&opts.cli.record, argv + optind, argc - optind);
	while (!stop && record_next(io, &record, &map_error)) {
		if (map_error != NULL)
			letter = JV_OBJECT(jv_string("error"),
			    record_error(io, "--map", map_error));
		else
			letter = letter_for_record(&ctx, io, record, &stop);
		if (jv_is_valid(letter))
			record_write_result(io, record, letter);
		else
			record_write_result_json(io, record, ctx.result.data,
			    ctx.result.len);
	}
	status = record_close(io);
	context_free(&ctx);
	cli_free(&opts.cli);
	return status;
}
