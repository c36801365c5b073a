/* tmpl -- letter templates: jq values, sections, partials; text and HTML */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jq.h>

#include "alloc.h"
#include "datafile.h"
#include "date.h"
#include "jqsubset.h"
#include "json.h"
#include "timefmt.h"
#include "tmpl.h"

#define NPOS		((size_t)-1)
#define MAX_PARTIAL_DEPTH 8
#define MAX_BLOCK_DEPTH	32
#define MAX_FILE_SIZE	(1024 * 1024)

/*
 * Helpers every expression may call, and the bindings of each call: the
 * input of the program is [expression number, ., $fallback, $record].
 */
static const char prelude[] =
"def nonempty: if (type == \"array\" or type == \"object\" or "
"type == \"string\") and length == 0 then null else . end;\n"
". as [$__i, $__x, $fallback, $record] |\n";

/*
 * NODE_CONST is a value that is the same for every record ($plan.name),
 * looked up when the template is loaded.
 */
enum node_kind {
	NODE_TEXT, NODE_CONST, NODE_VALUE, NODE_DATE, NODE_IF, NODE_EACH
};

struct node;

struct nodes {
	struct node	*v;
	int		 n, cap;
};

struct node {
	enum node_kind	 kind;
	char		*text;		/* NODE_TEXT, NODE_CONST */
	size_t		 len;
	int		 expr;		/* every other kind */
	struct nodes	 body, alt;	/* NODE_IF, NODE_EACH */
};

/*
 * An expression of a tag.  One of the forms jqsubset knows (.member.id,
 * .decision.basis == "x", $fallback) runs in C, as jq would; every other
 * is function number jq of the template's program.
 */
struct expr {
	char		*text;
	const char	*file;		/* base name of its template */
	long		 line;
	struct jqsubset	*subset;	/* or NULL */
	int		 jq;		/* the function's number */
};

/* The variables of an expression, in the order render() passes them. */
enum variable {
	VAR_FALLBACK, VAR_RECORD, VAR_PLAN, VAR_TODAY, VAR_LANGUAGE,
	NVARIABLES
};
static const char *const variable_names[NVARIABLES + 1] = {
	"fallback", "record", "plan", "today", "language", NULL
};

/* A piece of rendered text: template text, or a value from the record. */
struct seg {
	size_t		 off, len;
	bool		 value;
};

struct line {
	int		 first, n;	/* pieces */
};

struct tmpl {
	const struct tmpl_env *env;
	char		 language[TMPL_LANGUAGE_SIZE];
	const struct tmpl_language *spelling;
	jv		 language_value;	/* $language */
	char		*path;
	struct nodes	 nodes;
	struct expr	*exprs;
	int		 nexprs, cap_exprs, njq;
	char		**files;	/* the files read, for messages */
	int		 nfiles;
	jq_state	*jq;

	/*
	 * Whether the template's own text (its files, $plan, the page
	 * style, the spelling of dates) is valid UTF-8, checked once; and
	 * whether the last letter's values were.
	 */
	bool		 text_utf8, values_utf8;

	/* Scratch space of a render, kept to spare allocations. */
	struct json_buf	 bytes;
	struct seg	*segs, *pieces;
	int		 nsegs, cap_segs, npieces, cap_pieces;
	struct line	*lines;
	int		 nlines, cap_lines;
};

enum tok_kind {
	TOK_TEXT, TOK_VALUE, TOK_DATE, TOK_IF, TOK_EACH, TOK_ELSE,
	TOK_CLOSE_IF, TOK_CLOSE_EACH, TOK_PARTIAL
};

struct token {
	enum tok_kind	 kind;
	const char	*s;		/* text, expression or partial name */
	size_t		 len;
	long		 line;
};

struct parser {
	struct tmpl	*t;
	const char	*path;		/* for load errors */
	const char	*name;		/* base name, for record errors */
	char		*src;
	size_t		 n;
	struct token	*toks;
	int		 ntoks, cap_toks;
	int		 depth;		/* of partials */
	struct datafile_error *error;
};

struct tmpl_letter {
	struct tmpl	**variants;
	int		 n;
	int		 english;
	char		**fields;	/* the record's keys read, or NULL */
};

struct tmpl_expr {
	jq_state	*jq;
};

static void	 append(struct json_buf *, const char *, size_t);
static bool	 is_blank(const char *, size_t);
static bool	 is_text_utf8(const struct tmpl *);
static char	**letter_fields(const struct tmpl_letter *);
static int	 parse_file(struct tmpl *, const char *path, int depth,
		    struct nodes *, struct datafile_error *);

/* json_buf_append, but nothing at all for nothing (memcpy wants data). */
static void
append(struct json_buf *b, const char *s, size_t n)
{
	if (n > 0)
		json_buf_append(b, s, n);
}

static void
set_error(struct datafile_error *e, const char *file, long line,
    const char *fmt, ...)
{
	va_list ap;

	snprintf(e->file, sizeof(e->file), "%s", file);
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The whole of a small file, NUL-terminated; NULL with errno set. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "r");
	struct json_buf b = {0};
	char chunk[8192];
	size_t n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		append(&b, chunk, n);
		if (b.len > MAX_FILE_SIZE) {
			fclose(fp);
			json_buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
	}
	if (ferror(fp)) {
		int e = errno;

		fclose(fp);
		json_buf_free(&b);
		errno = e;
		return NULL;
	}
	fclose(fp);
	append(&b, "", 1);
	*len = b.len - 1;
	return b.data;
}

/* Environment ------------------------------------------------------------ */

bool
tmpl_is_language(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

/* The first template directory holding a file; a malloc'd path or NULL. */
static char *
find_in_dirs(const struct tmpl_env *env, const char *file)
{
	for (int i = 0; i < env->ndirs; i++) {
		size_t n = strlen(env->dirs[i]) + strlen(file) + 2;
		char *path = alloc_array(NULL, n, 1);

		snprintf(path, n, "%s/%s", env->dirs[i], file);
		if (is_file(path))
			return path;
		free(path);
	}
	return NULL;
}

static bool
is_key(const char *s)
{
	bool start = true;

	for (; *s != '\0'; s++) {
		if (*s == '.' && !start) {
			start = true;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return false;
		start = false;
	}
	return !start;
}

jv
tmpl_plan_load(const char *path, struct datafile_error *error)
{
	struct datafile df;
	jv plan = jv_object();
	int n;

	if (datafile_open(&df, path, error) != 0) {
		jv_free(plan);
		return jv_invalid();
	}
	while ((n = datafile_next(&df)) > 0) {
		jv keys, old;

		if (n != 2 || !is_key(df.tokens[0])) {
			datafile_fail(&df, "expected KEY \"TEXT\", the key a "
			    "dotted name of a-z, 0-9 and _");
			goto fail;
		}
		keys = jv_array();
		for (char *s = df.tokens[0], *dot; s != NULL;
		    s = dot != NULL ? dot + 1 : NULL) {
			dot = strchr(s, '.');
			keys = jv_array_append(keys, dot != NULL ?
			    jv_string_sized(s, (int)(dot - s)) : jv_string(s));
		}
		old = jv_getpath(jv_copy(plan), jv_copy(keys));
		if (jv_get_kind(old) != JV_KIND_NULL) {
			jv_free(old);
			jv_free(keys);
			datafile_fail(&df, "%s is given twice", df.tokens[0]);
			goto fail;
		}
		jv_free(old);
		plan = jv_setpath(plan, keys, jv_string(df.tokens[1]));
		if (!jv_is_valid(plan)) {
			jv_free(plan);
			plan = jv_object();
			datafile_fail(&df, "%s is inside a key that holds a "
			    "text", df.tokens[0]);
			goto fail;
		}
	}
	if (n < 0)
		goto fail;
	datafile_close(&df);
	return plan;
fail:
	datafile_close(&df);
	jv_free(plan);
	return jv_invalid();
}

/* Whether a date pattern uses only %B, %d, %Y and %%. */
static bool
is_date_pattern(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p != 'B' && *p != 'd' && *p != 'Y' && *p != '%')
			return false;
	}
	return true;
}

