/* jsonscan -- one pass over a JSON Lines line: is it canonical, and where
 * are its top-level values */

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonscan.h"

/*
 * Most records are written by programs in compact form; for those the
 * commands pass the input bytes through and append their result, instead
 * of printing the whole record again (SPEC section 10).  Anything this
 * scanner is not certain about goes the slow, exact way through libjq.
 */

#define MAX_DEPTH	32
#define MAX_OBJECT_KEYS	32

struct key_span {
	const char	*s;
	size_t		 n;
};

struct scanner {
	const char	*p, *end;
	int		 depth;
};

static bool	 scan_value(struct scanner *, int top, struct jsonscan *);

/* A string with only the emitter's escapes; *has_escape when any. */
static bool
scan_string(struct scanner *sc, bool *has_escape)
{
	static const char hex[] = "0123456789abcdef";

	*has_escape = false;
	sc->p++;	/* the opening quote */
	while (sc->p < sc->end) {
		unsigned char c = (unsigned char)*sc->p;

		if (c == '"') {
			sc->p++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c < 0x80 && c != '\\') {
			sc->p++;
			continue;
		}
		if (c >= 0x80) {
			/* Valid UTF-8 as libjq keeps it. */
			size_t len = json_utf8_sequence(sc->p, sc->end);

			if (len == 0)
				return false;
			sc->p += len;
			continue;
		}
		*has_escape = true;
		if (sc->end - sc->p < 2)
			return false;
		switch (sc->p[1]) {
		case '"': case '\\': case 'b': case 'f': case 'n': case 'r':
		case 't':
			sc->p += 2;
			break;
		case 'u':
			/* Only \u00XX for the controls without a short form. */
			if (sc->end - sc->p < 6 || sc->p[2] != '0' ||
			    sc->p[3] != '0' || (sc->p[4] != '0' &&
			    sc->p[4] != '1'))
				return false;
			{
				const char *h = strchr(hex, sc->p[5]);
				int v;

				if (h == NULL || sc->p[5] == '\0')
					return false;
				v = (sc->p[4] - '0') * 16 + (int)(h - hex);
				if (v == '\b' || v == '\f' || v == '\n' ||
				    v == '\r' || v == '\t')
					return false;
			}
			sc->p += 6;
			break;
		default:
			return false;
		}
	}
	return false;
}

/* A number exactly as json_emit_number() writes its value. */
static bool
scan_number(struct scanner *sc)
{
	const char *start = sc->p, *q = sc->p;
	bool simple = true;
	char text[64];
	struct json_buf b = {0};
	bool same;
	size_t n;

	if (q < sc->end && *q == '-')
		q++;
	if (q >= sc->end || *q < '0' || *q > '9')
		return false;
	if (*q == '0' && q + 1 < sc->end && q[1] >= '0' && q[1] <= '9')
		return false;
	while (q < sc->end && ((*q >= '0' && *q <= '9') || *q == '.' ||
	    *q == 'e' || *q == 'E' || *q == '+' || *q == '-')) {
		if (*q < '0' || *q > '9')
			simple = false;
		q++;
	}
	n = (size_t)(q - start);
	sc->p = q;
	/* Integers of up to 15 digits print as they are read. */
	if (simple && n <= 15 + (*start == '-'))
		return !(n == 2 && start[0] == '-' && start[1] == '0');
	if (n >= sizeof(text))
		return false;
	memcpy(text, start, n);
	text[n] = '\0';
	{
		char *endp;
		double d = strtod(text, &endp);

		if (*endp != '\0')
			return false;
		json_emit_number(&b, d);
	}
	same = b.len == n && memcmp(b.data, start, n) == 0;
	json_buf_free(&b);
	return same;
}

static bool
literal(struct scanner *sc, const char *word, size_t n)
{
	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, word, n) != 0)
		return false;
	sc->p += n;
	return true;
}

static bool
scan_object(struct scanner *sc, int top, struct jsonscan *out)
{
	struct key_span keys[MAX_OBJECT_KEYS];
	size_t nkeys = 0;

	sc->p++;
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		return true;
	}
	for (;;) {
		const char *k;
		bool esc;

		if (sc->p >= sc->end || *sc->p != '"')
			return false;
		k = sc->p + 1;
		if (!scan_string(sc, &esc) || esc)
			return false;
		if (nkeys == MAX_OBJECT_KEYS)
			return false;
		keys[nkeys].s = k;
		keys[nkeys].n = (size_t)(sc->p - 1 - k);
		for (size_t i = 0; i < nkeys; i++)
			if (keys[i].n == keys[nkeys].n &&
			    memcmp(keys[i].s, k, keys[i].n) == 0)
				return false;	/* libjq keeps one */
		nkeys++;
		if (sc->p >= sc->end || *sc->p != ':')
			return false;
		sc->p++;
		if (top) {
			struct jsonscan_member *m;

			if (out->nmembers == JSONSCAN_MAX_KEYS)
				return false;
			m = &out->members[out->nmembers++];
			m->key = k;
			m->key_len = keys[nkeys - 1].n;
			m->value = sc->p;
		}
		if (!scan_value(sc, 0, out))
			return false;
		if (top)
			out->members[out->nmembers - 1].value_len =
			    (size_t)(sc->p - out->members[out->nmembers -
			    1].value);
		if (sc->p >= sc->end)
			return false;
		if (*sc->p == '}') {
			sc->p++;
			return true;
		}
		if (*sc->p != ',')
			return false;
		sc->p++;
	}
}

