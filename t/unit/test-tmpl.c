/* test-tmpl -- letter templates: parsing, values, layout, languages, errors */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jq.h>

#include "datafile.h"
#include "jqsubset.h"
#include "json.h"
#include "timefmt.h"
#include "tap.h"
#include "tmpl.h"

static char	 dir[] = "/tmp/test-tmpl.XXXXXX";

static void	 put(const char *, const char *);
static char	*render(struct tmpl_env *, const char *, const char *,
		    const char *, enum tmpl_format, struct tmpl_failure *);
static char	*spell(const struct tmpl_env *, const char *, const char *);
static void	 test_languages(void);
static void	 test_dates(void);
static void	 test_plan(void);
static void	 test_values(struct tmpl_env *);
static void	 test_layout(struct tmpl_env *);
static void	 test_failures(struct tmpl_env *);
static void	 test_syntax(struct tmpl_env *);
static void	 test_letters(struct tmpl_env *);
static void	 test_expr(void);
static void	 test_subset(void);

/* Writes a file of the test directory. */
static void
put(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) < 0 ||
	    fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/*
 * Loads the template text as NAME.en.tmpl (or in lang) and renders the
 * record: the letter as a malloc'd string, or NULL with the failure.
 */
static char *
render(struct tmpl_env *env, const char *text, const char *lang,
    const char *record, enum tmpl_format format, struct tmpl_failure *f)
{
	struct datafile_error e;
	struct json_buf out = {0};
	struct tmpl *t;
	char name[64], path[512], *s = NULL;
	jv rec = jv_parse(record);

	snprintf(name, sizeof(name), "t.%s.tmpl", lang);
	put(name, text);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((t = tmpl_load(env, path, lang, &e)) == NULL) {
		diag("load: %s:%ld: %s", e.file, e.line, e.message);
		jv_free(rec);
		return NULL;
	}
	if (tmpl_render(t, rec, NULL, format, &out, f) == 0)
		s = strndup(out.data != NULL ? out.data : "", out.len);
	json_buf_free(&out);
	jv_free(rec);
	tmpl_free(t);
	return s;
}

static char *
spell(const struct tmpl_env *env, const char *lang, const char *date)
{
	struct json_buf b = {0};
	char *s;

	for (int i = 0; i < env->nlanguages; i++)
		if (strcmp(env->languages[i].code, lang) == 0 &&
		    tmpl_spell_date(&env->languages[i], date, strlen(date),
		    &b) == 0) {
			s = strndup(b.data, b.len);
			json_buf_free(&b);
			return s;
		}
	json_buf_free(&b);
	return NULL;
}

static void
test_languages(void)
{
	ok(tmpl_is_language("en"), "en is a language code");
	ok(tmpl_is_language("hmn"), "three letters are a language code");
	ok(!tmpl_is_language("EN"), "upper case is not");
	ok(!tmpl_is_language("e"), "one letter is not");
	ok(!tmpl_is_language("engl"), "four letters are not");
	ok(!tmpl_is_language("e1"), "a digit is not");
}

static void
test_dates(void)
{
	struct tmpl_env env;
	struct datafile_error e;
	char path[512], *s;

	put("languages", "en \"%B %d, %Y\" January February March April May "
	    "June July August September October November December\n"
	    "es \"%d de %B de %Y\" enero febrero marzo abril mayo junio "
	    "julio agosto septiembre octubre noviembre diciembre\n");
	ok(tmpl_env_init(&env, dir, NULL, date_from_ymd(2026, 3, 16), false,
	    &e) == 0, "an environment with the test directory first");
	is_str(s = spell(&env, "en", "2026-03-16"), "March 16, 2026",
	    "a date in English");
	free(s);
	is_str(s = spell(&env, "es", "2026-03-16"), "16 de marzo de 2026",
	    "a date in Spanish");
	free(s);
	/* 2026-03-17T05:30Z is still March 16 in Los Angeles (PDT). */
	is_str(s = spell(&env, "en", "2026-03-17T05:30:00Z"), "March 16, 2026",
	    "a datetime is spelled as its plan-local date");
	free(s);
	is_str(s = spell(&env, "en", "2026-01-01T00:00:00"), "January 1, 2026",
	    "the day has no leading zero");
	free(s);
	ok(spell(&env, "en", "2026-02-30") == NULL,
	    "a date that does not exist is not spelled");
	ok(spell(&env, "en", "March 3") == NULL, "nor is a text");
	tmpl_env_free(&env);
	put("languages", "en \"%B %q\" a b c d e f g h i j k l\n");
	ok(tmpl_env_init(&env, dir, NULL, 0, false, &e) != 0,
	    "a pattern with an unknown %% code is an error");
	is_int(e.line, 1, "at its line");
	tmpl_env_free(&env);
	snprintf(path, sizeof(path), "%s/languages", dir);
	unlink(path);
}