static int
load_languages(struct tmpl_env *env, const char *path,
    struct datafile_error *error)
{
	struct datafile df;
	int n;

	if (datafile_open(&df, path, error) != 0)
		return -1;
	while ((n = datafile_next(&df)) > 0) {
		struct tmpl_language *l;

		if (n != 14 || !tmpl_is_language(df.tokens[0]) ||
		    !is_date_pattern(df.tokens[1])) {
			datafile_fail(&df, "expected LANGUAGE \"PATTERN\" and "
			    "twelve month names (PATTERN of %%B, %%d, %%Y)");
			goto fail;
		}
		for (int i = 0; i < env->nlanguages; i++)
			if (strcmp(env->languages[i].code, df.tokens[0]) == 0) {
				datafile_fail(&df, "language %s is given twice",
				    df.tokens[0]);
				goto fail;
			}
		env->languages = alloc_array(env->languages,
		    (size_t)env->nlanguages + 1, sizeof(*env->languages));
		l = &env->languages[env->nlanguages++];
		snprintf(l->code, sizeof(l->code), "%s", df.tokens[0]);
		l->pattern = alloc_strndup(df.tokens[1], strlen(df.tokens[1]));
		for (int i = 0; i < 12; i++)
			l->months[i] = alloc_strndup(df.tokens[2 + i],
			    strlen(df.tokens[2 + i]));
	}
	if (n < 0)
		goto fail;
	datafile_close(&df);
	return 0;
fail:
	datafile_close(&df);
	return -1;
}

int
tmpl_env_init(struct tmpl_env *env, const char *extra_dir,
    const char *plan_path, date_day today, bool need_css,
    struct datafile_error *error)
{
	const char *share = datafile_share_dir();
	char date[TIMEFMT_DATE_SIZE], *path;
	size_t n, len;

	memset(env, 0, sizeof(*env));
	env->plan = jv_invalid();
	timefmt_format_date(today, date);
	env->today = jv_string(date);
	if (extra_dir != NULL)
		env->dirs[env->ndirs++] = alloc_strndup(extra_dir,
		    strlen(extra_dir));
	n = strlen(share) + sizeof("/letters");
	path = alloc_array(NULL, n, 1);
	snprintf(path, n, "%s/letters", share);
	env->dirs[env->ndirs++] = path;

	if (plan_path == NULL) {
		n = strlen(share) + sizeof("/plan");
		path = alloc_array(NULL, n, 1);
		snprintf(path, n, "%s/plan", share);
		env->plan = tmpl_plan_load(path, error);
		free(path);
	} else
		env->plan = tmpl_plan_load(plan_path, error);
	if (!jv_is_valid(env->plan))
		return -1;

	if ((path = find_in_dirs(env, "languages")) == NULL) {
		set_error(error, env->dirs[env->ndirs - 1], 0,
		    "no languages file (the spelling of dates)");
		return -1;
	}
	if (load_languages(env, path, error) != 0) {
		free(path);
		return -1;
	}
	free(path);

	if (need_css) {
		if ((path = find_in_dirs(env, "page.css")) == NULL) {
			set_error(error, env->dirs[env->ndirs - 1], 0,
			    "no page.css (the style of HTML letters)");
			return -1;
		}
		if ((env->css = slurp(path, &len)) == NULL) {
			set_error(error, path, 0, "%s", strerror(errno));
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

void
tmpl_env_free(struct tmpl_env *env)
{
	for (int i = 0; i < env->ndirs; i++)
		free((char *)env->dirs[i]);
	for (int i = 0; i < env->nlanguages; i++) {
		free(env->languages[i].pattern);
		for (int m = 0; m < 12; m++)
			free(env->languages[i].months[m]);
	}
	free(env->languages);
	free(env->css);
	jv_free(env->plan);
	jv_free(env->today);
	memset(env, 0, sizeof(*env));
	env->plan = jv_invalid();
	env->today = jv_invalid();
}

static const struct tmpl_language *
find_language(const struct tmpl_env *env, const char *code)
{
	for (int i = 0; i < env->nlanguages; i++)
		if (strcmp(env->languages[i].code, code) == 0)
			return &env->languages[i];
	return NULL;
}

int
tmpl_spell_date(const struct tmpl_language *l, const char *s, size_t n,
    struct json_buf *out)
{
	date_day day;
	timefmt_instant t;
	int y, m, d;
	char num[16];

	if (n == 10) {
		if (timefmt_parse_date(s, n, &day) != TIMEFMT_OK)
			return -1;
	} else if (timefmt_parse(s, n, &t) == TIMEFMT_OK)
		day = timefmt_local_date(t);
	else
		return -1;
	date_to_ymd(day, &y, &m, &d);
	for (const char *p = l->pattern; *p != '\0'; p++) {
		if (*p != '%') {
			append(out, p, 1);
			continue;
		}
		switch (*++p) {
		case 'B':
			append(out, l->months[m - 1],
			    strlen(l->months[m - 1]));
			break;
		case 'd':
			append(out, num, (size_t)snprintf(num,
			    sizeof(num), "%d", d));
			break;
		case 'Y':
			append(out, num, (size_t)snprintf(num,
			    sizeof(num), "%d", y));
			break;
		default:
			append(out, "%", 1);
			break;
		}
	}
	return 0;
}

/* Lexing ------------------------------------------------------------------ */

/*
 * Finds the end of a jq expression: the "}}" that closes the tag, or with
 * in_paren the ')' that closes a string interpolation.  Strings, their
 * interpolations, comments and brackets are followed, so "}}" inside an
 * object and ')' inside a string do not end it, and an expression can
 * never close a bracket it did not open.  NPOS with a message when not.
 */
static size_t
scan_jq(const char *s, size_t n, size_t i, bool in_paren, const char **why)
{
	int depth = 0;

	while (i < n) {
		char c = s[i];

		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] != '\\')
					continue;
				if (i + 1 < n && s[i + 1] == '(') {
					i = scan_jq(s, n, i + 2, true, why);
					if (i == NPOS)
						return NPOS;
				} else
					i++;
			}
			if (i >= n) {
				*why = "a string in the expression is not closed";
				return NPOS;
			}
			i++;
			continue;
		}
		if (c == '#') {
			while (i < n && s[i] != '\n' && !(!in_paren &&
			    depth == 0 && s[i] == '}' && i + 1 < n &&
			    s[i + 1] == '}'))
				i++;
			continue;
		}
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if (c == ')' || c == ']' || c == '}') {
			if (depth == 0) {
				if (in_paren && c == ')')
					return i;
				if (!in_paren && c == '}' && i + 1 < n &&
				    s[i + 1] == '}')
					return i;
				*why = "a closing bracket in the expression has "
				    "no opening one";
				return NPOS;
			}
			depth--;
		}
		i++;
	}
	*why = in_paren ? "a string interpolation is not closed" :
	    "a tag is not closed with }}";
	return NPOS;
}

static long
count_lines(const char *s, size_t from, size_t to)
{
	long n = 0;

	for (size_t i = from; i < to; i++)
		n += s[i] == '\n';
	return n;
}

static void
push_token(struct parser *p, enum tok_kind kind, const char *s, size_t len,
    long line)
{
	if (p->ntoks == p->cap_toks) {
		p->cap_toks = p->cap_toks ? 2 * p->cap_toks : 64;
		p->toks = alloc_array(p->toks, (size_t)p->cap_toks,
		    sizeof(*p->toks));
	}
	p->toks[p->ntoks++] = (struct token){kind, s, len, line};
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

static size_t
word_end(const char *s, size_t n, size_t i)
{
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
	    s[i] == '-'))
		i++;
	return i;
}

static bool
word_is(const char *s, size_t from, size_t to, const char *w)
{
	return to - from == strlen(w) && memcmp(s + from, w, to - from) == 0;
}

/*
 * Reads the tag at src[q] ("{{"): its kind, its expression or name, and
 * the index after its "}}".  Comments are TOK_TEXT with no length.
 */
