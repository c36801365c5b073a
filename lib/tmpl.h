/* tmpl -- letter templates: jq values, sections, partials; text and HTML */
#ifndef UMKIT_TMPL_H
#define UMKIT_TMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "datafile.h"
#include "date.h"
#include "json.h"

/*
 * The template language is described in umkit-template(5).  A template is
 * parsed, its partials included and its jq expressions compiled when it
 * is loaded: those jqsubset knows into C, the rest into one jq program.
 * Rendering a record runs them and does no file I/O.
 */

#define TMPL_MAX_DIRS	4
#define TMPL_LANGUAGE_SIZE	4	/* "en", "es", "haw" and a NUL */

enum tmpl_format { TMPL_TEXT, TMPL_HTML };

/* How a language spells a date: "%B %d, %Y" with its month names. */
struct tmpl_language {
	char	 code[TMPL_LANGUAGE_SIZE];
	char	*pattern;
	char	*months[12];
};

/* What every template of a run shares. */
struct tmpl_env {
	const char	*dirs[TMPL_MAX_DIRS];	/* searched in order */
	int		 ndirs;
	jv		 plan;			/* $plan */
	jv		 today;			/* $today, "YYYY-MM-DD" */
	struct tmpl_language *languages;
	int		 nlanguages;
	char		*css;			/* the HTML page's style */
};

/*
 * Reads the plan file ($plan), the date spellings (letters/languages)
 * and, when need_css, the page style (page.css, searched like a
 * template).  extra_dir, when not NULL, is searched before
 * share/umkit/letters.  Returns 0, or -1 with the error's file and line.
 */
int		 tmpl_env_init(struct tmpl_env *, const char *extra_dir,
		    const char *plan_path, date_day today, bool need_css,
		    struct datafile_error *);
void		 tmpl_env_free(struct tmpl_env *);

/* The plan file as an object: "KEY TEXT" lines, dotted keys nest. */
jv		 tmpl_plan_load(const char *path, struct datafile_error *);

/* Whether a text is a language code: two or three letters a-z. */
bool		 tmpl_is_language(const char *);

/*
 * Spells a date ("YYYY-MM-DD", or a datetime taken at its plan-local
 * date) in a language: "March 16, 2026", "16 de marzo de 2026".  Returns
 * -1 when the text is not a date that exists.
 */
int		 tmpl_spell_date(const struct tmpl_language *, const char *,
		    size_t, struct json_buf *);

struct tmpl;
struct tmpl_letter;

enum tmpl_load_status { TMPL_LOADED, TMPL_NO_SUCH_LETTER, TMPL_INVALID };

/*
 * Loads every language variant NAME.LANG.tmpl of a letter found in the
 * template directories (the first directory holding a language wins);
 * the English one must exist.  A template that does not parse or
 * compile is TMPL_INVALID with the file and line in the error.
 */
enum tmpl_load_status tmpl_letter_load(const struct tmpl_env *,
		    const char *name, struct tmpl_letter **,
		    struct datafile_error *);
void		 tmpl_letter_free(struct tmpl_letter *);

/*
 * The variant for a language code (NULL for English).  When the letter
 * has none in that language, the English one, and *fallback is set.
 */
struct tmpl	*tmpl_letter_variant(struct tmpl_letter *, const char *language,
		    bool *fallback);

/*
 * The top-level keys of a record that the letter's templates read, in
 * the form of record_options.fields (NULL-ended); NULL when they may
 * read any (an expression libjq runs, or "." of the whole record).
 */
const char *const *tmpl_letter_fields(const struct tmpl_letter *);

/* Loads one template file in a language; for tests and tools. */
struct tmpl	*tmpl_load(const struct tmpl_env *, const char *path,
		    const char *language, struct datafile_error *);
void		 tmpl_free(struct tmpl *);
const char	*tmpl_language(const struct tmpl *);

/* Why a record could not be rendered: where, which expression, what. */
struct tmpl_failure {
	char		 where[256];	/* "noa-denial.en.tmpl:14" */
	char		 expr[96];	/* the expression's text, shortened */
	const char	*message;
};

/*
 * Renders a record: the letter is appended to out (text, or a whole HTML
 * page).  requested is the member's language when the letter falls back
 * to another one ($fallback), else NULL.  Returns 0, or -1 with the
 * failure filled: a value that is missing, null, empty or not text, an
 * expression that fails, a date that is not one.  The failure never holds
 * a value of the record.
 */
int		 tmpl_render(struct tmpl *, jv record, const char *requested,
		    enum tmpl_format, struct json_buf *out,
		    struct tmpl_failure *);

/*
 * Whether the letter tmpl_render() appended last is valid UTF-8 for sure
 * (as libjq keeps its strings): its template's files are, and so was
 * every value inserted.  When false, the letter may still be.
 */
bool		 tmpl_rendered_utf8(const struct tmpl *);

/* One jq expression run on records, for values such as a file name. */
struct tmpl_expr;

/* Compiles a program; NULL with a message (no data in it) when not. */
struct tmpl_expr *tmpl_expr_new(const char *program, char *error,
		    size_t size);
/*
 * Appends the program's one value on input (a string or a number) to
 * out; returns -1 with a message when it has none, more than one, or a
 * value that is not text.
 */
int		 tmpl_expr_text(struct tmpl_expr *, jv input,
		    struct json_buf *out, const char **message);
void		 tmpl_expr_free(struct tmpl_expr *);

#endif