static void
test_plan(void)
{
	struct datafile_error e;
	char path[512];
	jv plan;

	snprintf(path, sizeof(path), "%s/plan", dir);
	put("plan", "# a comment\nname \"The Plan\"\nphone.member \"(800) 1\"\n"
	    "phone.um \"(800) 2\"\n");
	plan = tmpl_plan_load(path, &e);
	ok(jv_get_kind(plan) == JV_KIND_OBJECT, "the plan file is an object");
	{
		struct json_path p;

		json_path_init(&p, "phone.um");
		is_str(json_get_string(plan, &p), "(800) 2",
		    "dotted keys nest");
		json_path_free(&p);
	}
	jv_free(plan);
	put("plan", "name \"A\"\nname \"B\"\n");
	plan = tmpl_plan_load(path, &e);
	ok(!jv_is_valid(plan), "a key given twice is an error");
	is_int(e.line, 2, "at the second line");
	is_str(e.message, "name is given twice", "saying so");
	put("plan", "name \"A\"\nname.short \"B\"\n");
	plan = tmpl_plan_load(path, &e);
	ok(!jv_is_valid(plan), "a key inside a text is an error");
	put("plan", "Name \"A\"\n");
	plan = tmpl_plan_load(path, &e);
	ok(!jv_is_valid(plan), "a key with upper case is an error");
	put("plan", "name\n");
	plan = tmpl_plan_load(path, &e);
	ok(!jv_is_valid(plan), "a key without a text is an error");
	unlink(path);
}

static void
test_values(struct tmpl_env *env)
{
	struct tmpl_failure f;
	char *s;

	is_str(s = render(env, "Hi {{ .a }}, {{ .n }} and {{ .m }}.\n", "en",
	    "{\"a\":\"Ana\",\"n\":6,\"m\":2.5}", TMPL_TEXT, &f),
	    "Hi Ana, 6 and 2.5.\n", "strings and numbers are inserted");
	free(s);
	is_str(s = render(env, "{{ .a | ascii_upcase }} {{ $today }}\n", "en",
	    "{\"a\":\"x\"}", TMPL_TEXT, &f), "X 2026-03-16\n",
	    "any jq expression, and $today");
	free(s);
	is_str(s = render(env, "{{ date .d }} {{ date $today }}\n", "es",
	    "{\"d\":\"2026-12-01\"}", TMPL_TEXT, &f),
	    "1 de diciembre de 2026 16 de marzo de 2026\n",
	    "dates in the template's language");
	free(s);
	is_str(s = render(env, "{{#if .x}}yes{{else}}no{{/if}} "
	    "{{#if .y}}yes{{else}}no{{/if}} {{#if .z}}yes{{/if}}.\n", "en",
	    "{\"x\":0,\"y\":false}", TMPL_TEXT, &f), "yes no .\n",
	    "#if follows jq: 0 is true, false and missing are not");
	free(s);
	is_str(s = render(env, "{{#each .l}}[{{ .k }}]{{else}}none{{/each}} "
	    "{{#each .e}}x{{else}}none{{/each}}\n", "en",
	    "{\"l\":[{\"k\":1},{\"k\":2}],\"e\":[]}", TMPL_TEXT, &f),
	    "[1][2] none\n", "#each, and its else for an empty list");
	free(s);
	is_str(s = render(env, "{{#each .l}}{{ .k }}{{ $record.top }};"
	    "{{/each}}\n", "en", "{\"top\":\"T\",\"l\":[{\"k\":1}]}",
	    TMPL_TEXT, &f), "1T;\n", "$record reaches the record in #each");
	free(s);
	is_str(s = render(env, "{{ .a }}\n", "en",
	    "{\"a\":\"{{ $plan }} # x **y**\"}", TMPL_TEXT, &f),
	    "{{ $plan }} # x **y**\n", "a value is never read as a tag or markup");
	free(s);
	is_str(s = render(env, "{{ {\"a\": {\"b\": \"}}\"}}.a.b }}\n", "en",
	    "{}", TMPL_TEXT, &f), "}}\n",
	    "braces inside an expression do not end the tag");
	free(s);
}