static int
lex_tag(struct parser *p, size_t q, long line, enum tok_kind *kind,
    size_t *from, size_t *to, size_t *end)
{
	const char *s = p->src, *why = NULL;
	size_t n = p->n, i = q + 2, w, e;

	if (i < n && s[i] == '{')
		return set_error(p->error, p->path, line, "{{{ is not "
		    "supported: every value is inserted as text"), -1;
	if (i < n && s[i] == '!') {
		const char *close = strncmp(s + i, "!--", 3) == 0 ? "--}}" :
		    "}}";
		const char *found = strstr(s + i, close);

		if (found == NULL)
			return set_error(p->error, p->path, line,
			    "a comment is not closed with %s", close), -1;
		*kind = TOK_TEXT;
		*from = *to = 0;
		*end = (size_t)(found - s) + strlen(close);
		return 0;
	}
	i = skip_space(s, n, i);
	if (i < n && (s[i] == '#' || s[i] == '/')) {
		bool open = s[i] == '#';

		w = word_end(s, n, i + 1);
		if (word_is(s, i + 1, w, "if"))
			*kind = open ? TOK_IF : TOK_CLOSE_IF;
		else if (word_is(s, i + 1, w, "each"))
			*kind = open ? TOK_EACH : TOK_CLOSE_EACH;
		else
			return set_error(p->error, p->path, line, "unknown "
			    "block {{%c%.*s}}: use if or each", s[i],
			    (int)(w - i - 1), s + i + 1), -1;
		if (!open) {
			e = skip_space(s, n, w);
			if (e + 1 >= n || s[e] != '}' || s[e + 1] != '}')
				return set_error(p->error, p->path, line,
				    "{{/%.*s}} is not closed with }}",
				    (int)(w - i - 1), s + i + 1), -1;
			*from = *to = 0;
			*end = e + 2;
			return 0;
		}
		i = w;
	} else if (i < n && s[i] == '>') {
		i = skip_space(s, n, i + 1);
		w = word_end(s, n, i);
		e = skip_space(s, n, w);
		if (w == i || e + 1 >= n || s[e] != '}' || s[e + 1] != '}')
			return set_error(p->error, p->path, line, "{{> NAME}} "
			    "needs a partial's name of letters, digits, - and "
			    "_"), -1;
		*kind = TOK_PARTIAL;
		*from = i;
		*to = w;
		*end = e + 2;
		return 0;
	} else {
		w = word_end(s, n, i);
		e = skip_space(s, n, w);
		if (word_is(s, i, w, "else") && e + 1 < n && s[e] == '}' &&
		    s[e + 1] == '}') {
			*kind = TOK_ELSE;
			*from = *to = 0;
			*end = e + 2;
			return 0;
		}
		if (word_is(s, i, w, "date") && e > w && !(e + 1 < n &&
		    s[e] == '}' && s[e + 1] == '}')) {
			*kind = TOK_DATE;
			i = w;
		} else
			*kind = TOK_VALUE;
	}
	e = scan_jq(s, n, i, false, &why);
	if (e == NPOS)
		return set_error(p->error, p->path, line, "%s", why), -1;
	*from = skip_space(s, n, i);
	*to = e;
	while (*to > *from && is_space(s[*to - 1]))
		(*to)--;
	if (*to == *from)
		return set_error(p->error, p->path, line, "a tag needs a jq "
		    "expression"), -1;
	*end = e + 2;
	return 0;
}

/*
 * Splits a template into tokens.  A line that holds nothing but one
 * block tag, {{else}}, a partial or a comment is left out of the letter
 * with its line break (a "standalone" tag, as in Mustache).
 */
static int
lex(struct parser *p)
{
	const char *s = p->src;
	size_t n = p->n, pos = 0;
	long line = 1;

	while (pos < n) {
		const char *open = strstr(s + pos, "{{");
		size_t q = open != NULL ? (size_t)(open - s) : n;
		size_t from, to, end, ls, le;
		enum tok_kind kind;
		long tag_line;

		if (q > pos) {
			push_token(p, TOK_TEXT, s + pos, q - pos, line);
			line += count_lines(s, pos, q);
		}
		if (q == n)
			break;
		tag_line = line;
		if (lex_tag(p, q, line, &kind, &from, &to, &end) != 0)
			return -1;
		line += count_lines(s, q, end);
		if (kind != TOK_VALUE && kind != TOK_DATE) {
			for (ls = q; ls > 0 && (s[ls - 1] == ' ' ||
			    s[ls - 1] == '\t'); ls--)
				;
			for (le = end; le < n && (s[le] == ' ' ||
			    s[le] == '\t' || s[le] == '\r'); le++)
				;
			if ((ls == 0 || s[ls - 1] == '\n') &&
			    (le == n || s[le] == '\n')) {
				if (q > ls) {
					struct token *last =
					    &p->toks[p->ntoks - 1];

					last->len -= q - ls;
					if (last->len == 0)
						p->ntoks--;
				}
				end = le < n ? le + 1 : le;
				if (le < n)
					line++;
			}
		}
		if (kind != TOK_TEXT)
			push_token(p, kind, s + from, to - from, tag_line);
		pos = end;
	}
	return 0;
}

/* Parsing ----------------------------------------------------------------- */

static struct node *
add_node(struct nodes *list, enum node_kind kind)
{
	struct node *node;

	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 8;
		list->v = alloc_array(list->v, (size_t)list->cap,
		    sizeof(*list->v));
	}
	node = &list->v[list->n++];
	memset(node, 0, sizeof(*node));
	node->kind = kind;
	return node;
}

static int
add_expr(struct parser *p, const struct token *tok)
{
	struct tmpl *t = p->t;
	struct expr *e;

	if (t->nexprs == t->cap_exprs) {
		t->cap_exprs = t->cap_exprs ? 2 * t->cap_exprs : 32;
		t->exprs = alloc_array(t->exprs, (size_t)t->cap_exprs,
		    sizeof(*t->exprs));
	}
	e = &t->exprs[t->nexprs];
	e->text = alloc_strndup(tok->s, tok->len);
	e->file = p->name;
	e->line = tok->line;
	e->subset = jqsubset_parse(e->text, variable_names,
	    JQSUBSET_NONEMPTY);
	e->jq = e->subset == NULL ? t->njq++ : -1;
	return t->nexprs++;
}

static const char *
close_name(enum tok_kind kind)
{
	switch (kind) {
	case TOK_IF:
	case TOK_CLOSE_IF:
		return "if";
	default:
		return "each";
	}
}

/* The path of a partial: _NAME.LANG.tmpl, else _NAME.tmpl, by directory. */
static char *
find_partial(const struct tmpl *t, const char *name)
{
	for (int i = 0; i < t->env->ndirs; i++) {
		size_t n = strlen(t->env->dirs[i]) + strlen(name) + 16;
		char *path = alloc_array(NULL, n, 1);

		snprintf(path, n, "%s/_%s.%s.tmpl", t->env->dirs[i], name,
		    t->language);
		if (is_file(path))
			return path;
		snprintf(path, n, "%s/_%s.tmpl", t->env->dirs[i], name);
		if (is_file(path))
			return path;
		free(path);
	}
	return NULL;
}


/*
 * A tag whose expression is a variable of the run and a path into it
 * ($plan.phone.member, $today) has the same value for every record: it is
 * looked up once, here, and a missing one is a template error.  Returns 1
 * when it was, 0 when the expression is not such a path, -1 on error.
 */
