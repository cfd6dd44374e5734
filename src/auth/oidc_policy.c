/* oidc_policy.c: OIDC policy parsing with libyaml, and matching claims */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "auth/oidc_policy.h"
#include "auth/principal.h"
#include "util/banned.h"

#define MAX_DEPTH	8
#define MAX_NODES	20000

static const char *const op_names[PO__MAX] = {
	"equals", "not_equals", "in", "not_in", "matches"
};

/* The parse keeps one libyaml event at a time. */
struct pp {
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	int		 have;
	struct arena	*a;
	char		*err;
	size_t		 errsz;
	size_t		 nodes;
	size_t		 stmt;		/* 1-based, for messages */
};

static int __attribute__((format(printf, 2, 3)))
fail(struct pp *p, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;
	size_t	 line = p->have ? p->ev.start_mark.line + 1 :
		    p->parser.problem_mark.line + 1;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->stmt)
		snprintf(p->err, p->errsz, "line %zu: statement %zu: %s", line,
		    p->stmt, msg);
	else
		snprintf(p->err, p->errsz, "line %zu: %s", line, msg);
	return -1;
}

/* Next event into p->ev, refusing anchors, aliases and tags. */
static int
next(struct pp *p)
{
	const char	*anchor = NULL, *tag = NULL;

	if (p->have) {
		yaml_event_delete(&p->ev);
		p->have = 0;
	}
	if (!yaml_parser_parse(&p->parser, &p->ev)) {
		snprintf(p->err, p->errsz, "line %zu: %s",
		    p->parser.problem_mark.line + 1,
		    p->parser.problem ? p->parser.problem : "invalid YAML");
		return -1;
	}
	p->have = 1;
	if (++p->nodes > MAX_NODES)
		return fail(p, "policy is too large");
	switch (p->ev.type) {
	case YAML_ALIAS_EVENT:
		return fail(p, "aliases are not allowed");
	case YAML_SCALAR_EVENT:
		anchor = (const char *)p->ev.data.scalar.anchor;
		tag = (const char *)p->ev.data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = (const char *)p->ev.data.sequence_start.anchor;
		tag = (const char *)p->ev.data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = (const char *)p->ev.data.mapping_start.anchor;
		tag = (const char *)p->ev.data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor)
		return fail(p, "anchors are not allowed");
	if (tag)
		return fail(p, "tags are not allowed");
	return 0;
}

static int
expect(struct pp *p, yaml_event_type_t t, const char *what)
{
	if (next(p) == -1)
		return -1;
	if (p->ev.type != t)
		return fail(p, "expected %s", what);
	return 0;
}

/* Type of a scalar: quoted ones are strings; plain ones by YAML 1.2 core. */
static enum scalar_type
scalar_type(const yaml_event_t *ev)
{
	const char	*s = (const char *)ev->data.scalar.value;
	char		*end;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return SV_STRING;
	if (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
		return SV_NULL;
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "TRUE") == 0 || strcmp(s, "false") == 0 ||
	    strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
		return SV_BOOL;
	errno = 0;
	(void)strtod(s, &end);
	if (*end == '\0' && errno == 0 && (s[0] == '-' || s[0] == '+' ||
	    (s[0] >= '0' && s[0] <= '9') || s[0] == '.'))
		return SV_NUMBER;
	return SV_STRING;
}

/* The current event as a scalar value (after next()). */
static int
take_scalar(struct pp *p, struct policy_scalar *v)
{
	if (p->ev.type != YAML_SCALAR_EVENT)
		return fail(p, "expected a value");
	if (p->ev.data.scalar.length > POLICY_MAX_SCALAR)
		return fail(p, "value longer than %d bytes", POLICY_MAX_SCALAR);
	if (memchr(p->ev.data.scalar.value, '\0', p->ev.data.scalar.length))
		return fail(p, "value holds a NUL byte");
	v->type = scalar_type(&p->ev);
	v->text = arena_strndup(p->a, (const char *)p->ev.data.scalar.value,
	    p->ev.data.scalar.length);
	return v->text ? 0 : fail(p, "out of memory");
}

/* A scalar or a flow/block list of scalars (current event starts it). */
static int
take_values(struct pp *p, int list_ok, struct policy_scalar **out, size_t *n)
{
	struct policy_scalar	*v;

	*n = 0;
	if (p->ev.type == YAML_SCALAR_EVENT) {
		if ((*out = arena_calloc(p->a, 1, sizeof(**out))) == NULL)
			return fail(p, "out of memory");
		*n = 1;
		return take_scalar(p, *out);
	}
	if (p->ev.type != YAML_SEQUENCE_START_EVENT || !list_ok)
		return fail(p, list_ok ? "expected a value or a list of values" :
		    "expected one value");
	v = arena_calloc(p->a, POLICY_MAX_VALUES, sizeof(*v));
	if (v == NULL)
		return fail(p, "out of memory");
	for (;;) {
		if (next(p) == -1)
			return -1;
		if (p->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (*n == POLICY_MAX_VALUES)
			return fail(p, "more than %d values in a list",
			    POLICY_MAX_VALUES);
		if (take_scalar(p, &v[*n]) == -1)
			return -1;
		(*n)++;
	}
	if (*n == 0)
		return fail(p, "empty list");
	*out = v;
	return 0;
}

static int
parse_scopes(struct pp *p, unsigned *out)
{
	struct policy_scalar	*v;
	size_t			 n, i;

	if (next(p) == -1 || take_values(p, 1, &v, &n) == -1)
		return -1;
	*out = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].text, "read_packages") == 0)
			*out |= SC_READ_PACKAGES;
		else if (strcmp(v[i].text, "write_packages") == 0)
			*out |= SC_WRITE_PACKAGES;
		else if (strcmp(v[i].text, "delete_packages") == 0)
			*out |= SC_DELETE_PACKAGES;
		else
			return fail(p, "scopes: unknown scope '%.64s' (use "
			    "read_packages, write_packages, delete_packages)",
			    v[i].text);
	}
	return 0;
}