static void
test_layout(struct tmpl_env *env)
{
	struct tmpl_failure f;
	char *s;

	is_str(s = render(env, "{{!-- a comment --}}\n# Title\n\nOne\ntwo\n"
	    "{{#if .x}}\n- a\n- b\n{{/if}}\n\n\n## Part\nthree\n", "en",
	    "{\"x\":1}", TMPL_TEXT, &f),
	    "Title\n\nOne\ntwo\n\n- a\n- b\n\nPart\n\nthree\n",
	    "text: standalone tags leave no line; blocks get one blank line");
	free(s);
	s = render(env, "::: address\n{{ .n }}\n12 Oak St\n:::\n\n# Hi & bye\n"
	    "Say **no** to {{ .v }}.\n- {{ .v }}\n", "en",
	    "{\"n\":\"Ana\",\"v\":\"<b>&\\\"'\\nx\"}", TMPL_HTML, &f);
	ok(s != NULL && strncmp(s, "<!DOCTYPE html>\n<html lang=\"en\">", 31)
	    == 0, "html: a whole page");
	ok(s != NULL && strstr(s, "<title>Hi &amp; bye</title>") != NULL,
	    "html: the first heading is the title");
	ok(s != NULL && strstr(s, "<div class=\"address\">\n<p>Ana<br/>\n"
	    "12 Oak St</p>\n</div>\n") != NULL, "html: a classed block");
	ok(s != NULL && strstr(s, "<p>Say <strong>no</strong> to &lt;b&gt;"
	    "&amp;&quot;&#39;<br/>x.</p>\n") != NULL,
	    "html: bold from the template, the value escaped");
	ok(s != NULL && strstr(s, "<ul>\n<li>&lt;b&gt;") != NULL,
	    "html: a list");
	ok(s != NULL && strstr(s, "</div>\n</body>\n</html>\n") != NULL,
	    "html: the page is closed");
	free(s);
}

static void
test_failures(struct tmpl_env *env)
{
	struct tmpl_failure f;

	ok(render(env, "x\n{{ .a.b }}\n", "en", "{\"a\":{}}", TMPL_TEXT, &f)
	    == NULL, "a missing value renders nothing");
	is_str(f.where, "t.en.tmpl:2", "the failure names the line");
	is_str(f.expr, ".a.b", "and the expression");
	is_str(f.message, "no value", "and what is wrong");
	render(env, "{{ .a.b }}\n", "en", "{\"a\":\"text\"}", TMPL_TEXT, &f);
	is_str(f.message, "the expression fails on this record",
	    "indexing a string fails, as in jq");
	render(env, "{{ .a }}\n", "en", "{\"a\":\" \"}", TMPL_TEXT, &f);
	is_str(f.message, "no value (an empty text)", "a blank text");
	render(env, "{{ .a }}\n", "en", "{\"a\":[1]}", TMPL_TEXT, &f);
	is_str(f.message, "not a text or a number", "an array");
	render(env, "{{ .a }}\n", "en", "{\"a\":true}", TMPL_TEXT, &f);
	is_str(f.message, "not a text or a number", "a boolean");
	render(env, "{{ .a[] }}\n", "en", "{\"a\":[1,2]}", TMPL_TEXT, &f);
	is_str(f.message, "more than one value", "a generator");
	render(env, "{{ empty }}\n", "en", "{}", TMPL_TEXT, &f);
	is_str(f.message, "no value", "no value at all");
	render(env, "{{ date .d }}\n", "en", "{\"d\":\"2026-02-29\"}",
	    TMPL_TEXT, &f);
	is_str(f.message, "not a date that exists", "a date that is not");
	render(env, "{{#each .l}}{{/each}}\n", "en", "{\"l\":{}}", TMPL_TEXT,
	    &f);
	is_str(f.message, "not a list", "#each of an object");
	render(env, "{{#each .l | nonempty}}{{/each}}\n", "en", "{\"l\":[]}",
	    TMPL_TEXT, &f);
	is_str(f.message, "no value", "nonempty makes an empty list missing");
	render(env, "{{ .a\n  //\n  .b }}\n", "en", "{}", TMPL_TEXT, &f);
	is_str(f.expr, ".a // .b", "the expression is shown on one line");
}

