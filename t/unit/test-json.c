/* test-json -- field paths on jv records and the compact emitter */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

static char	*finish(struct json_buf *);
static char	*number(double);
static char	*string(const char *, size_t);
static char	*emitted(jv);
static void	 shortest(double, char *, size_t);
static void	 test_numbers(void);
static void	 test_number_round_trip(void);
static void	 test_strings(void);
static void	 test_values(void);
static void	 test_paths(void);

/* What the emitter writes for a value, as a malloc'd C string. */
static char *
finish(struct json_buf *b)
{
	char *s = strndup(b->data, b->len);

	json_buf_free(b);
	if (s == NULL)
		abort();
	return s;
}

static char *
number(double d)
{
	struct json_buf b = {0};

	json_emit_number(&b, d);
	return finish(&b);
}

static char *
string(const char *s, size_t n)
{
	struct json_buf b = {0};

	json_emit_string(&b, s, n);
	return finish(&b);
}

/* Consumes v. */
static char *
emitted(jv v)
{
	struct json_buf b = {0};

	json_emit(&b, v);
	return finish(&b);
}

#define IS_NUMBER(d, want, name) do {					\
	char *got_ = number(d);						\
	is_str(got_, (want), "number: %s", (name));			\
	free(got_);							\
} while (0)

#define IS_STRING(s, n, want, name) do {				\
	char *got_ = string((s), (n));					\
	is_str(got_, (want), "string: %s", (name));			\
	free(got_);							\
} while (0)

#define IS_EMITTED(v, want, name) do {					\
	char *got_ = emitted(v);					\
	is_str(got_, (want), "emit: %s", (name));			\
	free(got_);							\
} while (0)

/*
 * SPEC section 2: numbers in the shortest form that reads back as the
 * same double (1.1, 0.95, never 1.1000000000000001).
 */
static void
test_numbers(void)
{
	IS_NUMBER(1.1, "1.1", "1.1");
	IS_NUMBER(0.95, "0.95", "0.95");
	IS_NUMBER(0.1 + 0.2, "0.30000000000000004",
	    "0.1 + 0.2 needs 17 digits");
	IS_NUMBER(1.0 / 3.0, "0.3333333333333333", "1/3 needs 16 digits");
	IS_NUMBER(1e100, "1e+100", "1e100");
	IS_NUMBER(-1e100, "-1e+100", "-1e100");
	IS_NUMBER(100, "100", "100 is an integer");
	IS_NUMBER(0, "0", "0");
	IS_NUMBER(-0.0, "-0", "-0 keeps its sign, as jq writes it");
	IS_NUMBER(-0.5, "-0.5", "-0.5");
	IS_NUMBER(-42, "-42", "-42");
	IS_NUMBER(123456789012.0, "123456789012",
	    "123456789012 is an integer, not 1.23456789012e+11");
	IS_NUMBER(-123456789012.0, "-123456789012",
	    "-123456789012 is an integer");
	IS_NUMBER(9007199254740992.0, "9007199254740992",
	    "2^53 is an integer");
	IS_NUMBER(1e16, "10000000000000000", "1e16 is an integer");
	IS_NUMBER(99999999999999984.0, "99999999999999984",
	    "the largest double below 1e17 is an integer");
	/*
	 * From 1e17 up (18 digits) the emitter switches to exponent form,
	 * which is shorter and reads back the same; jq 1.6 writes 1e+17 too.
	 */
	IS_NUMBER(1e17, "1e+17", "1e17 in exponent form");
	IS_NUMBER(1.5e300, "1.5e+300", "1.5e300");
	IS_NUMBER(1.7976931348623157e308, "1.7976931348623157e+308",
	    "the largest double");
	IS_NUMBER(1e-7, "1e-07", "1e-7");
	IS_NUMBER(0.001, "0.001", "0.001");
	IS_NUMBER(2.5, "2.5", "2.5");
	IS_NUMBER(NAN, "null", "NaN is written as null (JSON has no NaN)");
	IS_NUMBER(INFINITY, "1.7976931348623157e+308",
	    "infinity is written as the largest double");
	IS_NUMBER(-INFINITY, "-1.7976931348623157e+308",
	    "-infinity is written as the most negative double");
}

/* The shortest "%.Ng" that reads back as d: the reference form. */
static void
shortest(double d, char *buf, size_t size)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