static int
fold_constant(struct parser *p, const struct token *tok, struct nodes *out)
{
	const char *s = tok->s, *end = tok->s + tok->len, *name;
	struct json_buf text = {0};
	struct node *node;
	jv root, keys, v;
	size_t n;

	if (s == end || *s != '$')
		return 0;
	for (name = ++s; s < end && jqsubset_is_ident(*s); s++)
		;
	n = (size_t)(s - name);
	if (n == 4 && memcmp(name, "plan", 4) == 0)
		root = jv_copy(p->t->env->plan);
	else if (n == 5 && memcmp(name, "today", 5) == 0)
		root = jv_copy(p->t->env->today);
	else if (n == 8 && memcmp(name, "language", 8) == 0)
		root = jv_string(p->t->language);
	else
		return 0;
	keys = jv_array();
	while (s < end) {
		const char *key;

		if (*s != '.' || s + 1 >= end ||
		    !jqsubset_is_ident_start(s[1])) {
			jv_free(root);
			jv_free(keys);
			return 0;
		}
		for (key = ++s; s < end && jqsubset_is_ident(*s); s++)
			;
		keys = jv_array_append(keys, jv_string_sized(key,
		    (int)(s - key)));
	}
	v = jv_getpath(root, keys);
	if (jv_get_kind(v) == JV_KIND_STRING && !is_blank(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)))) {
		if (tok->kind == TOK_DATE) {
			if (tmpl_spell_date(p->t->spelling, jv_string_value(v),
			    (size_t)jv_string_length_bytes(jv_copy(v)),
			    &text) != 0) {
				jv_free(v);
				json_buf_free(&text);
				return set_error(p->error, p->path, tok->line,
				    "%.*s: not a date that exists",
				    (int)tok->len, tok->s), -1;
			}
		} else
			append(&text, jv_string_value(v),
			    (size_t)jv_string_length_bytes(jv_copy(v)));
	} else if (jv_get_kind(v) == JV_KIND_NUMBER && tok->kind != TOK_DATE)
		json_emit_number(&text, jv_number_value(v));
	else {
		jv_free(v);
		return set_error(p->error, p->path, tok->line, "%.*s: no such "
		    "text%s", (int)tok->len, tok->s, name[0] == 'p' ?
		    " in the plan file" : ""), -1;
	}
	jv_free(v);
	node = add_node(out, NODE_CONST);
	node->len = text.len;
	node->text = alloc_strndup(text.len > 0 ? text.data : "", text.len);
	json_buf_free(&text);
	return 1;
}

/*
 * Builds nodes from tokens up to the end, an {{else}} or a closing tag
 * (returned in *stop, the caller checks that it fits).
 */
static int
parse_nodes(struct parser *p, int *i, struct nodes *out, int level,
    const struct token **stop)
{
	if (level > MAX_BLOCK_DEPTH)
		return set_error(p->error, p->path, p->toks[*i].line,
		    "blocks are nested too deeply"), -1;
	for (; *i < p->ntoks; (*i)++) {
		const struct token *tok = &p->toks[*i], *end;
		struct node *node;
		char name[128], *path;

		switch (tok->kind) {
		case TOK_TEXT:
			node = add_node(out, NODE_TEXT);
			node->text = alloc_strndup(tok->s, tok->len);
			node->len = tok->len;
			break;
		case TOK_VALUE:
		case TOK_DATE: {
			int folded;

			if (tok->kind == TOK_DATE && p->t->spelling == NULL)
				return set_error(p->error, p->path, tok->line,
				    "no spelling of dates in language %s: add "
				    "it to the languages file",
				    p->t->language), -1;
			if ((folded = fold_constant(p, tok, out)) < 0)
				return -1;
			if (folded)
				break;
			node = add_node(out, tok->kind == TOK_VALUE ?
			    NODE_VALUE : NODE_DATE);
			node->expr = add_expr(p, tok);
			break;
		}
		case TOK_IF:
		case TOK_EACH: {
			int e = add_expr(p, tok);
			struct nodes body = {0}, alt = {0};

			(*i)++;
			if (parse_nodes(p, i, &body, level + 1, &end) != 0)
				goto block_fail;
			if (end != NULL && end->kind == TOK_ELSE) {
				(*i)++;
				if (parse_nodes(p, i, &alt, level + 1,
				    &end) != 0)
					goto block_fail;
			}
			if (end == NULL) {
				set_error(p->error, p->path, tok->line,
				    "{{#%s}} is not closed", close_name(
				    tok->kind));
				goto block_fail;
			}
			if (end->kind == TOK_ELSE ||
			    (end->kind == TOK_CLOSE_IF) !=
			    (tok->kind == TOK_IF)) {
				set_error(p->error, p->path, end->line,
				    "%s where {{/%s}} of line %ld is expected",
				    end->kind == TOK_ELSE ? "a second {{else}}" :
				    end->kind == TOK_CLOSE_IF ? "{{/if}}" :
				    "{{/each}}", close_name(tok->kind),
				    tok->line);
				goto block_fail;
			}
			node = add_node(out, tok->kind == TOK_IF ? NODE_IF :
			    NODE_EACH);
			node->expr = e;
			node->body = body;
			node->alt = alt;
			break;
block_fail:
			/* Hand the pieces to the tree so they are freed. */
			node = add_node(out, NODE_IF);
			node->body = body;
			node->alt = alt;
			return -1;
		}
		case TOK_ELSE:
		case TOK_CLOSE_IF:
		case TOK_CLOSE_EACH:
			if (level == 0)
				return set_error(p->error, p->path, tok->line,
				    "%s outside a block", tok->kind == TOK_ELSE ?
				    "{{else}}" : tok->kind == TOK_CLOSE_IF ?
				    "{{/if}}" : "{{/each}}"), -1;
			*stop = tok;
			return 0;
		case TOK_PARTIAL:
			snprintf(name, sizeof(name), "%.*s", (int)tok->len,
			    tok->s);
			if (p->depth >= MAX_PARTIAL_DEPTH)
				return set_error(p->error, p->path, tok->line,
				    "partials nested too deeply (does %s "
				    "include itself?)", name), -1;
			if ((path = find_partial(p->t, name)) == NULL)
				return set_error(p->error, p->path, tok->line,
				    "no partial %s in language %s (_%s.%s.tmpl "
				    "or _%s.tmpl)", name, p->t->language, name,
				    p->t->language, name), -1;
			if (parse_file(p->t, path, p->depth + 1, out,
			    p->error) != 0) {
				free(path);
				return -1;
			}
			free(path);
			break;
		}
	}
	*stop = NULL;
	return 0;
}

/* Reads, lexes and parses one file, appending its nodes to out. */
static int
parse_file(struct tmpl *t, const char *path, int depth, struct nodes *out,
    struct datafile_error *error)
{
	struct parser p = {0};
	const struct token *stop;
	int i = 0, rc;

	p.t = t;
	p.path = path;
	p.depth = depth;
	p.error = error;
	if ((p.src = slurp(path, &p.n)) == NULL)
		return set_error(error, path, 0, "%s", strerror(errno)), -1;
	if (strlen(p.src) != p.n) {
		free(p.src);
		return set_error(error, path, 0, "a NUL byte in a template"),
		    -1;
	}
	t->files = alloc_array(t->files, (size_t)t->nfiles + 1,
	    sizeof(*t->files));
	t->files[t->nfiles] = alloc_strndup(path, strlen(path));
	p.name = base_name(t->files[t->nfiles++]);
	rc = lex(&p);
	if (rc == 0)
		rc = parse_nodes(&p, &i, out, 0, &stop);
	free(p.toks);
	free(p.src);
	return rc;
}

/* Compiling --------------------------------------------------------------- */

struct compile_errors {
	char	 first[256];
	bool	 seen;
};

/* Keeps jq's first compile message, short: it describes the program. */
static void
compile_error_cb(void *data, jv msg)
{
	struct compile_errors *ce = data;
	const char *s, *cut;
	size_t n;

	if (jv_get_kind(msg) != JV_KIND_STRING)
		msg = jq_format_error(msg);
	if (!ce->seen && jv_get_kind(msg) == JV_KIND_STRING) {
		s = jv_string_value(msg);
		if (strncmp(s, "jq: error: ", 11) == 0)
			s += 11;
		n = strlen(s);
		if ((cut = strstr(s, " (Unix shell quoting issues?)")) != NULL ||
		    (cut = strstr(s, " at <top-level>")) != NULL ||
		    (cut = strchr(s, '\n')) != NULL)
			n = (size_t)(cut - s);
		snprintf(ce->first, sizeof(ce->first), "%.*s", (int)n, s);
		ce->seen = true;
	}
	jv_free(msg);
}