static void
test_syntax(struct tmpl_env *env)
{
	static const struct {
		const char *text, *message;
		long line;
	} bad[] = {
		{"a\n{{ .a\n", "a tag is not closed with }}", 2},
		{"{{#if .a}}\nx\n", "{{#if}} is not closed", 1},
		{"{{#each .a}}\n{{/if}}\n",
		    "{{/if}} where {{/each}} of line 1 is expected", 2},
		{"{{else}}\n", "{{else}} outside a block", 1},
		{"{{/each}}\n", "{{/each}} outside a block", 1},
		{"{{#unless .a}}{{/unless}}\n",
		    "unknown block {{#unless}}: use if or each", 1},
		{"{{{ .a }}}\n",
		    "{{{ is not supported: every value is inserted as text", 1},
		{"{{ .a ) }}\n",
		    "a closing bracket in the expression has no opening one", 1},
		{"{{ \"abc }}\n", "a string in the expression is not closed", 1},
		{"\n\n{{ .a | nosuch }}\n", "jq: nosuch/0 is not defined", 3},
		{"{{ }}\n", "a tag needs a jq expression", 1},
		{"{{> nowhere}}\n",
		    "no partial nowhere in language en (_nowhere.en.tmpl or "
		    "_nowhere.tmpl)", 1},
		{"{{ $plan.nosuch }}\n",
		    "$plan.nosuch: no such text in the plan file", 1},
		{"{{! not closed\n", "a comment is not closed with }}", 1},
	};
	struct datafile_error e;
	char path[512];

	snprintf(path, sizeof(path), "%s/bad.en.tmpl", dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct tmpl *t;

		put("bad.en.tmpl", bad[i].text);
		t = tmpl_load(env, path, "en", &e);
		ok(t == NULL, "template error %zu", i);
		is_str(e.message, bad[i].message, "  its message");
		is_int(e.line, bad[i].line, "  its line");
		is_str(e.file, path, "  its file");
		tmpl_free(t);
	}
	unlink(path);
}

static void
test_letters(struct tmpl_env *env)
{
	struct datafile_error e;
	struct tmpl_letter *l;
	struct tmpl *t;
	bool fallback;

	put("hello.en.tmpl", "Hello {{> who}}\n");
	put("hello.es.tmpl", "Hola {{> who}}\n");
	put("_who.es.tmpl", "amigo");
	put("_who.tmpl", "friend");
	is_int(tmpl_letter_load(env, "hello", &l, &e), TMPL_LOADED,
	    "a letter with two languages");
	t = tmpl_letter_variant(l, "es", &fallback);
	ok(strcmp(tmpl_language(t), "es") == 0 && !fallback,
	    "Spanish has its template");
	t = tmpl_letter_variant(l, "fr", &fallback);
	ok(strcmp(tmpl_language(t), "en") == 0 && fallback,
	    "French falls back to English");
	t = tmpl_letter_variant(l, NULL, &fallback);
	ok(strcmp(tmpl_language(t), "en") == 0 && !fallback,
	    "no language is English");
	{
		struct json_buf out = {0};
		struct tmpl_failure f;
		jv r = jv_object();

		t = tmpl_letter_variant(l, "es", &fallback);
		tmpl_render(t, r, NULL, TMPL_TEXT, &out, &f);
		ok(out.len == 11 && memcmp(out.data, "Hola amigo\n", 11) == 0,
		    "a partial in the letter's language first");
		out.len = 0;
		t = tmpl_letter_variant(l, "en", &fallback);
		tmpl_render(t, r, NULL, TMPL_TEXT, &out, &f);
		ok(out.len == 13 && memcmp(out.data, "Hello friend\n", 13) == 0,
		    "else the partial without a language");
		json_buf_free(&out);
		jv_free(r);
	}
	tmpl_letter_free(l);
	is_int(tmpl_letter_load(env, "nosuch", &l, &e), TMPL_NO_SUCH_LETTER,
	    "a letter that does not exist");
	is_int(tmpl_letter_load(env, "_who", &l, &e), TMPL_NO_SUCH_LETTER,
	    "a partial is not a letter");
	is_int(tmpl_letter_load(env, "../hello", &l, &e), TMPL_NO_SUCH_LETTER,
	    "nor is a path");
	put("solo.es.tmpl", "Solo\n");
	is_int(tmpl_letter_load(env, "solo", &l, &e), TMPL_INVALID,
	    "a letter without English is invalid");
	is_str(e.message, "the letter has no English template (solo.en.tmpl)",
	    "saying so");
}