/*
 * Every output reads back as the same double and is valid JSON; decimals
 * with few digits come out in their shortest form.  Fixed seeds: the
 * same doubles on every run.
 */
static void
test_number_round_trip(void)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	int bad = 0, tried = 0, not_shortest = 0;
	char want[64];

	for (int i = 0; i < 200000; i++) {
		double d;
		char *got;
		jv parsed;

		/* xorshift64: random bit patterns, so any exponent. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&d, &x, sizeof(d));
		if (!isfinite(d) || fpclassify(d) == FP_SUBNORMAL)
			continue;
		tried++;
		got = number(d);
		parsed = jv_parse(got);
		if (strtod(got, NULL) != d ||
		    jv_get_kind(parsed) != JV_KIND_NUMBER ||
		    jv_number_value(parsed) != d) {
			if (bad++ == 0)
				diag("%a written as '%s'", d, got);
		}
		jv_free(parsed);
		free(got);
	}
	is_int(bad, 0, "number: %d random doubles read back the same", tried);

	for (int i = 1; i <= 200000; i++) {
		double d = i / 1000.0;
		char *got;

		if (i % 1000 == 0)
			continue;	/* integers: written as integers */
		shortest(d, want, sizeof(want));
		got = number(d);
		if (strcmp(got, want) != 0 && not_shortest++ == 0)
			diag("%.17g written as '%s', not '%s'", d, got, want);
		free(got);
	}
	is_int(not_shortest, 0,
	    "number: 0.001 to 200 in steps of 0.001 are written shortest");
}

/* JSON string literals: ", \ and control characters escaped, UTF-8 kept. */
static void
test_strings(void)
{
	char all[128], *got, *big;
	jv back;
	size_t bign = 10000;

	IS_STRING("plain", 5, "\"plain\"", "plain text is quoted");
	IS_STRING("", 0, "\"\"", "the empty string");
	IS_STRING("say \"hi\"", 8, "\"say \\\"hi\\\"\"", "quotes are escaped");
	IS_STRING("a\\b", 3, "\"a\\\\b\"", "a backslash is escaped");
	IS_STRING("a\nb\tc", 5, "\"a\\nb\\tc\"", "newline and tab");
	IS_STRING("\r\b\f", 3, "\"\\r\\b\\f\"", "CR, backspace, form feed");
	IS_STRING("\x01\x1f", 2, "\"\\u0001\\u001f\"",
	    "other control characters as \\u00XX");
	IS_STRING("\x1b[0m", 4, "\"\\u001b[0m\"", "escape (0x1b) as \\u001b");
	IS_STRING("a\0b", 3, "\"a\\u0000b\"",
	    "a NUL inside the given length as \\u0000");
	IS_STRING("abcdef", 3, "\"abc\"", "only the given length is written");
	IS_STRING("\x7f", 1, "\"\x7f\"", "DEL (0x7f) needs no escape");
	IS_STRING("Jos\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80", 14,
	    "\"Jos\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80\"",
	    "UTF-8 passes through unchanged");
	IS_STRING("/", 1, "\"/\"", "a slash is not escaped");

	/* Every ASCII byte but NUL reads back as itself through jq. */
	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	got = string(all, 127);
	back = jv_parse(got);
	ok(jv_get_kind(back) == JV_KIND_STRING &&
	    strcmp(jv_string_value(back), all) == 0,
	    "string: bytes 0x01..0x7f read back through jq unchanged");
	jv_free(back);
	free(got);

	/*
	 * Words of 8 bytes go whole: a byte to escape at every place in
	 * a word, and 0 to 3 of them, come out as jq writes them.
	 */
	{
		static const char special[] = {'"', '\\', '\n', '\x01', '\x1f',
		    ' ', '~'};
		int same = 0, total = 0;

		for (int len = 0; len < 40; len++)
			for (int at = 0; at < len; at++)
				for (size_t k = 0; k < sizeof(special); k++) {
					char text[40];
					jv d;

					for (int i = 0; i < len; i++)
						text[i] = (char)('a' + i % 26);
					text[at] = special[k];
					if (at + 9 < len)
						text[at + 9] = '"';
					if (at + 3 < len)
						text[at + 3] = '\t';
					got = string(text, (size_t)len);
					d = jv_dump_string(jv_string_sized(text,
					    len), 0);
					same += strcmp(got,
					    jv_string_value(d)) == 0;
					total++;
					jv_free(d);
					free(got);
				}
		is_int(same, total, "string: escapes at every place of a "
		    "word, as jq writes them (%d strings)", total);
	}
	ok(json_utf8_valid("Jos\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80", 14),
	    "utf8: two, three and four bytes are valid");
	ok(!json_utf8_valid("\xc3", 1) && !json_utf8_valid("a\xe2\x98", 3),
	    "utf8: a sequence cut short is not");
	ok(!json_utf8_valid("\xc0\xaf", 2) && !json_utf8_valid("\xed\xa0\x80",
	    3) && !json_utf8_valid("\xf4\x90\x80\x80", 4),
	    "utf8: nor an overlong form, a surrogate, or above U+10FFFF");
	ok(!json_utf8_valid("\x80", 1) && !json_utf8_valid("\xff", 1),
	    "utf8: nor a lone continuation byte or 0xff");
	ok(json_utf8_valid("", 0) && json_utf8_valid("a\0b", 3),
	    "utf8: nothing, and NUL, are valid");

	/* A string larger than the buffer's first allocation. */
	if ((big = malloc(bign)) == NULL)
		abort();
	memset(big, '"', bign);
	got = string(big, bign);
	is_int(strlen(got), 2 * bign + 2,
	    "string: 10000 quotes become 20002 bytes");
	ok(got[0] == '"' && got[1] == '\\' && got[2] == '"' &&
	    got[2 * bign] == '"' && got[2 * bign + 1] == '"',
	    "string: ... escaped from the first to the last");
	free(got);
	free(big);
}