static bool
scan_array(struct scanner *sc, struct jsonscan *out)
{
	sc->p++;
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		return true;
	}
	for (;;) {
		if (!scan_value(sc, 0, out) || sc->p >= sc->end)
			return false;
		if (*sc->p == ']') {
			sc->p++;
			return true;
		}
		if (*sc->p != ',')
			return false;
		sc->p++;
	}
}

static bool
scan_value(struct scanner *sc, int top, struct jsonscan *out)
{
	bool esc, ok;

	if (sc->p >= sc->end)
		return false;
	switch (*sc->p) {
	case '{':
		if (++sc->depth > MAX_DEPTH)
			return false;
		ok = scan_object(sc, top, out);
		sc->depth--;
		return ok;
	case '[':
		if (++sc->depth > MAX_DEPTH)
			return false;
		ok = scan_array(sc, out);
		sc->depth--;
		return ok;
	case '"':
		return scan_string(sc, &esc);
	case 't':
		return literal(sc, "true", 4);
	case 'f':
		return literal(sc, "false", 5);
	case 'n':
		return literal(sc, "null", 4);
	default:
		return scan_number(sc);
	}
}

bool
jsonscan_canonical(const char *line, size_t len, struct jsonscan *scan)
{
	struct scanner sc = {line, line + len, 0};

	scan->nmembers = 0;
	if (len < 2 || line[0] != '{')
		return false;
	return scan_value(&sc, 1, scan) && sc.p == sc.end;
}

/*
 * Builds the value at *p of a line the scanner found canonical, so that
 * no check is repeated: every string is valid UTF-8 with only simple
 * escapes, every number well formed.
 */
static jv
build(const char **pp)
{
	const char *p = *pp;
	jv v;

	switch (*p) {
	case '{':
		v = jv_object();
		p++;
		if (*p == '}') {
			*pp = p + 1;
			return v;
		}
		for (;;) {
			jv key = build(&p);

			p++;	/* ':' */
			v = jv_object_set(v, key, build(&p));
			if (*p++ == '}')
				break;
		}
		*pp = p;
		return v;
	case '[':
		v = jv_array();
		p++;
		if (*p == ']') {
			*pp = p + 1;
			return v;
		}
		for (;;) {
			v = jv_array_append(v, build(&p));
			if (*p++ == ']')
				break;
		}
		*pp = p;
		return v;
	case '"': {
		const char *start = ++p;
		char *buf, *out;

		while (*p != '"' && *p != '\\')
			p++;
		if (*p == '"') {
			*pp = p + 1;
			return jv_string_sized(start, (int)(p - start));
		}
		while (*p != '"')
			p += *p == '\\' ? 2 : 1;
		buf = out = malloc((size_t)(p - start) + 1);
		if (buf == NULL)
			abort();
		for (const char *q = start; q < p; q++) {
			if (*q != '\\') {
				*out++ = *q;
				continue;
			}
			switch (*++q) {
			case 'b': *out++ = '\b'; break;
			case 'f': *out++ = '\f'; break;
			case 'n': *out++ = '\n'; break;
			case 'r': *out++ = '\r'; break;
			case 't': *out++ = '\t'; break;
			case 'u':
				*out++ = (char)((q[3] - '0') * 16 +
				    (q[4] <= '9' ? q[4] - '0' : q[4] - 'a' + 10));
				q += 4;
				break;
			default: *out++ = *q; break;
			}
		}
		v = jv_string_sized(buf, (int)(out - buf));
		free(buf);
		*pp = p + 1;
		return v;
	}
	case 't':
		*pp = p + 4;
		return jv_true();
	case 'f':
		*pp = p + 5;
		return jv_false();
	case 'n':
		*pp = p + 4;
		return jv_null();
	default: {
		char *end;
		double d = strtod(p, &end);

		*pp = end;
		return jv_number(d);
	}
	}
}

