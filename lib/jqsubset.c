/* jqsubset -- a few forms of jq expressions, run in C with jq's meaning */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jqsubset.h"

/*
 * The grammar follows jq 1.6's precedence (parser.y): '|' (right) below
 * ',' below "//" (right) below "or" below "and" below "==" and "!="
 * (neither associates).  A ',' is taken only between the brackets of an
 * array, where it cannot meet a '|'.  Whatever the parser does not know
 * ends the parse with no result, so libjq gets the expression.
 */

enum op {
	OP_PATH, OP_LITERAL, OP_ARRAY, OP_PIPE, OP_ALTERNATIVE, OP_OR,
	OP_AND, OP_EQUAL, OP_NOT_EQUAL, OP_NOT, OP_LENGTH, OP_NONEMPTY,
	OP_INSIDE
};

struct node {
	enum op		 op;
	int		 a, b;		/* operands: node numbers */
	int		 variable;	/* OP_PATH: -1 for the input */
	int		 nkeys;		/* OP_PATH */
	jv		*keys;
	jv		 literal;	/* OP_LITERAL */
	int		*items;		/* OP_ARRAY */
	int		 nitems;
};

struct jqsubset {
	struct node	*nodes;
	int		 n, cap;
	int		 root;
};

struct parser {
	const char	*s;
	const char *const *names;
	unsigned	 flags;
	struct jqsubset	*x;
};

static int	 parse_pipe(struct parser *);
static bool	 run(const struct jqsubset *, int, jv, const jv *, jv *);

static int
add_node(struct parser *p, enum op op)
{
	struct jqsubset *x = p->x;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->nodes = alloc_array(x->nodes, (size_t)x->cap,
		    sizeof(*x->nodes));
	}
	x->nodes[x->n] = (struct node){.op = op, .a = -1, .b = -1,
	    .variable = -1, .literal = jv_invalid()};
	return x->n++;
}

static int
add_binary(struct parser *p, enum op op, int a, int b)
{
	int i;

	if (a < 0 || b < 0)
		return -1;
	i = add_node(p, op);
	p->x->nodes[i].a = a;
	p->x->nodes[i].b = b;
	return i;
}

/* jq 1.6's lexer skips these three, and stops at '\r'. */
static void
skip_space(struct parser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n')
		p->s++;
}