static void
test_expr(void)
{
	struct tmpl_expr *x;
	struct json_buf out = {0};
	const char *why;
	char err[256];
	jv r = jv_parse("{\"tar_id\":\"T-1\",\"n\":7,\"o\":{}}");

	ok(tmpl_expr_new(".a |", err, sizeof(err)) == NULL,
	    "a program that does not compile");
	x = tmpl_expr_new(".tar_id // .member.id", err, sizeof(err));
	ok(x != NULL && tmpl_expr_text(x, r, &out, &why) == 0 &&
	    out.len == 3 && memcmp(out.data, "T-1", 3) == 0,
	    "the default file name");
	tmpl_expr_free(x);
	out.len = 0;
	x = tmpl_expr_new(".n", err, sizeof(err));
	ok(tmpl_expr_text(x, r, &out, &why) == 0 && out.len == 1 &&
	    out.data[0] == '7', "a number");
	tmpl_expr_free(x);
	x = tmpl_expr_new(".o", err, sizeof(err));
	ok(tmpl_expr_text(x, r, &out, &why) != 0, "an object is not text");
	is_str(why, "not a text or a number", "  saying so");
	tmpl_expr_free(x);
	x = tmpl_expr_new(".missing", err, sizeof(err));
	ok(tmpl_expr_text(x, r, &out, &why) != 0, "null is no value");
	is_str(why, "no value", "  saying so");
	tmpl_expr_free(x);
	json_buf_free(&out);
	jv_free(r);
}

/* The variables of a template's expressions, as tmpl.c passes them. */
static const char *const subset_names[] = {
	"fallback", "record", "plan", "today", "language", NULL
};

static void
discard_message(void *data, jv message)
{
	(void)data;
	jv_free(message);
}

/*
 * What libjq makes of an expression in a template's program: its one
 * value as compact JSON, "ERROR", "NONE" or "MANY" (mallocs).
 */
static char *
jq_answer(const char *expr, jv input, const jv *vars)
{
	char program[1024];
	jq_state *jq = jq_init();
	jv v, more, args = jv_object();
	char *s;

	jq_set_error_cb(jq, discard_message, NULL);
	snprintf(program, sizeof(program), "def nonempty: if (type == "
	    "\"array\" or type == \"object\" or type == \"string\") and "
	    "length == 0 then null else . end;\n%s", expr);
	for (int i = 0; subset_names[i] != NULL; i++)
		args = jv_object_set(args, jv_string(subset_names[i]),
		    jv_copy(vars[i]));
	if (!jq_compile_args(jq, program, args)) {
		jq_teardown(&jq);
		return strdup("NO COMPILE");
	}
	jq_start(jq, jv_copy(input), 0);
	v = jq_next(jq);
	if (!jv_is_valid(v)) {
		s = strdup(jv_invalid_has_msg(jv_copy(v)) ? "ERROR" : "NONE");
		jv_free(v);
	} else if (more = jq_next(jq), jv_is_valid(more)) {
		s = strdup("MANY");
		jv_free(more);
		jv_free(v);
	} else {
		jv d = jv_dump_string(v, 0);

		jv_free(more);
		s = strdup(jv_string_value(d));
		jv_free(d);
	}
	jq_teardown(&jq);
	return s;
}

/* The same from jqsubset: its value as compact JSON, or "ERROR". */
static char *
subset_answer(const struct jqsubset *x, jv input, const jv *vars)
{
	jv v, d;
	char *s;

	if (!jqsubset_run(x, input, vars, &v))
		return strdup("ERROR");
	d = jv_dump_string(v, 0);
	s = strdup(jv_string_value(d));
	jv_free(d);
	return s;
}

/*
 * The forms run in C give what libjq gives, on inputs of every kind:
 * missing and null values, numbers, strings with escapes and non-ASCII
 * text, lists and objects, and paths through values that are not
 * objects (an error in jq).
 */