/*
 * Compact JSON, keys in insertion order (SPEC section 2: keys in input
 * order; a command never reorders keys it does not own).
 */
static void
test_values(void)
{
	const char *text = "{\"z\":1,\"a\":{\"y\":[1,2.5,\"x\",null,true,"
	    "false],\"b\":null},\"m\":\"s\",\"e\":{},\"l\":[]}";
	jv obj;
	struct json_buf b = {0};

	IS_EMITTED(jv_parse(text), text, "a parsed object comes out the same");
	IS_EMITTED(jv_parse("{ \"b\" : 1 ,\n \"a\" : [ 1 , 2 ] }"),
	    "{\"b\":1,\"a\":[1,2]}", "white space is dropped, order kept");
	IS_EMITTED(jv_parse("{\"n\":1.1,\"m\":0.95,\"i\":123456789012}"),
	    "{\"n\":1.1,\"m\":0.95,\"i\":123456789012}",
	    "numbers inside objects are shortest");
	IS_EMITTED(jv_parse("\"caf\\u00e9\""), "\"caf\xc3\xa9\"",
	    "a \\u escape is written as UTF-8");
	IS_EMITTED(jv_parse("{\"k\\\"ey\":\"v\\nal\"}"),
	    "{\"k\\\"ey\":\"v\\nal\"}", "keys are escaped like values");

	obj = jv_object();
	obj = jv_object_set(obj, jv_string("zeta"), jv_number(1));
	obj = jv_object_set(obj, jv_string("alpha"), jv_number(2));
	obj = jv_object_set(obj, jv_string("mid"), jv_number(3));
	IS_EMITTED(jv_copy(obj), "{\"zeta\":1,\"alpha\":2,\"mid\":3}",
	    "keys come out in the order they were set");
	obj = jv_object_set(obj, jv_string("alpha"), jv_string("new"));
	IS_EMITTED(jv_copy(obj), "{\"zeta\":1,\"alpha\":\"new\",\"mid\":3}",
	    "setting a key again keeps its place");
	obj = jv_object_set(obj, jv_string("due"),
	    jv_object_set(jv_object(), jv_string("ok"), jv_true()));
	IS_EMITTED(obj, "{\"zeta\":1,\"alpha\":\"new\",\"mid\":3,"
	    "\"due\":{\"ok\":true}}", "a key added later comes last");

	IS_EMITTED(jv_null(), "null", "null");
	IS_EMITTED(jv_invalid(), "null", "an invalid value is written null");

	/* json_emit appends to what is already in the buffer. */
	json_buf_append(&b, "x=", 2);
	json_emit(&b, jv_number(1));
	json_buf_append(&b, "\n", 1);
	is_int(b.len, 4, "emit: appends to the buffer");
	ok(b.len == 4 && memcmp(b.data, "x=1\n", 4) == 0,
	    "emit: ... after its earlier contents");
	json_buf_free(&b);
	ok(b.data == NULL && b.len == 0 && b.cap == 0,
	    "json_buf_free leaves an empty buffer");
}