/* The end of a value of a canonical line. */
static const char *
skip(const char *p)
{
	int depth = 0;

	do {
		switch (*p) {
		case '"':
			for (p++; *p != '"'; p += *p == '\\' ? 2 : 1)
				;
			p++;
			break;
		case '{':
		case '[':
			depth++;
			p++;
			break;
		case '}':
		case ']':
			depth--;
			p++;
			break;
		case ',':
		case ':':
			p++;
			break;
		default:
			while (*p != ',' && *p != '}' && *p != ']')
				p++;
		}
	} while (depth > 0);
	return p;
}

jv
jsonscan_value_subset(const struct jsonscan_member *m,
    const char *const *fields)
{
	const char *p = m->value;
	jv obj;

	if (*p != '{')
		return build(&p);
	obj = jv_object();
	if (*++p == '}')
		return obj;
	for (;;) {
		const char *k = p + 1, *kend = strchr(k, '"');
		size_t klen = (size_t)(kend - k);
		bool wanted = false;

		for (const char *const *f = fields; *f != NULL && !wanted;
		    f++)
			wanted = strncmp(*f, m->key, m->key_len) == 0 &&
			    (*f)[m->key_len] == '.' &&
			    strlen(*f + m->key_len + 1) == klen &&
			    memcmp(*f + m->key_len + 1, k, klen) == 0;
		p = kend + 2;	/* past '":' */
		if (wanted)
			obj = jv_object_set(obj, jv_string_sized(k, (int)klen),
			    build(&p));
		else
			p = skip(p);
		if (*p++ == '}')
			return obj;
	}
}

jv
jsonscan_value(const struct jsonscan_member *m)
{
	const char *p = m->value;

	return build(&p);
}

/* The grammar check of jsonscan_valid(): whitespace allowed anywhere. */
struct checker {
	const char	*p, *end;
	int		 depth;
};

static bool	 check_value(struct checker *);

static void
skip_space(struct checker *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool
check_string(struct checker *c)
{
	static const char hexdigits[] = "0123456789abcdefABCDEF";

	c->p++;
	while (c->p < c->end) {
		unsigned char ch = (unsigned char)*c->p++;

		if (ch == '"')
			return true;
		if (ch < 0x20)
			return false;
		if (ch != '\\')
			continue;
		if (c->p >= c->end)
			return false;
		ch = (unsigned char)*c->p++;
		if (ch == 'u') {
			if (c->end - c->p < 4)
				return false;
			for (int i = 0; i < 4; i++)
				if (c->p[i] == '\0' ||
				    strchr(hexdigits, c->p[i]) == NULL)
					return false;
			c->p += 4;
		} else if (strchr("\"\\/bfnrt", ch) == NULL || ch == '\0')
			return false;
	}
	return false;
}

static bool
check_digits(struct checker *c)
{
	const char *start = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > start;
}

static bool
check_number(struct checker *c)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (!check_digits(c))
		return false;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (!check_digits(c))
			return false;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!check_digits(c))
			return false;
	}
	return true;
}

static bool
check_container(struct checker *c, char close)
{
	if (++c->depth > 256)
		return false;
	c->p++;
	skip_space(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		c->depth--;
		return true;
	}
	for (;;) {
		if (close == '}') {
			if (c->p >= c->end || *c->p != '"' || !check_string(c))
				return false;
			skip_space(c);
			if (c->p >= c->end || *c->p++ != ':')
				return false;
		}
		if (!check_value(c))
			return false;
		skip_space(c);
		if (c->p >= c->end)
			return false;
		if (*c->p == close) {
			c->p++;
			c->depth--;
			return true;
		}
		if (*c->p++ != ',')
			return false;
		skip_space(c);
	}
}

static bool
check_value(struct checker *c)
{
	skip_space(c);
	if (c->p >= c->end)
		return false;
	switch (*c->p) {
	case '{':
		return check_container(c, '}');
	case '[':
		return check_container(c, ']');
	case '"':
		return check_string(c);
	case 't':
		return (size_t)(c->end - c->p) >= 4 &&
		    memcmp(c->p, "true", 4) == 0 && (c->p += 4);
	case 'f':
		return (size_t)(c->end - c->p) >= 5 &&
		    memcmp(c->p, "false", 5) == 0 && (c->p += 5);
	case 'n':
		return (size_t)(c->end - c->p) >= 4 &&
		    memcmp(c->p, "null", 4) == 0 && (c->p += 4);
	default:
		return check_number(c);
	}
}

bool
jsonscan_valid(const char *text, size_t len)
{
	struct checker c = {text, text + len, 0};

	if (!check_value(&c))
		return false;
	skip_space(&c);
	return c.p == c.end;
}