static void
test_subset(void)
{
	static const char *const exprs[] = {
		".", ".a", ".a.b", ".a.b.c", ".and", "$fallback", "$record.a",
		"$plan.phone.member", "$plan.name.x", "$today", "$language",
		"null", "true", "false", "\"lit\"", "\"\"", "42", "1.5",
		"007", ".a == \"x\"", ".a != \"x\"", ".a == null",
		".a == 0", ".a == 1.5", ".a.b == \"x\"", ".a==\"x\"",
		"$fallback == \"es\"", "$fallback != \"es\"",
		".a == .b", ".a == [\"x\"]",
		".a // \"d\"", ".a.b // .a // \"d\"", ".a // .b // .c",
		"$fallback // \"en\"", ".a.b // (\"d\")",
		".a and .b", ".a or .b", ".a and .a.b", ".a or .a.b",
		".a.b and .a", ".a.b or .a",
		".a == \"x\" or .a == \"y\"", ".a == \"x\" and .b != null",
		".a == \"x\" or .a.b == \"y\" and .b",
		".a // .b or .c", ".a or .b // .c", "(.a // .b) == \"x\"",
		"not", ".a | not", ".a and .b | not", ".a | .b", ".a|.b",
		"( .a )", "length", ".a | length", ".a.b | length",
		"nonempty", ".a | nonempty", "[.a | nonempty]",
		".a | nonempty | length", "[]", "[.a]", "[.a, .b]",
		"[.a, \"x\", null, 1]", "[.a | .b]",
		"[$fallback] | inside([\"es\", \"zh\", \"ko\"]) | not",
		"inside([\"es\"])", "inside(\"medical_necessity\")",
		".a | inside(\"x\")",
		"[1, \"a\", null] | inside([1, \"abc\", null, 2])",
		".a == (.b | length)", "  .a  ==  \"x\"  ",
		"\t.a\n// \"d\"\n",
	};
	static const char *const inputs[] = {
		"null", "true", "false", "0", "-0", "1.5", "-2", "1e300",
		"\"\"", "\"x\"", "\"es\"", "\"e\"", "\"medical\"",
		"\"a\\\"b\\n\"", "\"日本語\"", "\"\\u0000\"", "[]", "[1]",
		"[\"es\"]", "[\"x\",\"y\"]", "{}", "{\"a\":null}",
		"{\"a\":\"x\"}", "{\"a\":\"y\",\"b\":\"z\"}",
		"{\"a\":\"\"}", "{\"a\":0}", "{\"a\":1.5}", "{\"a\":-7}",
		"{\"a\":false}", "{\"a\":true,\"b\":false}",
		"{\"a\":[]}", "{\"a\":[\"x\"]}", "{\"a\":{}}",
		"{\"a\":{\"b\":null}}", "{\"a\":{\"b\":\"x\"}}",
		"{\"a\":{\"b\":\"ñandú\"},\"b\":3}",
		"{\"a\":{\"b\":{\"c\":[1,2]}}}",
		"{\"a\":\"str\",\"b\":\"str\"}",
		"{\"a\":{\"b\":[]},\"c\":\"q\\\"\"}", "{\"and\":1}",
		"{\"a\":\"x\",\"b\":1}", "{\"a\":[1,2,3],\"b\":[3]}",
	};
	static const char *const fallbacks[] = {"null", "\"es\"", "\"e\"",
	    "\"fr\""};
	static const char *const outside[] = {
		".a[0]", ".a?", ".[\"a\"]", ".\"a\"", "..", ".a.", "$__loc__",
		"$ fallback", "$nosuch", ".a | ascii_downcase", "\"a\\n\"",
		"\"\\(.a)\"", "1 + 2", "-1", "1e3", "1.", ".5",
		".a == .b == .c", ".a == .b != .c", "[.a | .b, .c]",
		"[.a, .b | .c]", ".a, .b", "(.a, .b)", "not(.a)", "length(.a)",
		".a //= 1", ".a |= 1", ".a = 1", ".a as $x | $x",
		".a .b", "(.a).b", ".a # comment", "def f: 1; f", "if . then 1 "
		"else 2 end", "empty", "error", "inside", "inside(.a",
		"nonempty(.a)", "a::b", ".a < 1", "[.a,]", "[,]", "()", "",
		".a\r\n// 1", "{a: 1}", ".a == {}", "inside({\"a\": 1})",
		"\"x\".a", "true.a", "$fallback[0]",
	};
	jv plan = jv_parse("{\"name\":\"Plan\",\"phone\":{\"member\":"
	    "\"1-800\"}}");
	int agree = 0, cases = 0;
	struct jqsubset *x;

	for (size_t e = 0; e < sizeof(exprs) / sizeof(*exprs); e++) {
		x = jqsubset_parse(exprs[e], subset_names, JQSUBSET_NONEMPTY);
		/* A line break would end the TAP line. */
		if (!ok(x != NULL, "in the subset: %s", strpbrk(exprs[e],
		    "\r\n") != NULL ? "(with line breaks)" : exprs[e]))
			continue;
		for (size_t i = 0; i < sizeof(inputs) / sizeof(*inputs); i++)
			for (size_t f = 0; f < sizeof(fallbacks) /
			    sizeof(*fallbacks); f++) {
				jv in = jv_parse(inputs[i]);
				jv vars[5] = {jv_parse(fallbacks[f]), in, plan,
				    jv_string("2026-03-16"), jv_string("en")};
				char *want = jq_answer(exprs[e], in, vars);
				char *got = subset_answer(x, in, vars);

				cases++;
				if (strcmp(want, got) == 0)
					agree++;
				else
					diag("%s on %s ($fallback %s): jq %s, "
					    "C %s", exprs[e], inputs[i],
					    fallbacks[f], want, got);
				free(want);
				free(got);
				jv_free(vars[0]);
				jv_free(vars[3]);
				jv_free(vars[4]);
				jv_free(in);
			}
		jqsubset_free(x);
	}
	is_int(agree, cases, "the subset gives what jq gives, %d cases",
	    cases);
	for (size_t e = 0; e < sizeof(outside) / sizeof(*outside); e++) {
		x = jqsubset_parse(outside[e], subset_names,
		    JQSUBSET_NONEMPTY);
		ok(x == NULL, "left to jq: %s", strpbrk(outside[e],
		    "\r\n") != NULL ? "(with a line break)" : outside[e]);
		jqsubset_free(x);
	}
	{
		static const struct {
			const char	*expr;
			bool		 at_record;
			const char	*keys;	/* NULL: the whole record */
		} reads[] = {
			{".a.b == \"x\"", true, "[\"a\"]"},
			{".a | .b", true, "[\"a\"]"},
			{".a // .b.c", true, "[\"a\",\"b\"]"},
			{"[$fallback] | inside([\"es\"]) | not", true, "[]"},
			{".a | length", true, "[\"a\"]"},
			{"$record.c", false, "[\"c\"]"},
			{".c", false, "[]"},
			{".", true, NULL},
			{"$record", false, NULL},
			{"length", true, NULL},
			{"not", true, NULL},
			{"nonempty", true, NULL},
			{"inside([1])", true, NULL},
		};

		for (size_t i = 0; i < sizeof(reads) / sizeof(*reads); i++) {
			jv keys = jv_array(), d;
			bool some;

			x = jqsubset_parse(reads[i].expr, subset_names,
			    JQSUBSET_NONEMPTY);
			some = jqsubset_record_keys(x, reads[i].at_record, 1,
			    &keys);
			d = jv_dump_string(keys, 0);
			if (reads[i].keys == NULL)
				ok(!some, "%s reads the whole record",
				    reads[i].expr);
			else
				ok(some && strcmp(jv_string_value(d),
				    reads[i].keys) == 0, "%s reads %s",
				    reads[i].expr, reads[i].keys);
			jv_free(d);
			jqsubset_free(x);
		}
	}
	x = jqsubset_parse(".a | nonempty", subset_names, 0);
	ok(x == NULL, "nonempty only where the prelude defines it");
	jqsubset_free(x);
	jv_free(plan);
}

int
main(void)
{
	struct tmpl_env env;
	struct datafile_error e;
	char cmd[600];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	if (timefmt_set_zone("America/Los_Angeles") != 0) {
		fputs("no time zone America/Los_Angeles\n", stderr);
		return 2;
	}
	test_languages();
	test_dates();
	test_plan();
	if (tmpl_env_init(&env, dir, NULL, date_from_ymd(2026, 3, 16), true,
	    &e) != 0) {
		diag("%s:%ld: %s", e.file, e.line, e.message);
		return 2;
	}
	test_values(&env);
	test_layout(&env);
	test_failures(&env);
	test_syntax(&env);
	test_letters(&env);
	test_expr();
	test_subset();
	tmpl_env_free(&env);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
