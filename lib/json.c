/* json -- field access on jv records and a fast compact emitter */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void
json_path_init(struct json_path *p, const char *dotted)
{
	const char *s = dotted, *dot;

	p->text = strdup(dotted);
	p->depth = 0;
	while (p->depth < JSON_MAX_DEPTH) {
		dot = strchr(s, '.');
		if (dot == NULL) {
			p->keys[p->depth++] = jv_string(s);
			break;
		}
		p->keys[p->depth++] = jv_string_sized(s, (int)(dot - s));
		s = dot + 1;
	}
}

void
json_path_free(struct json_path *p)
{
	for (int i = 0; i < p->depth; i++)
		jv_free(p->keys[i]);
	free((char *)p->text);
	p->text = NULL;
	p->depth = 0;
}

jv
json_get(jv record, const struct json_path *p)
{
	jv cur = record;

	for (int i = 0; i < p->depth; i++) {
		jv next;

		if (jv_get_kind(cur) != JV_KIND_OBJECT)
			return jv_invalid();
		next = jv_object_get(jv_copy(cur), jv_copy(p->keys[i]));
		/* The parent still holds a reference: borrow it. */
		jv_free(next);
		if (jv_get_kind(next) == JV_KIND_INVALID)
			return jv_invalid();
		cur = next;
	}
	return cur;
}

jv
json_get_key(jv object, const char *key)
{
	jv v;

	if (jv_get_kind(object) != JV_KIND_OBJECT)
		return jv_invalid();
	v = jv_object_get(jv_copy(object), jv_string(key));
	jv_free(v);
	return jv_get_kind(v) == JV_KIND_INVALID ? jv_invalid() : v;
}

const char *
json_get_string(jv record, const struct json_path *p)
{
	jv v = json_get(record, p);

	return jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : NULL;
}

bool
json_is_present(jv v)
{
	jv_kind k = jv_get_kind(v);

	return k != JV_KIND_INVALID && k != JV_KIND_NULL;
}