/* Dotted paths, split once; lookups borrow from the record. */
static void
test_paths(void)
{
	jv rec = jv_parse("{\"decision\":{\"at\":\"2026-03-10\","
	    "\"by\":{\"role\":\"md\"}},\"n\":3,\"arr\":[1],\"nul\":null,"
	    "\"f\":false,\"s\":\"x\",\"\":\"empty key\"}");
	struct json_path p;
	jv v;

	json_path_init(&p, "decision.by.role");
	is_int(p.depth, 3, "path: 'decision.by.role' has 3 keys");
	is_str(p.text, "decision.by.role", "path: keeps its text");
	is_str(json_get_string(rec, &p), "md", "path: a nested string");
	json_path_free(&p);

	json_path_init(&p, "decision");
	v = json_get(rec, &p);
	is_int(jv_get_kind(v), JV_KIND_OBJECT, "path: one key to an object");
	is_int(jv_object_length(jv_copy(v)), 2, "path: ... the whole object");
	json_path_free(&p);

	json_path_init(&p, "decision.at");
	is_str(json_get_string(rec, &p), "2026-03-10", "path: two keys");
	json_path_free(&p);

	json_path_init(&p, "decision.missing");
	is_int(jv_get_kind(json_get(rec, &p)), JV_KIND_INVALID,
	    "path: a missing key is invalid");
	is_str(json_get_string(rec, &p), NULL,
	    "path: ... and not a string");
	json_path_free(&p);

	json_path_init(&p, "missing.role");
	is_int(jv_get_kind(json_get(rec, &p)), JV_KIND_INVALID,
	    "path: a missing parent is invalid");
	json_path_free(&p);

	json_path_init(&p, "n.x");
	is_int(jv_get_kind(json_get(rec, &p)), JV_KIND_INVALID,
	    "path: a parent that is a number is invalid");
	json_path_free(&p);

	json_path_init(&p, "arr.0");
	is_int(jv_get_kind(json_get(rec, &p)), JV_KIND_INVALID,
	    "path: keys do not index arrays");
	json_path_free(&p);

	json_path_init(&p, "decision.at.x");
	is_int(jv_get_kind(json_get(rec, &p)), JV_KIND_INVALID,
	    "path: a parent that is a string is invalid");
	json_path_free(&p);

	json_path_init(&p, "n");
	v = json_get(rec, &p);
	ok(jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) == 3,
	    "path: a number");
	is_str(json_get_string(rec, &p), NULL, "path: a number is no string");
	json_path_free(&p);

	json_path_init(&p, "nul");
	v = json_get(rec, &p);
	is_int(jv_get_kind(v), JV_KIND_NULL, "path: null is found");
	ok(!json_is_present(v), "path: ... but null is not present");
	json_path_free(&p);

	json_path_init(&p, "f");
	ok(json_is_present(json_get(rec, &p)), "path: false is present");
	json_path_free(&p);

	json_path_init(&p, "");
	is_str(json_get_string(rec, &p), "empty key",
	    "path: the empty path is the empty key");
	json_path_free(&p);

	is_int(jv_get_kind(json_get(jv_number(1), &(struct json_path){
	    .text = "", .depth = 0})), JV_KIND_NUMBER,
	    "path: depth 0 is the record itself");

	v = json_get_key(rec, "s");
	ok(jv_get_kind(v) == JV_KIND_STRING &&
	    strcmp(jv_string_value(v), "x") == 0, "key: a top-level string");
	is_int(jv_get_kind(json_get_key(rec, "nope")), JV_KIND_INVALID,
	    "key: a missing key is invalid");
	is_int(jv_get_kind(json_get_key(jv_number(1), "s")), JV_KIND_INVALID,
	    "key: a number has no keys");
	ok(!json_is_present(jv_invalid()), "an invalid value is not present");
	v = jv_string("");
	ok(json_is_present(v), "an empty string is present");
	jv_free(v);

	/* Borrowing: no lookup above took or left a reference. */
	is_int(jv_get_refcnt(rec), 1, "lookups leave the record's count at 1");
	jv_free(rec);
}

int
main(void)
{
	test_numbers();
	test_number_round_trip();
	test_strings();
	test_values();
	test_paths();
	return done_testing();
}