bool
jqsubset_is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool
jqsubset_is_ident(char c)
{
	return jqsubset_is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Takes a token of punctuation when it is next. */
static bool
accept(struct parser *p, const char *token)
{
	size_t n = strlen(token);

	skip_space(p);
	if (strncmp(p->s, token, n) != 0)
		return false;
	p->s += n;
	return true;
}

/* The length of the identifier next (after spaces), 0 when none. */
static size_t
ident_len(struct parser *p)
{
	size_t n = 0;

	skip_space(p);
	if (!jqsubset_is_ident_start(*p->s))
		return 0;
	while (jqsubset_is_ident(p->s[n]))
		n++;
	/* A module's name ("a::b") is not one of ours. */
	if (p->s[n] == ':' && p->s[n + 1] == ':')
		return 0;
	return n;
}

/* Takes a keyword or builtin's name when it is the identifier next. */
static bool
accept_word(struct parser *p, const char *word)
{
	size_t n = ident_len(p);

	if (n == 0 || n != strlen(word) || memcmp(p->s, word, n) != 0)
		return false;
	p->s += n;
	return true;
}

/* ".a.b" after the base of a path: the keys, no space between. */
static int
parse_keys(struct parser *p, int variable)
{
	int i = add_node(p, OP_PATH);
	struct node *node;

	p->x->nodes[i].variable = variable;
	while (*p->s == '.' && jqsubset_is_ident_start(p->s[1])) {
		const char *key = ++p->s;

		while (jqsubset_is_ident(*p->s))
			p->s++;
		node = &p->x->nodes[i];
		node->keys = alloc_array(node->keys, (size_t)node->nkeys + 1,
		    sizeof(*node->keys));
		node->keys[node->nkeys++] = jv_string_sized(key,
		    (int)(p->s - key));
	}
	/* ".a[0]", ".a?", ".a.\"b\"", "$x..": not ours. */
	if (*p->s == '.' || *p->s == '[' || *p->s == '?' || *p->s == '"')
		return -1;
	return i;
}

static int
parse_literal(struct parser *p, jv value)
{
	int i = add_node(p, OP_LITERAL);

	p->x->nodes[i].literal = value;
	return i;
}

/* "..." of printable ASCII, no escape, no interpolation. */
static int
parse_string(struct parser *p)
{
	const char *start = ++p->s;

	while (*p->s >= 0x20 && *p->s <= 0x7e && *p->s != '"' &&
	    *p->s != '\\')
		p->s++;
	if (*p->s != '"')
		return -1;
	p->s++;
	return parse_literal(p, jv_string_sized(start, (int)(p->s - 1 -
	    start)));
}

/* Digits, optionally a '.' and digits: what jq reads with strtod. */
static int
parse_number(struct parser *p)
{
	const char *start = p->s;
	char text[64];

	while (*p->s >= '0' && *p->s <= '9')
		p->s++;
	if (*p->s == '.') {
		if (!(p->s[1] >= '0' && p->s[1] <= '9'))
			return -1;
		for (p->s++; *p->s >= '0' && *p->s <= '9'; p->s++)
			;
	}
	if (jqsubset_is_ident(*p->s) || *p->s == '.' ||
	    (size_t)(p->s - start) >= sizeof(text))
		return -1;
	memcpy(text, start, (size_t)(p->s - start));
	text[p->s - start] = '\0';
	return parse_literal(p, jv_number(strtod(text, NULL)));
}

/* "[e, ...]": the values of its items, or one item piped on. */
static int
parse_array(struct parser *p)
{
	int i = add_node(p, OP_ARRAY), item;

	p->s++;
	if (accept(p, "]"))
		return i;
	for (;;) {
		struct node *node;

		/* Below ',' only "|", which may not meet it here. */
		if ((item = parse_pipe(p)) < 0)
			return -1;
		node = &p->x->nodes[i];
		if (p->x->nodes[item].op == OP_PIPE && (node->nitems > 0 ||
		    (skip_space(p), *p->s == ',')))
			return -1;
		node->items = alloc_array(node->items, (size_t)node->nitems + 1,
		    sizeof(*node->items));
		node->items[node->nitems++] = item;
		if (accept(p, "]"))
			return i;
		if (!accept(p, ","))
			return -1;
	}
}

static int
parse_term(struct parser *p)
{
	size_t n;
	int i;

	skip_space(p);
	if (*p->s == '.') {
		/* "..", ".[", ".\"a\"", ".5": not ours. */
		if (p->s[1] == '.' || p->s[1] == '[' || p->s[1] == '"' ||
		    (p->s[1] >= '0' && p->s[1] <= '9'))
			return -1;
		if (!jqsubset_is_ident_start(p->s[1]))
			p->s++;
		return parse_keys(p, -1);
	}
	if (*p->s == '$') {
		/* jq 1.6 takes "$ name" too; here only "$name". */
		if (!jqsubset_is_ident_start(*++p->s) ||
		    (n = ident_len(p)) == 0)
			return -1;
		for (int v = 0; p->names != NULL && p->names[v] != NULL; v++)
			if (strlen(p->names[v]) == n &&
			    memcmp(p->names[v], p->s, n) == 0) {
				p->s += n;
				return parse_keys(p, v);
			}
		return -1;
	}
	if (*p->s == '"')
		return parse_string(p);
	if (*p->s >= '0' && *p->s <= '9')
		return parse_number(p);
	if (*p->s == '[')
		return parse_array(p);
	if (*p->s == '(') {
		p->s++;
		if ((i = parse_pipe(p)) < 0 || !accept(p, ")"))
			return -1;
		/* "(e).a", "(e)[0]", "(e)?": not ours. */
		if (*p->s == '.' || *p->s == '[' || *p->s == '?')
			return -1;
		return i;
	}
	if (accept_word(p, "null"))
		return parse_literal(p, jv_null());
	if (accept_word(p, "true"))
		return parse_literal(p, jv_true());
	if (accept_word(p, "false"))
		return parse_literal(p, jv_false());
	if (accept_word(p, "not"))
		return add_node(p, OP_NOT);
	if (accept_word(p, "length"))
		return add_node(p, OP_LENGTH);
	if ((p->flags & JQSUBSET_NONEMPTY) && accept_word(p, "nonempty"))
		return add_node(p, OP_NONEMPTY);
	if (accept_word(p, "inside") && accept(p, "(")) {
		int arg = parse_pipe(p);

		if (arg < 0 || !accept(p, ")"))
			return -1;
		i = add_node(p, OP_INSIDE);
		p->x->nodes[i].a = arg;
		return i;
	}
	return -1;
}

/* A name called with arguments ("not(x)") is another function. */
static int
parse_operand(struct parser *p)
{
	int i = parse_term(p);

	if (i >= 0 && (skip_space(p), *p->s == '(' || *p->s == '?' ||
	    *p->s == '['))
		return -1;
	return i;
}

static int
parse_comparison(struct parser *p)
{
	int a = parse_operand(p);
	enum op op;

	if (a < 0)
		return -1;
	if (accept(p, "=="))
		op = OP_EQUAL;
	else if (accept(p, "!="))
		op = OP_NOT_EQUAL;
	else
		return a;
	a = add_binary(p, op, a, parse_operand(p));
	/* "a == b == c" does not compile in jq. */
	skip_space(p);
	if (strncmp(p->s, "==", 2) == 0 || strncmp(p->s, "!=", 2) == 0)
		return -1;
	return a;
}

static int
parse_and(struct parser *p)
{
	int a = parse_comparison(p);

	while (a >= 0 && accept_word(p, "and"))
		a = add_binary(p, OP_AND, a, parse_comparison(p));
	return a;
}

static int
parse_or(struct parser *p)
{
	int a = parse_and(p);

	while (a >= 0 && accept_word(p, "or"))
		a = add_binary(p, OP_OR, a, parse_and(p));
	return a;
}

static int
parse_alternative(struct parser *p)
{
	int a = parse_or(p);

	if (a < 0)
		return -1;
	skip_space(p);
	/* "//=" is an assignment. */
	if (strncmp(p->s, "//", 2) != 0 || p->s[2] == '=')
		return a;
	p->s += 2;
	return add_binary(p, OP_ALTERNATIVE, a, parse_alternative(p));
}

static int
parse_pipe(struct parser *p)
{
	int a = parse_alternative(p);

	if (a < 0)
		return -1;
	skip_space(p);
	/* "|=" is an assignment. */
	if (*p->s != '|' || p->s[1] == '=')
		return a;
	p->s++;
	return add_binary(p, OP_PIPE, a, parse_pipe(p));
}

struct jqsubset *
jqsubset_parse(const char *text, const char *const *names, unsigned flags)
{
	struct jqsubset *x = calloc(1, sizeof(*x));
	struct parser p = {text, names, flags, x};

	if (x == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	x->root = parse_pipe(&p);
	skip_space(&p);
	if (x->root < 0 || *p.s != '\0') {
		jqsubset_free(x);
		return NULL;
	}
	return x;
}

void
jqsubset_free(struct jqsubset *x)
{
	if (x == NULL)
		return;
	for (int i = 0; i < x->n; i++) {
		for (int k = 0; k < x->nodes[i].nkeys; k++)
			jv_free(x->nodes[i].keys[k]);
		free(x->nodes[i].keys);
		jv_free(x->nodes[i].literal);
		free(x->nodes[i].items);
	}
	free(x->nodes);
	free(x);
}

static bool
record_keys(const struct jqsubset *x, int i, bool at_record, int record,
    jv *keys)
{
	const struct node *node = &x->nodes[i];

	switch (node->op) {
	case OP_PATH:
		if (!(node->variable < 0 ? at_record : node->variable ==
		    record))
			return true;
		if (node->nkeys == 0)
			return false;
		*keys = jv_array_append(*keys, jv_copy(node->keys[0]));
		return true;
	case OP_LITERAL:
		return true;
	case OP_ARRAY:
		for (int k = 0; k < node->nitems; k++)
			if (!record_keys(x, node->items[k], at_record, record,
			    keys))
				return false;
		return true;
	case OP_PIPE:
		/* The right side reads the left side's value. */
		return record_keys(x, node->a, at_record, record, keys) &&
		    record_keys(x, node->b, false, record, keys);
	case OP_NOT:
	case OP_LENGTH:
	case OP_NONEMPTY:
		return !at_record;
	case OP_INSIDE:
		/* The argument reads the same input, then . is compared. */
		return !at_record && record_keys(x, node->a, at_record,
		    record, keys);
	default:
		return record_keys(x, node->a, at_record, record, keys) &&
		    record_keys(x, node->b, at_record, record, keys);
	}
}

bool
jqsubset_record_keys(const struct jqsubset *x, bool at_record,
    int record_variable, jv *keys)
{
	return record_keys(x, x->root, at_record, record_variable, keys);
}

/* Running ------------------------------------------------------------------ */

static bool
is_true(jv v)
{
	return jv_get_kind(v) != JV_KIND_NULL &&
	    jv_get_kind(v) != JV_KIND_FALSE;
}

/* jq's ".a.b": null through null, an error on anything but an object. */
static bool
run_path(const struct node *node, jv input, const jv *variables, jv *value)
{
	jv cur = jv_copy(node->variable < 0 ? input :
	    variables[node->variable]);

	for (int k = 0; k < node->nkeys; k++) {
		if (jv_get_kind(cur) == JV_KIND_NULL)
			break;
		if (jv_get_kind(cur) != JV_KIND_OBJECT) {
			jv_free(cur);
			return false;
		}
		cur = jv_object_get(cur, jv_copy(node->keys[k]));
		if (!jv_is_valid(cur))
			cur = jv_null();
	}
	*value = cur;
	return true;
}

/* jq 1.6's f_length; false for a boolean, which has none. */
static bool
length_of(jv v, jv *value)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_NULL:
		*value = jv_number(0);
		return true;
	case JV_KIND_NUMBER:
		*value = jv_number(fabs(jv_number_value(v)));
		return true;
	case JV_KIND_STRING:
		*value = jv_number(jv_string_length_codepoints(jv_copy(v)));
		return true;
	case JV_KIND_ARRAY:
		*value = jv_number(jv_array_length(jv_copy(v)));
		return true;
	case JV_KIND_OBJECT:
		*value = jv_number(jv_object_length(jv_copy(v)));
		return true;
	default:
		return false;
	}
}