/* Runtime messages can quote the record: they are never shown. */
static void
discard_cb(void *data, jv msg)
{
	(void)data;
	jv_free(msg);
}

static void
append_str(struct json_buf *b, const char *s)
{
	append(b, s, strlen(s));
}

/* if $__i < mid then ... else ... end, down to the functions. */
static void
append_dispatch(struct json_buf *b, int lo, int hi)
{
	char tmp[64];

	if (hi - lo == 1) {
		append(b, tmp, (size_t)snprintf(tmp, sizeof(tmp),
		    "__e%d", lo));
		return;
	}
	append(b, tmp, (size_t)snprintf(tmp, sizeof(tmp),
	    "if $__i < %d then (", lo + (hi - lo) / 2));
	append_dispatch(b, lo, lo + (hi - lo) / 2);
	append_str(b, ") else (");
	append_dispatch(b, lo + (hi - lo) / 2, hi);
	append_str(b, ") end");
}

static jv
compile_args(const struct tmpl *t)
{
	return JV_OBJECT(jv_string("plan"), jv_copy(t->env->plan),
	    jv_string("today"), jv_copy(t->env->today),
	    jv_string("language"), jv_string(t->language));
}

static jq_state *
compile_program(const struct tmpl *t, const char *program,
    struct compile_errors *ce)
{
	jq_state *jq = jq_init();

	if (jq == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	memset(ce, 0, sizeof(*ce));
	jq_set_error_cb(jq, compile_error_cb, ce);
	if (!jq_compile_args(jq, program, compile_args(t))) {
		jq_teardown(&jq);
		return NULL;
	}
	jq_set_error_cb(jq, discard_cb, NULL);
	jq_set_debug_cb(jq, discard_cb, NULL);
	return jq;
}

/*
 * Compiles every expression of the template into one program: each is a
 * function, and the program calls the one whose number it is given.
 * When it does not compile, each expression is compiled alone to name
 * the one at fault with its file and line.
 */
static int
compile(struct tmpl *t, struct datafile_error *error)
{
	struct json_buf b = {0};
	struct compile_errors ce;
	char tmp[64];

	/* No jq at all, nor the time to compile its builtins. */
	if (t->njq == 0)
		return 0;
	append_str(&b, prelude);
	for (int i = 0; i < t->nexprs; i++) {
		if (t->exprs[i].subset != NULL)
			continue;
		append(&b, tmp, (size_t)snprintf(tmp, sizeof(tmp),
		    "def __e%d: (\n", t->exprs[i].jq));
		append_str(&b, t->exprs[i].text);
		append_str(&b, "\n);\n");
	}
	append_str(&b, "$__x | ");
	append_dispatch(&b, 0, t->njq);
	append(&b, "", 1);
	t->jq = compile_program(t, b.data, &ce);
	json_buf_free(&b);
	if (t->jq != NULL)
		return 0;
	for (int i = 0; i < t->nexprs; i++) {
		jq_state *jq;
		const struct expr *e = &t->exprs[i];

		if (e->subset != NULL)
			continue;
		append_str(&b, prelude);
		append_str(&b, "$__x | (\n");
		append_str(&b, e->text);
		append_str(&b, "\n)");
		append(&b, "", 1);
		jq = compile_program(t, b.data, &ce);
		b.len = 0;
		if (jq == NULL) {
			json_buf_free(&b);
			for (int f = 0; f < t->nfiles; f++)
				if (base_name(t->files[f]) == e->file) {
					set_error(error, t->files[f], e->line,
					    "jq: %s", ce.first);
					break;
				}
			return -1;
		}
		jq_teardown(&jq);
	}
	json_buf_free(&b);
	set_error(error, t->path, 0, "the template's jq program does not "
	    "compile");
	return -1;
}

static void
free_nodes(struct nodes *list)
{
	for (int i = 0; i < list->n; i++) {
		free(list->v[i].text);
		free_nodes(&list->v[i].body);
		free_nodes(&list->v[i].alt);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}

struct tmpl *
tmpl_load(const struct tmpl_env *env, const char *path, const char *language,
    struct datafile_error *error)
{
	struct tmpl *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	t->env = env;
	snprintf(t->language, sizeof(t->language), "%s", language);
	t->language_value = jv_string(t->language);
	t->spelling = find_language(env, language);
	t->path = alloc_strndup(path, strlen(path));
	if (parse_file(t, path, 0, &t->nodes, error) != 0 ||
	    compile(t, error) != 0) {
		tmpl_free(t);
		return NULL;
	}
	t->text_utf8 = is_text_utf8(t);
	return t;
}

static bool
nodes_utf8(const struct nodes *list)
{
	for (int i = 0; i < list->n; i++) {
		const struct node *node = &list->v[i];

		if ((node->text != NULL && !json_utf8_valid(node->text,
		    node->len)) || !nodes_utf8(&node->body) ||
		    !nodes_utf8(&node->alt))
			return false;
	}
	return true;
}

/* Whether all the text a letter can hold besides its values is UTF-8. */
static bool
is_text_utf8(const struct tmpl *t)
{
	const struct tmpl_language *l = t->spelling;
	const char *base = base_name(t->path);

	if (!nodes_utf8(&t->nodes) || !json_utf8_valid(base, strlen(base)))
		return false;
	if (t->env->css != NULL && !json_utf8_valid(t->env->css,
	    strlen(t->env->css)))
		return false;
	if (l != NULL) {
		if (!json_utf8_valid(l->pattern, strlen(l->pattern)))
			return false;
		for (int m = 0; m < 12; m++)
			if (!json_utf8_valid(l->months[m],
			    strlen(l->months[m])))
				return false;
	}
	return true;
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free_nodes(&t->nodes);
	for (int i = 0; i < t->nexprs; i++) {
		free(t->exprs[i].text);
		jqsubset_free(t->exprs[i].subset);
	}
	free(t->exprs);
	for (int i = 0; i < t->nfiles; i++)
		free(t->files[i]);
	free(t->files);
	if (t->jq != NULL)
		jq_teardown(&t->jq);
	json_buf_free(&t->bytes);
	free(t->segs);
	free(t->pieces);
	free(t->lines);
	free(t->path);
	jv_free(t->language_value);
	free(t);
}

const char *
tmpl_language(const struct tmpl *t)
{
	return t->language;
}

/* Letters and their languages --------------------------------------------- */

static bool
is_letter_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return false;
	return true;
}

static int
compare_variants(const void *a, const void *b)
{
	return strcmp((*(struct tmpl *const *)a)->language,
	    (*(struct tmpl *const *)b)->language);
}

/* The language of "NAME.LANG.tmpl", or false when the file is not one. */
static bool
variant_language(const char *file, const char *name, char *lang)
{
	size_t nn = strlen(name), fn = strlen(file), ln;

	if (fn <= nn + 6 || strncmp(file, name, nn) != 0 || file[nn] != '.' ||
	    strcmp(file + fn - 5, ".tmpl") != 0)
		return false;
	ln = fn - nn - 6;
	if (ln >= TMPL_LANGUAGE_SIZE)
		return false;
	memcpy(lang, file + nn + 1, ln);
	lang[ln] = '\0';
	return tmpl_is_language(lang);
}

enum tmpl_load_status
tmpl_letter_load(const struct tmpl_env *env, const char *name,
    struct tmpl_letter **out, struct datafile_error *error)
{
	struct tmpl_letter *l;