void
json_buf_reserve(struct json_buf *b, size_t more)
{
	size_t cap;

	if (b->len + more <= b->cap)
		return;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	if ((b->data = realloc(b->data, cap)) == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	b->cap = cap;
}

void
json_buf_append(struct json_buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;	/* memcpy must not see a NULL buffer */
	json_buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

void
json_buf_free(struct json_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
json_emit_number(struct json_buf *b, double d)
{
	char tmp[32];
	int n;

	if (isnan(d)) {
		json_buf_append(b, "null", 4);
		return;
	}
	if (isinf(d))
		d = d > 0 ? 1.7976931348623157e308 : -1.7976931348623157e308;
	/*
	 * Range first: converting a double beyond long long is undefined.
	 * -0 is not 0: it goes to %g, which writes "-0", as jq does.
	 */
	if (fabs(d) < 1e17 && d == (double)(long long)d &&
	    !(d == 0 && signbit(d))) {
		n = snprintf(tmp, sizeof(tmp), "%lld", (long long)d);
	} else {
		/* The fewest digits that read back exactly (at most 17). */
		for (int prec = 1; prec <= 17; prec++) {
			n = snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
			if (prec == 17 || strtod(tmp, NULL) == d)
				break;
		}
	}
	json_buf_append(b, tmp, (size_t)n);
}

/* Bytes that JSON strings must escape: controls, '"' and '\\'. */
static const unsigned char escape_of[256] = {
	['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
	['"'] = '"', ['\\'] = '\\',
	[0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u',
	[0x05] = 'u', [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u',
	[0x0f] = 'u', [0x10] = 'u', [0x11] = 'u', [0x12] = 'u', [0x13] = 'u',
	[0x14] = 'u', [0x15] = 'u', [0x16] = 'u', [0x17] = 'u', [0x18] = 'u',
	[0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u', [0x1d] = 'u',
	[0x1e] = 'u', [0x1f] = 'u',
};

size_t
json_utf8_sequence(const char *s, const char *end)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0];
	size_t n;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		cp = c & 0x07;
	} else
		return 0;
	if ((size_t)(end - s) <= n)
		return 0;
	for (size_t i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n + 1;
}

bool
json_utf8_valid(const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		size_t len;

		if ((unsigned char)*s < 0x80) {
			s++;
			continue;
		}
		if ((len = json_utf8_sequence(s, end)) == 0)
			return false;
		s += len;
	}
	return true;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/*
 * The bytes of w that need an escape (a control, '"' or '\\') have their
 * high bit set.  Exact for the lowest such byte, which is all the emitter
 * uses; one above it may be set without need.
 */
static inline uint64_t
escape_mask(uint64_t w)
{
	uint64_t quote = w ^ (ONES * '"'), backslash = w ^ (ONES * '\\');

	return (((w - ONES * 0x20) & ~w) | ((quote - ONES) & ~quote) |
	    ((backslash - ONES) & ~backslash)) & HIGHS;
}

/*
 * Runs of 8 bytes without a byte to escape are copied a word at a time:
 * a letter is kilobytes of plain text in one string.
 */
void
json_emit_string(struct json_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char *out;

	/* The worst case, reserved once: every byte as \u00XX. */
	json_buf_reserve(b, 6 * n + 2);
	out = b->data + b->len;
	*out++ = '"';
	while (i < n) {
		uint64_t w, mask = 0;
		size_t stop;

		for (; i + 8 <= n; i += 8, out += 8) {
			memcpy(&w, s + i, 8);
			if ((mask = escape_mask(w)) != 0)
				break;
			memcpy(out, &w, 8);
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* Straight to the first byte to escape: the lowest marked. */
		if (mask != 0) {
			size_t k = (size_t)__builtin_ctzll(mask) / 8;

			memcpy(out, &w, 8);	/* room: 6 bytes a byte */
			out += k;
			i += k;
		}
#endif
		/* Up to the first byte that needs an escape, and it. */
		for (stop = i + 8 < n ? i + 8 : n; i < stop;) {
			unsigned char c = (unsigned char)s[i++];
			unsigned char e = escape_of[c];

			if (e == 0) {
				*out++ = (char)c;
				continue;
			}
			*out++ = '\\';
			*out++ = (char)e;
			if (e == 'u') {
				*out++ = '0';
				*out++ = '0';
				*out++ = hex[c >> 4];
				*out++ = hex[c & 0xf];
			}
			break;
		}
	}
	*out++ = '"';
	b->len = (size_t)(out - b->data);
}

/* Borrows the value: the caller keeps its reference. */
static void
emit_borrowed(struct json_buf *b, jv v)
{
	int first = 1;

	switch (jv_get_kind(v)) {
	case JV_KIND_INVALID:
	case JV_KIND_NULL:
		json_buf_append(b, "null", 4);
		break;
	case JV_KIND_FALSE:
		json_buf_append(b, "false", 5);
		break;
	case JV_KIND_TRUE:
		json_buf_append(b, "true", 4);
		break;
	case JV_KIND_NUMBER:
		json_emit_number(b, jv_number_value(v));
		break;
	case JV_KIND_STRING:
		json_emit_string(b, jv_string_value(v),
		    (size_t)jv_string_length_bytes(jv_copy(v)));
		break;
	case JV_KIND_ARRAY:
		json_buf_append(b, "[", 1);
		for (int i = 0, n = jv_array_length(jv_copy(v)); i < n; i++) {
			jv e = jv_array_get(jv_copy(v), i);

			if (i > 0)
				json_buf_append(b, ",", 1);
			emit_borrowed(b, e);
			jv_free(e);
		}
		json_buf_append(b, "]", 1);
		break;
	case JV_KIND_OBJECT:
		json_buf_append(b, "{", 1);
		for (int it = jv_object_iter(v); jv_object_iter_valid(v, it);
		    it = jv_object_iter_next(v, it)) {
			jv k = jv_object_iter_key(v, it);
			jv e = jv_object_iter_value(v, it);

			if (!first)
				json_buf_append(b, ",", 1);
			first = 0;
			json_emit_string(b, jv_string_value(k),
			    (size_t)jv_string_length_bytes(jv_copy(k)));
			json_buf_append(b, ":", 1);
			emit_borrowed(b, e);
			jv_free(k);
			jv_free(e);
		}
		json_buf_append(b, "}", 1);
		break;
	}
}

void
json_emit(struct json_buf *b, jv v)
{
	emit_borrowed(b, v);
	jv_free(v);
}