/* "a and b", "a or b": a's truth decides, else b's (true or false). */
static bool
run_logic(const struct jqsubset *x, const struct node *node, jv input,
    const jv *variables, jv *value)
{
	jv v;
	bool truth;

	if (!run(x, node->a, input, variables, &v))
		return false;
	truth = is_true(v);
	jv_free(v);
	if (truth == (node->op == OP_OR)) {
		*value = jv_bool(truth);
		return true;
	}
	if (!run(x, node->b, input, variables, &v))
		return false;
	*value = jv_bool(is_true(v));
	jv_free(v);
	return true;
}

static bool
run(const struct jqsubset *x, int i, jv input, const jv *variables,
    jv *value)
{
	const struct node *node = &x->nodes[i];
	jv a, b;

	switch (node->op) {
	case OP_PATH:
		return run_path(node, input, variables, value);
	case OP_LITERAL:
		*value = jv_copy(node->literal);
		return true;
	case OP_ARRAY:
		b = jv_array();
		for (int k = 0; k < node->nitems; k++) {
			if (!run(x, node->items[k], input, variables, &a)) {
				jv_free(b);
				return false;
			}
			b = jv_array_append(b, a);
		}
		*value = b;
		return true;
	case OP_PIPE:
		if (!run(x, node->a, input, variables, &a))
			return false;
		i = run(x, node->b, a, variables, value);
		jv_free(a);
		return i;
	case OP_ALTERNATIVE:
		/* jq 1.6 lets an error on the left through (later jq not). */
		if (!run(x, node->a, input, variables, &a))
			return false;
		if (is_true(a)) {
			*value = a;
			return true;
		}
		jv_free(a);
		return run(x, node->b, input, variables, value);
	case OP_OR:
	case OP_AND:
		return run_logic(x, node, input, variables, value);
	case OP_EQUAL:
	case OP_NOT_EQUAL:
		if (!run(x, node->a, input, variables, &a))
			return false;
		if (!run(x, node->b, input, variables, &b)) {
			jv_free(a);
			return false;
		}
		*value = jv_bool(jv_equal(a, b) == (node->op == OP_EQUAL));
		return true;
	case OP_NOT:
		*value = jv_bool(!is_true(input));
		return true;
	case OP_LENGTH:
		return length_of(input, value);
	case OP_NONEMPTY:
		/* The prelude's: an empty text, list or object is null. */
		switch (jv_get_kind(input)) {
		case JV_KIND_STRING:
		case JV_KIND_ARRAY:
		case JV_KIND_OBJECT:
			if (!length_of(input, &a))
				return false;
			i = jv_number_value(a) == 0;
			jv_free(a);
			*value = i ? jv_null() : jv_copy(input);
			return true;
		default:
			*value = jv_copy(input);
			return true;
		}
	case OP_INSIDE:
		/* def inside(xs): . as $x | xs | contains($x); */
		if (!run(x, node->a, input, variables, &a))
			return false;
		if (jv_get_kind(a) != jv_get_kind(input)) {
			jv_free(a);
			return false;
		}
		*value = jv_bool(jv_contains(a, jv_copy(input)));
		return true;
	}
	return false;
}

bool
jqsubset_run(const struct jqsubset *x, jv input, const jv *variables,
    jv *value)
{
	return run(x, x->root, input, variables, value);
}