	*out = NULL;
	if (!is_letter_name(name)) {
		set_error(error, name, 0, "not a letter's name");
		return TMPL_NO_SUCH_LETTER;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL)
		abort();
	l->english = -1;
	for (int d = 0; d < env->ndirs; d++) {
		DIR *dir = opendir(env->dirs[d]);
		struct dirent *de;

		if (dir == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			char lang[TMPL_LANGUAGE_SIZE], *path;
			bool have = false;
			size_t n;
			struct tmpl *t;

			if (!variant_language(de->d_name, name, lang))
				continue;
			for (int i = 0; i < l->n; i++)
				have |= strcmp(l->variants[i]->language,
				    lang) == 0;
			if (have)
				continue;
			n = strlen(env->dirs[d]) + strlen(de->d_name) + 2;
			path = alloc_array(NULL, n, 1);
			snprintf(path, n, "%s/%s", env->dirs[d], de->d_name);
			if (!is_file(path)) {
				free(path);
				continue;
			}
			t = tmpl_load(env, path, lang, error);
			free(path);
			if (t == NULL) {
				closedir(dir);
				tmpl_letter_free(l);
				return TMPL_INVALID;
			}
			l->variants = alloc_array(l->variants, (size_t)l->n + 1,
			    sizeof(*l->variants));
			l->variants[l->n++] = t;
		}
		closedir(dir);
	}
	if (l->n > 1)
		qsort(l->variants, (size_t)l->n, sizeof(*l->variants),
		    compare_variants);
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->variants[i]->language, "en") == 0)
			l->english = i;
	if (l->english < 0) {
		enum tmpl_load_status st = l->n == 0 ? TMPL_NO_SUCH_LETTER :
		    TMPL_INVALID;

		set_error(error, name, 0, st == TMPL_NO_SUCH_LETTER ?
		    "no such letter" : "the letter has no English template "
		    "(%s.en.tmpl)", name);
		tmpl_letter_free(l);
		return st;
	}
	l->fields = letter_fields(l);
	*out = l;
	return TMPL_LOADED;
}

/*
 * Appends to *keys the top-level keys of the record that the nodes'
 * expressions read (at_record: their "." is the record); false when they
 * may read any, as every expression libjq runs may.
 */
static bool
record_keys(const struct tmpl *t, const struct nodes *list, bool at_record,
    jv *keys)
{
	for (int i = 0; i < list->n; i++) {
		const struct node *node = &list->v[i];
		const struct expr *e;

		if (node->kind == NODE_TEXT || node->kind == NODE_CONST)
			continue;
		e = &t->exprs[node->expr];
		if (e->subset == NULL || !jqsubset_record_keys(e->subset,
		    at_record, VAR_RECORD, keys))
			return false;
		/* Inside {{#each}}, "." is an element of the list. */
		if (!record_keys(t, &node->body, at_record &&
		    node->kind != NODE_EACH, keys) ||
		    !record_keys(t, &node->alt, at_record, keys))
			return false;
	}
	return true;
}

/* The record's keys every variant reads, NULL-ended; NULL for any. */
static char **
letter_fields(const struct tmpl_letter *l)
{
	jv keys = jv_array();
	char **fields;
	int n = 0;

	for (int i = 0; i < l->n; i++)
		if (!record_keys(l->variants[i], &l->variants[i]->nodes, true,
		    &keys)) {
			jv_free(keys);
			return NULL;
		}
	keys = jv_sort(keys, jv_copy(keys));
	fields = alloc_array(NULL, (size_t)jv_array_length(jv_copy(keys)) + 1,
	    sizeof(*fields));
	jv_array_foreach(keys, i, key) {
		const char *s = jv_string_value(key);

		if (n == 0 || strcmp(fields[n - 1], s) != 0)
			fields[n++] = alloc_strndup(s, strlen(s));
		jv_free(key);
	}
	fields[n] = NULL;
	jv_free(keys);
	return fields;
}

const char *const *
tmpl_letter_fields(const struct tmpl_letter *l)
{
	return (const char *const *)l->fields;
}

void
tmpl_letter_free(struct tmpl_letter *l)
{
	if (l == NULL)
		return;
	for (char **f = l->fields; f != NULL && *f != NULL; f++)
		free(*f);
	free(l->fields);
	for (int i = 0; i < l->n; i++)
		tmpl_free(l->variants[i]);
	free(l->variants);
	free(l);
}

struct tmpl *
tmpl_letter_variant(struct tmpl_letter *l, const char *language,
    bool *fallback)
{
	*fallback = false;
	if (language == NULL)
		return l->variants[l->english];
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->variants[i]->language, language) == 0)
			return l->variants[i];
	*fallback = true;
	return l->variants[l->english];
}

/* Rendering --------------------------------------------------------------- */

enum eval { EVAL_VALUE, EVAL_NONE, EVAL_FAILED };

struct render {
	struct tmpl	*t;
	jv		 record, fallback;
	jv		 variables[NVARIABLES];	/* borrowed */
	struct tmpl_failure *failure;
};

static int
fail(struct render *r, int expr, const char *message)
{
	const struct expr *e = &r->t->exprs[expr];
	struct tmpl_failure *f = r->failure;
	size_t n = 0;
	bool space = false;
	const char *s;

	snprintf(f->where, sizeof(f->where), "%s:%ld", e->file, e->line);
	/* The expression on one line, shortened. */
	for (s = e->text; *s != '\0' && n + 5 < sizeof(f->expr); s++) {
		if (is_space(*s)) {
			space = true;
			continue;
		}
		if (space && n > 0)
			f->expr[n++] = ' ';
		space = false;
		f->expr[n++] = *s;
	}
	if (*s != '\0')
		memcpy(f->expr + n, "...", 3), n += 3;
	f->expr[n] = '\0';
	f->message = message;
	return -1;
}

/* Runs expression i on dot: its one value, none, or a failure. */
static enum eval
run(struct render *r, int i, jv dot, jv *value)
{
	const struct expr *e = &r->t->exprs[i];
	jq_state *jq = r->t->jq;
	jv v, more;

	if (e->subset != NULL) {
		if (jqsubset_run(e->subset, dot, r->variables, value))
			return EVAL_VALUE;
		fail(r, i, "the expression fails on this record");
		return EVAL_FAILED;
	}
	jq_start(jq, JV_ARRAY(jv_number(e->jq), jv_copy(dot),
	    jv_copy(r->fallback), jv_copy(r->record)), 0);
	v = jq_next(jq);
	if (!jv_is_valid(v)) {
		bool failed = jv_invalid_has_msg(v) || jq_halted(jq);

		if (failed) {
			fail(r, i, "the expression fails on this record");
			return EVAL_FAILED;
		}
		return EVAL_NONE;
	}
	more = jq_next(jq);
	if (jv_is_valid(more)) {
		jv_free(more);
		jv_free(v);
		fail(r, i, "more than one value");
		return EVAL_FAILED;
	}
	if (jv_invalid_has_msg(more)) {
		jv_free(v);
		fail(r, i, "the expression fails on this record");
		return EVAL_FAILED;
	}
	*value = v;
	return EVAL_VALUE;
}

static void
add_seg(struct tmpl *t, const char *s, size_t len, bool value)
{
	if (len == 0)
		return;
	if (!value && t->nsegs > 0 && !t->segs[t->nsegs - 1].value) {
		append(&t->bytes, s, len);
		t->segs[t->nsegs - 1].len += len;
		return;
	}
	if (t->nsegs == t->cap_segs) {
		t->cap_segs = t->cap_segs ? 2 * t->cap_segs : 64;
		t->segs = alloc_array(t->segs, (size_t)t->cap_segs,
		    sizeof(*t->segs));
	}
	t->segs[t->nsegs++] = (struct seg){t->bytes.len, len, value};
	append(&t->bytes, s, len);
}

static bool
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

/* A value as text: a string that is not blank, or a number. */
static int
insert_value(struct render *r, int expr, jv v)
{
	struct tmpl *t = r->t;
	const char *s;
	int n;

	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		s = jv_string_value(v);
		n = jv_string_length_bytes(jv_copy(v));
		if (is_blank(s, (size_t)n)) {
			jv_free(v);
			return fail(r, expr, "no value (an empty text)");
		}
		/* libjq can make a string that is not (implode). */
		if (t->values_utf8 && !json_utf8_valid(s, (size_t)n))
			t->values_utf8 = false;
		add_seg(t, s, (size_t)n, true);
		break;
	case JV_KIND_NUMBER: {
		struct json_buf num = {0};

		json_emit_number(&num, jv_number_value(v));
		add_seg(t, num.data, num.len, true);
		json_buf_free(&num);
		break;
	}
	case JV_KIND_NULL:
		jv_free(v);
		return fail(r, expr, "no value");
	default:
		jv_free(v);
		return fail(r, expr, "not a text or a number");
	}
	jv_free(v);
	return 0;
}