/* claims: {name: scalar | {op: value(s), ...}, ...} */
static int
parse_claims(struct pp *p, struct policy_statement *st)
{
	struct policy_rule	*r;
	const char		*claim;
	size_t			 i;

	if (expect(p, YAML_MAPPING_START_EVENT, "claims to be a map") == -1)
		return -1;
	st->rules = arena_calloc(p->a, POLICY_MAX_RULES, sizeof(*st->rules));
	if (st->rules == NULL)
		return fail(p, "out of memory");
	for (;;) {
		if (next(p) == -1)
			return -1;
		if (p->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (p->ev.type != YAML_SCALAR_EVENT ||
		    p->ev.data.scalar.length == 0)
			return fail(p, "claims: expected a claim name");
		claim = arena_strndup(p->a, (const char *)p->ev.data.scalar.value,
		    p->ev.data.scalar.length);
		if (next(p) == -1)
			return -1;
		if (p->ev.type == YAML_SCALAR_EVENT) {
			if (st->nrules == POLICY_MAX_RULES)
				return fail(p, "too many claim rules");
			r = &st->rules[st->nrules++];
			r->claim = claim;
			r->op = PO_EQUALS;
			if (take_values(p, 0, &r->values, &r->nvalues) == -1)
				return -1;
			continue;
		}
		if (p->ev.type != YAML_MAPPING_START_EVENT)
			return fail(p, "claims: '%.64s' needs a value or a map "
			    "of matchers", claim);
		for (;;) {
			if (next(p) == -1)
				return -1;
			if (p->ev.type == YAML_MAPPING_END_EVENT)
				break;
			if (p->ev.type != YAML_SCALAR_EVENT)
				return fail(p, "claims: '%.64s': expected a "
				    "matcher", claim);
			for (i = 0; i < PO__MAX; i++)
				if (strcmp((const char *)p->ev.data.scalar.value,
				    op_names[i]) == 0)
					break;
			if (i == PO__MAX)
				return fail(p, "claims: '%.64s': unknown matcher "
				    "'%.64s' (use equals, not_equals, in, "
				    "not_in, matches)", claim,
				    (const char *)p->ev.data.scalar.value);
			if (st->nrules == POLICY_MAX_RULES)
				return fail(p, "too many claim rules");
			r = &st->rules[st->nrules++];
			r->claim = claim;
			r->op = (enum policy_op)i;
			if (next(p) == -1 || take_values(p, r->op == PO_IN ||
			    r->op == PO_NOT_IN || r->op == PO_MATCHES,
			    &r->values, &r->nvalues) == -1)
				return -1;
			if ((r->op == PO_IN || r->op == PO_NOT_IN) &&
			    r->nvalues == 1 && p->ev.type == YAML_SCALAR_EVENT)
				return fail(p, "claims: '%.64s': %s needs a "
				    "list", claim, op_names[r->op]);
		}
	}
	return 0;
}

static int
parse_statement(struct pp *p, struct policy_statement *st)
{
	const char	*key;
	int		 seen_scopes = 0;

	st->line = p->ev.start_mark.line + 1;
	for (;;) {
		if (next(p) == -1)
			return -1;
		if (p->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (p->ev.type != YAML_SCALAR_EVENT)
			return fail(p, "expected a key");
		key = (const char *)p->ev.data.scalar.value;
		if (strcmp(key, "iss") == 0) {
			if (st->iss)
				return fail(p, "iss given twice");
			if (expect(p, YAML_SCALAR_EVENT, "iss to be a URL") ==
			    -1)
				return -1;
			st->iss = arena_strndup(p->a,
			    (const char *)p->ev.data.scalar.value,
			    p->ev.data.scalar.length);
			if (st->iss[0] == '\0' ||
			    p->ev.data.scalar.length > POLICY_MAX_SCALAR)
				return fail(p, "iss must be the issuer URL");
		} else if (strcmp(key, "scopes") == 0) {
			if (seen_scopes++)
				return fail(p, "scopes given twice");
			if (parse_scopes(p, &st->scopes) == -1)
				return -1;
		} else if (strcmp(key, "claims") == 0) {
			if (st->rules)
				return fail(p, "claims given twice");
			if (parse_claims(p, st) == -1)
				return -1;
		} else
			return fail(p, "unknown key '%.64s' (use iss, scopes, "
			    "claims)", key);
	}
	if (st->iss == NULL)
		return fail(p, "iss is required");
	if (!seen_scopes)
		st->scopes = SC_READ_PACKAGES | SC_WRITE_PACKAGES;
	return 0;
}

int
policy_parse(struct arena *a, const char *text, size_t len,
    struct policy *out, char *err, size_t errsz)
{
	struct pp	 p;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.err = err;
	p.errsz = errsz;
	if (len > POLICY_MAX_BYTES) {
		snprintf(err, errsz, "policy is larger than %d bytes",
		    POLICY_MAX_BYTES);
		return -1;
	}
	if (!yaml_parser_initialize(&p.parser)) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)text,
	    len);
	if ((out->st = arena_calloc(a, POLICY_MAX_STATEMENTS,
	    sizeof(*out->st))) == NULL)
		goto out;
	if (expect(&p, YAML_STREAM_START_EVENT, "a document") == -1 ||
	    expect(&p, YAML_DOCUMENT_START_EVENT, "a document") == -1 ||
	    expect(&p, YAML_SEQUENCE_START_EVENT,
	    "a list of statements") == -1)
		goto out;
	for (;;) {
		if (next(&p) == -1)
			goto out;
		if (p.ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (out->n == POLICY_MAX_STATEMENTS) {
			fail(&p, "more than %d statements",
			    POLICY_MAX_STATEMENTS);
			goto out;
		}
		p.stmt = out->n + 1;
		if (p.ev.type != YAML_MAPPING_START_EVENT) {
			fail(&p, "a statement is a map with iss, scopes, "
			    "claims");
			goto out;
		}
		if (parse_statement(&p, &out->st[out->n]) == -1)
			goto out;
		out->n++;
	}
	p.stmt = 0;
	if (expect(&p, YAML_DOCUMENT_END_EVENT, "one document") == -1 ||
	    expect(&p, YAML_STREAM_END_EVENT, "one document") == -1)
		goto out;
	rc = 0;
out:
	if (p.have)
		yaml_event_delete(&p.ev);
	yaml_parser_delete(&p.parser);
	return rc;
}

int
policy_glob(const char *pat, const char *s)
{
	const char	*star = NULL, *mark = NULL;

	while (*s) {
		if (*pat == '?' || (*pat && *pat != '*' && *pat == *s)) {
			pat++;
			s++;
		} else if (*pat == '*') {
			star = pat++;
			mark = s;
		} else if (star) {
			pat = star + 1;
			s = ++mark;
		} else
			return 0;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/* Does the claim value equal the rule's scalar, type for type? */
static int
scalar_eq(struct json_object *c, const struct policy_scalar *v)
{
	char	*end;
	double	 d;

	switch (v->type) {
	case SV_NULL:
		return c == NULL;
	case SV_BOOL:
		return c && json_object_is_type(c, json_type_boolean) &&
		    json_object_get_boolean(c) == (v->text[0] == 't' ||
		    v->text[0] == 'T');
	case SV_NUMBER:
		if (c == NULL || !(json_object_is_type(c, json_type_int) ||
		    json_object_is_type(c, json_type_double)))
			return 0;
		d = strtod(v->text, &end);
		return fabs(json_object_get_double(c) - d) < 1e-9;
	case SV_STRING:
		return c && json_object_is_type(c, json_type_string) &&
		    strcmp(json_object_get_string(c), v->text) == 0;
	}
	return 0;
}

static int
rule_holds(const struct policy_rule *r, struct json_object *claims)
{
	struct json_object	*c;
	size_t			 i;
	int			 any = 0;

	if (!json_object_object_get_ex(claims, r->claim, &c))
		return 0;	/* a missing claim fails the statement */
	if (r->op == PO_MATCHES) {
		if (c == NULL || !json_object_is_type(c, json_type_string))
			return 1;	/* only for string claims */
		for (i = 0; i < r->nvalues; i++)
			if (policy_glob(r->values[i].text,
			    json_object_get_string(c)))
				return 1;
		return 0;
	}
	for (i = 0; i < r->nvalues; i++)
		if (scalar_eq(c, &r->values[i]))
			any = 1;
	switch (r->op) {
	case PO_EQUALS:
	case PO_IN:
		return any;
	case PO_NOT_EQUALS:
	case PO_NOT_IN:
		return !any;
	default:
		return 0;
	}
}

unsigned
policy_match(const struct policy *pol, const char *iss,
    struct json_object *claims)
{
	size_t	 i, j;

	for (i = 0; i < pol->n; i++) {
		if (strcmp(pol->st[i].iss, iss) != 0)
			continue;
		for (j = 0; j < pol->st[i].nrules; j++)
			if (!rule_holds(&pol->st[i].rules[j], claims))
				break;
		if (j == pol->st[i].nrules)
			return pol->st[i].scopes;
	}
	return 0;
}