static int
insert_date(struct render *r, int expr, jv v)
{
	struct json_buf spelled = {0};
	int rc;

	if (jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		return fail(r, expr, "no value");
	}
	if (jv_get_kind(v) != JV_KIND_STRING) {
		jv_free(v);
		return fail(r, expr, "not a date");
	}
	rc = tmpl_spell_date(r->t->spelling, jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), &spelled);
	jv_free(v);
	if (rc != 0) {
		json_buf_free(&spelled);
		return fail(r, expr, "not a date that exists");
	}
	add_seg(r->t, spelled.data, spelled.len, true);
	json_buf_free(&spelled);
	return 0;
}

static int
render_nodes(struct render *r, const struct nodes *list, jv dot)
{
	for (int i = 0; i < list->n; i++) {
		const struct node *node = &list->v[i];
		enum eval ev;
		jv v = jv_invalid();
		int rc = 0;

		if (node->kind == NODE_TEXT || node->kind == NODE_CONST) {
			add_seg(r->t, node->text, node->len,
			    node->kind == NODE_CONST);
			continue;
		}
		if ((ev = run(r, node->expr, dot, &v)) == EVAL_FAILED)
			return -1;
		switch (node->kind) {
		case NODE_VALUE:
			if (ev == EVAL_NONE)
				return fail(r, node->expr, "no value");
			rc = insert_value(r, node->expr, v);
			break;
		case NODE_DATE:
			if (ev == EVAL_NONE)
				return fail(r, node->expr, "no value");
			rc = insert_date(r, node->expr, v);
			break;
		case NODE_IF: {
			bool truth = ev == EVAL_VALUE &&
			    jv_get_kind(v) != JV_KIND_NULL &&
			    jv_get_kind(v) != JV_KIND_FALSE;

			jv_free(v);
			rc = render_nodes(r, truth ? &node->body : &node->alt,
			    dot);
			break;
		}
		case NODE_EACH:
			if (ev == EVAL_NONE || jv_get_kind(v) == JV_KIND_NULL) {
				jv_free(v);
				return fail(r, node->expr, "no value");
			}
			if (jv_get_kind(v) != JV_KIND_ARRAY) {
				jv_free(v);
				return fail(r, node->expr, "not a list");
			}
			if (jv_array_length(jv_copy(v)) == 0)
				rc = render_nodes(r, &node->alt, dot);
			for (int k = 0; rc == 0 &&
			    k < jv_array_length(jv_copy(v)); k++) {
				jv elem = jv_array_get(jv_copy(v), k);

				rc = render_nodes(r, &node->body, elem);
				jv_free(elem);
			}
			jv_free(v);
			break;
		case NODE_TEXT:
		case NODE_CONST:
			break;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Formatting -------------------------------------------------------------- */

enum line_kind {
	LINE_BLANK, LINE_TEXT, LINE_HEADING, LINE_SUBHEADING, LINE_ITEM,
	LINE_OPEN, LINE_CLOSE
};

enum block { BLOCK_NONE, BLOCK_PARAGRAPH, BLOCK_LIST };

static void
add_piece(struct tmpl *t, size_t off, size_t len, bool value)
{
	if (t->npieces == t->cap_pieces) {
		t->cap_pieces = t->cap_pieces ? 2 * t->cap_pieces : 64;
		t->pieces = alloc_array(t->pieces, (size_t)t->cap_pieces,
		    sizeof(*t->pieces));
	}
	t->pieces[t->npieces++] = (struct seg){off, len, value};
}

static void
end_line(struct tmpl *t, int *first)
{
	if (t->nlines == t->cap_lines) {
		t->cap_lines = t->cap_lines ? 2 * t->cap_lines : 64;
		t->lines = alloc_array(t->lines, (size_t)t->cap_lines,
		    sizeof(*t->lines));
	}
	t->lines[t->nlines++] = (struct line){*first, t->npieces - *first};
	*first = t->npieces;
}

/*
 * Cuts the rendered text into lines at the template's line breaks; a
 * line break inside a value does not end a line.
 */
static void
split_lines(struct tmpl *t)
{
	int first = 0;

	t->npieces = t->nlines = 0;
	for (int i = 0; i < t->nsegs; i++) {
		const struct seg *sg = &t->segs[i];
		size_t start = sg->off, end = sg->off + sg->len;

		if (sg->value) {
			add_piece(t, sg->off, sg->len, true);
			continue;
		}
		for (size_t k = start; k < end; k++) {
			const char *nl = memchr(t->bytes.data + k, '\n',
			    end - k);
			size_t stop;

			if (nl == NULL)
				break;
			k = (size_t)(nl - t->bytes.data);
			stop = k;
			if (stop > start && t->bytes.data[stop - 1] == '\r')
				stop--;
			if (stop > start)
				add_piece(t, start, stop - start, false);
			end_line(t, &first);
			start = k + 1;
		}
		if (end > start)
			add_piece(t, start, end - start, false);
	}
	if (t->npieces > first)
		end_line(t, &first);
}

static bool
is_class(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/*
 * What a line is, from the template text at its start (a value never
 * makes markup); *skip is the markup's length, *cls a block's class.
 */
static enum line_kind
classify(const struct tmpl *t, const struct line *ln, size_t *skip,
    const char **cls, size_t *cls_len)
{
	const struct seg *first = &t->pieces[ln->first];
	const char *s;
	size_t n;
	bool blank = true;

	*skip = 0;
	for (int i = 0; i < ln->n; i++) {
		const struct seg *pc = &t->pieces[ln->first + i];

		if (pc->value || !is_blank(t->bytes.data + pc->off, pc->len))
			blank = false;
	}
	if (blank)
		return LINE_BLANK;
	if (first->value)
		return LINE_TEXT;
	s = t->bytes.data + first->off;
	n = first->len;
	if (ln->n == 1 && n >= 3 && memcmp(s, ":::", 3) == 0) {
		size_t a = 3, b = n;

		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		if (a == b)
			return LINE_CLOSE;
		if (a > 3 && is_class(s + a, b - a)) {
			*cls = s + a;
			*cls_len = b - a;
			return LINE_OPEN;
		}
	}
	if (n >= 3 && memcmp(s, "## ", 3) == 0)
		return *skip = 3, LINE_SUBHEADING;
	if (n >= 2 && memcmp(s, "# ", 2) == 0)
		return *skip = 2, LINE_HEADING;
	if (n >= 2 && memcmp(s, "- ", 2) == 0)
		return *skip = 2, LINE_ITEM;
	return LINE_TEXT;
}

static void
append_escaped(struct json_buf *out, const char *s, size_t n, bool value)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\r':
			rep = "";
			break;
		case '\n':
			rep = value ? "<br/>" : " ";
			break;
		default:
			continue;
		}
		append(out, s + run, i - run);
		append_str(out, rep);
		run = i + 1;
	}
	append(out, s + run, n - run);
}

/* Where the first "**" is in s[from..n), or n. */
static size_t
find_bold_mark(const char *s, size_t n, size_t from)
{
	const char *star;

	while (from < n && (star = memchr(s + from, '*', n - from)) != NULL) {
		from = (size_t)(star - s);
		if (from + 1 < n && s[from + 1] == '*')
			return from;
		from++;
	}
	return n;
}

/*
 * The text of a line after its markup.  In HTML every character is
 * escaped; "**" in the template's text (never in a value) makes bold.
 */
static void
emit_inline(const struct tmpl *t, const struct line *ln, size_t skip,
    enum tmpl_format format, bool markup, struct json_buf *out)
{
	bool bold = false;

	for (int i = 0; i < ln->n; i++) {
		const struct seg *pc = &t->pieces[ln->first + i];
		const char *s = t->bytes.data + pc->off;
		size_t n = pc->len;

		if (i == 0) {
			s += skip;
			n -= skip;
		}
		if (pc->value) {
			if (format == TMPL_HTML)
				append_escaped(out, s, n, true);
			else
				append(out, s, n);
			continue;
		}
		/* The text between the "**" marks, a run at a time. */
		for (size_t run = 0;;) {
			size_t k = find_bold_mark(s, n, run);

			if (format == TMPL_HTML)
				append_escaped(out, s + run, k - run, false);
			else
				append(out, s + run, k - run);
			if (k == n)
				break;
			if (format == TMPL_HTML && markup)
				append_str(out, bold ? "</strong>" :
				    "<strong>");
			bold = !bold;
			run = k + 2;
		}
	}
	if (bold && format == TMPL_HTML && markup)
		append_str(out, "</strong>");
}

static void
close_block(enum block *block, enum tmpl_format format, struct json_buf *out)
{
	if (format == TMPL_HTML) {
		if (*block == BLOCK_PARAGRAPH)
			append_str(out, "</p>\n");
		else if (*block == BLOCK_LIST)
			append_str(out, "</ul>\n");
	}
	*block = BLOCK_NONE;
}

/*
 * Lays the lines out: paragraphs, lists, headings and classed blocks.
 * Text keeps each line as it is and puts one blank line between blocks.
 */
static void
format_body(const struct tmpl *t, enum tmpl_format format,
    struct json_buf *out)
{
	enum block block = BLOCK_NONE;
	bool started = false;
	int open_divs = 0;

	for (int i = 0; i < t->nlines; i++) {
		const struct line *ln = &t->lines[i];
		const char *cls = NULL;
		size_t skip, cls_len = 0;
		enum line_kind kind = classify(t, ln, &skip, &cls, &cls_len);

		switch (kind) {
		case LINE_BLANK:
			close_block(&block, format, out);
			break;
		case LINE_OPEN:
		case LINE_CLOSE:
			close_block(&block, format, out);
			if (format != TMPL_HTML)
				break;
			if (kind == LINE_OPEN) {
				append_str(out, "<div class=\"");
				append(out, cls, cls_len);
				append_str(out, "\">\n");
				open_divs++;
			} else if (open_divs > 0) {
				append_str(out, "</div>\n");
				open_divs--;
			}
			break;
		case LINE_HEADING:
		case LINE_SUBHEADING:
			close_block(&block, format, out);
			if (started && format == TMPL_TEXT)
				append_str(out, "\n");
			if (format == TMPL_HTML)
				append_str(out, kind == LINE_HEADING ? "<h1>" :
				    "<h2>");
			emit_inline(t, ln, skip, format, true, out);
			append_str(out, format == TMPL_HTML ? (kind ==
			    LINE_HEADING ? "</h1>\n" : "</h2>\n") : "\n");
			started = true;
			break;
		case LINE_ITEM:
		case LINE_TEXT: {
			enum block want = kind == LINE_ITEM ? BLOCK_LIST :
			    BLOCK_PARAGRAPH;

			if (block != want) {
				if (format == TMPL_TEXT && started)
					append_str(out, "\n");
				close_block(&block, format, out);
				if (format == TMPL_HTML)
					append_str(out, want == BLOCK_LIST ?
					    "<ul>\n" : "<p>");
			} else if (format == TMPL_HTML && want ==
			    BLOCK_PARAGRAPH)
				append_str(out, "<br/>\n");
			if (format == TMPL_HTML && want == BLOCK_LIST)
				append_str(out, "<li>");
			else if (format == TMPL_TEXT && want == BLOCK_LIST)
				append_str(out, "- ");
			emit_inline(t, ln, skip, format, true, out);
			if (format == TMPL_HTML && want == BLOCK_LIST)
				append_str(out, "</li>\n");
			else if (format == TMPL_TEXT)
				append_str(out, "\n");
			block = want;
			started = true;
			break;
		}
		}
	}
	close_block(&block, format, out);
	while (open_divs-- > 0)
		append_str(out, "</div>\n");
}

/* The page's title: the text of the first heading, else the file name. */
static void
append_title(const struct tmpl *t, struct json_buf *out)
{
	for (int i = 0; i < t->nlines; i++) {
		const char *cls;
		size_t skip, cls_len;
		enum line_kind kind = classify(t, &t->lines[i], &skip, &cls,
		    &cls_len);

		if (kind == LINE_HEADING || kind == LINE_SUBHEADING) {
			emit_inline(t, &t->lines[i], skip, TMPL_HTML, false,
			    out);
			return;
		}
	}
	append_escaped(out, base_name(t->path), strlen(base_name(t->path)),
	    false);
}

int
tmpl_render(struct tmpl *t, jv record, const char *requested,
    enum tmpl_format format, struct json_buf *out,
    struct tmpl_failure *failure)
{
	struct render r;
	int rc;

	r.t = t;
	r.record = record;
	r.fallback = requested != NULL ? jv_string(requested) : jv_null();
	r.variables[VAR_FALLBACK] = r.fallback;
	r.variables[VAR_RECORD] = record;
	r.variables[VAR_PLAN] = t->env->plan;
	r.variables[VAR_TODAY] = t->env->today;
	r.variables[VAR_LANGUAGE] = t->language_value;
	r.failure = failure;
	t->bytes.len = 0;
	t->nsegs = 0;
	t->values_utf8 = true;
	rc = render_nodes(&r, &t->nodes, record);
	jv_free(r.fallback);
	if (rc != 0)
		return -1;
	split_lines(t);
	if (format == TMPL_TEXT) {
		format_body(t, format, out);
		return 0;
	}
	append_str(out, "<!DOCTYPE html>\n<html lang=\"");
	append_str(out, t->language);
	append_str(out, "\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width\"/>\n"
	    "<title>");
	append_title(t, out);
	append_str(out, "</title>\n<style>\n");
	if (t->env->css != NULL)
		append_str(out, t->env->css);
	append_str(out, "</style>\n</head>\n<body>\n<div class=\"letter\">\n");
	format_body(t, format, out);
	append_str(out, "</div>\n</body>\n</html>\n");
	return 0;
}

bool
tmpl_rendered_utf8(const struct tmpl *t)
{
	return t->text_utf8 && t->values_utf8;
}

/* One expression ---------------------------------------------------------- */

struct tmpl_expr *
tmpl_expr_new(const char *program, char *error, size_t size)
{
	struct tmpl_expr *x = calloc(1, sizeof(*x));
	struct compile_errors ce;

	if (x == NULL || (x->jq = jq_init()) == NULL)
		abort();
	memset(&ce, 0, sizeof(ce));
	jq_set_error_cb(x->jq, compile_error_cb, &ce);
	if (!jq_compile(x->jq, program)) {
		snprintf(error, size, "%s", ce.seen ? ce.first :
		    "the jq program does not compile");
		tmpl_expr_free(x);
		return NULL;
	}
	jq_set_error_cb(x->jq, discard_cb, NULL);
	jq_set_debug_cb(x->jq, discard_cb, NULL);
	return x;
}

int
tmpl_expr_text(struct tmpl_expr *x, jv input, struct json_buf *out,
    const char **message)
{
	jv v, more;

	jq_start(x->jq, jv_copy(input), 0);
	v = jq_next(x->jq);
	if (!jv_is_valid(v)) {
		*message = jv_invalid_has_msg(v) ? "the program fails on "
		    "this record" : "no value";
		return -1;
	}
	more = jq_next(x->jq);
	if (jv_is_valid(more)) {
		jv_free(more);
		jv_free(v);
		*message = "more than one value";
		return -1;
	}
	jv_free(more);
	if (jv_get_kind(v) == JV_KIND_STRING)
		append(out, jv_string_value(v),
		    (size_t)jv_string_length_bytes(jv_copy(v)));
	else if (jv_get_kind(v) == JV_KIND_NUMBER)
		json_emit_number(out, jv_number_value(v));
	else {
		*message = jv_get_kind(v) == JV_KIND_NULL ? "no value" :
		    "not a text or a number";
		jv_free(v);
		return -1;
	}
	jv_free(v);
	return 0;
}

void
tmpl_expr_free(struct tmpl_expr *x)
{
	if (x == NULL)
		return;
	if (x->jq != NULL)
		jq_teardown(&x->jq);
	free(x);
}
