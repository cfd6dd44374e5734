/* ruby_yaml.c: the safe subset of a gemspec's YAML, read with libyaml */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "eco/ruby.h"
#include "util/banned.h"

/*
 * libyaml's event parser feeds a small tree (nodes in one array, scalar
 * text in one buf), bounded by the limits as it grows; the spec is then
 * read from the tree. Nothing Ruby-specific is ever instantiated: the tags
 * below only label mappings, and anything else tagged is refused.
 */

#define NONE	SIZE_MAX

enum ytype {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP
};

enum ytag {
	YT_NONE,
	YT_SPEC,
	YT_VERSION,
	YT_REQUIREMENT,
	YT_DEPENDENCY,
	YT__MAX
};

static const char *const ytag_names[YT__MAX] = {
	[YT_NONE] = "",
	[YT_SPEC] = "!ruby/object:Gem::Specification",
	[YT_VERSION] = "!ruby/object:Gem::Version",
	[YT_REQUIREMENT] = "!ruby/object:Gem::Requirement",
	[YT_DEPENDENCY] = "!ruby/object:Gem::Dependency",
};

static const char *const req_ops[] = {
	"=", "!=", ">", "<", ">=", "<=", "~>",
};

struct ynode {
	enum ytype	 type;
	enum ytag	 tag;
	int		 null;		/* plain "", "~", "null" */
	size_t		 off;		/* scalar: its text in y->text */
	size_t		 len;
	size_t		 first;		/* children */
	size_t		 last;
	size_t		 next;		/* sibling */
	size_t		 nkids;
};

struct ytree {
	struct ynode			*n;
	size_t				 nn;
	size_t				 cap;
	struct buf			 text;
	const struct gem_yaml_limits	*lim;
	struct arena			*a;
	char				*err;
	size_t				 errsz;
	int				 failed;
};

static int	 y_fail(struct ytree *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Record the first error only; always -1. */
static int
y_fail(struct ytree *y, const char *fmt, ...)
{
	va_list	 ap;

	if (y->failed)
		return -1;
	y->failed = 1;
	if (y->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(y->err, y->errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static size_t
y_add(struct ytree *y, enum ytype type, enum ytag tag, size_t parent)
{
	struct ynode	*n, *p;
	size_t		 ncap, i;

	if (y->nn >= y->lim->max_nodes) {
		y_fail(y, "YAML has more than %zu nodes", y->lim->max_nodes);
		return NONE;
	}
	if (y->nn == y->cap) {
		ncap = y->cap ? y->cap * 2 : 256;
		if (ncap > y->lim->max_nodes)
			ncap = y->lim->max_nodes;
		if ((n = reallocarray(y->n, ncap, sizeof(*n))) == NULL) {
			y_fail(y, "out of memory");
			return NONE;
		}
		y->n = n;
		y->cap = ncap;
	}
	i = y->nn++;
	n = &y->n[i];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->tag = tag;
	n->first = n->last = n->next = NONE;
	if (parent != NONE) {
		p = &y->n[parent];
		if (p->last == NONE)
			p->first = i;
		else
			y->n[p->last].next = i;
		p->last = i;
		p->nkids++;
	}
	return i;
}

/* The tag of a mapping: one of ours, or -1 (refused). */
static int
map_tag(struct ytree *y, const yaml_char_t *tag)
{
	int	 i;

	if (tag == NULL)
		return YT_NONE;
	for (i = YT_SPEC; i < YT__MAX; i++)
		if (strcmp((const char *)tag, ytag_names[i]) == 0)
			return i;
	if (strcmp((const char *)tag, YAML_MAP_TAG) == 0)
		return YT_NONE;
	return y_fail(y, "YAML tag '%.64s' is not allowed", (const char *)tag);
}

static int
y_scalar(struct ytree *y, const yaml_event_t *ev, size_t parent)
{
	const char	*v = (const char *)ev->data.scalar.value;
	size_t		 len = ev->data.scalar.length, i;

	if (ev->data.scalar.tag != NULL &&
	    strcmp((const char *)ev->data.scalar.tag, YAML_STR_TAG) != 0)
		return y_fail(y, "YAML tag '%.64s' is not allowed",
		    (const char *)ev->data.scalar.tag);
	if (len > y->lim->max_scalar)
		return y_fail(y, "YAML scalar is larger than %zu bytes",
		    y->lim->max_scalar);
	if (memchr(v, '\0', len) != NULL)
		return y_fail(y, "YAML scalar holds a NUL byte");
	if ((i = y_add(y, YN_SCALAR, YT_NONE, parent)) == NONE)
		return -1;
	y->n[i].off = y->text.len;
	y->n[i].len = len;
	y->n[i].null = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.tag == NULL && (len == 0 ||
	    (len == 1 && v[0] == '~') ||
	    (len == 4 && (memcmp(v, "null", 4) == 0 ||
	    memcmp(v, "Null", 4) == 0 || memcmp(v, "NULL", 4) == 0)));
	if (buf_add(&y->text, v, len) == -1 || buf_addch(&y->text, '\0') == -1)
		return y_fail(y, "YAML text is too large");
	return 0;
}

/*
 * Parse p into the tree. Root is node 0. One document; anchors, aliases
 * and unknown tags refused; depth, nodes and scalar sizes bounded.
 */
static int
y_parse(struct ytree *y, const char *p, size_t len)
{
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	size_t		*stack = NULL, depth = 0, parent, i;
	int		 rc = -1, done = 0, docs = 0, have_ev = 0, tag;
	const yaml_char_t *anchor;

	if (len > y->lim->max_len)
		return y_fail(y, "YAML is larger than %zu bytes",
		    y->lim->max_len);
	if (!yaml_parser_initialize(&parser))
		return y_fail(y, "out of memory");
	if ((stack = calloc((size_t)y->lim->max_depth + 1,
	    sizeof(*stack))) == NULL) {
		y_fail(y, "out of memory");
		goto out;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)p, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			y_fail(y, "YAML error at line %zu: %.80s",
			    (size_t)parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "syntax error");
			goto out;
		}
		have_ev = 1;
		parent = depth > 0 ? stack[depth - 1] : NONE;
		anchor = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				y_fail(y, "YAML has more than one document");
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			y_fail(y, "YAML aliases are not allowed");
			goto out;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			if (anchor == NULL && y_scalar(y, &ev, parent) == -1)
				goto out;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (ev.type == YAML_SEQUENCE_START_EVENT) {
				anchor = ev.data.sequence_start.anchor;
				if (ev.data.sequence_start.tag != NULL &&
				    strcmp((const char *)
				    ev.data.sequence_start.tag,
				    YAML_SEQ_TAG) != 0) {
					y_fail(y, "YAML tag '%.64s' is not "
					    "allowed", (const char *)
					    ev.data.sequence_start.tag);
					goto out;
				}
				tag = YT_NONE;
			} else {
				anchor = ev.data.mapping_start.anchor;
				if ((tag = map_tag(y,
				    ev.data.mapping_start.tag)) == -1)
					goto out;
			}
			if (anchor != NULL)
				break;
			if (depth >= y->lim->max_depth) {
				y_fail(y, "YAML nests deeper than %u levels",
				    y->lim->max_depth);
				goto out;
			}
			if ((i = y_add(y, ev.type == YAML_SEQUENCE_START_EVENT ?
			    YN_SEQ : YN_MAP, (enum ytag)tag, parent)) == NONE)
				goto out;
			stack[depth++] = i;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		if (anchor != NULL) {
			y_fail(y, "YAML anchors are not allowed");
			goto out;
		}
		yaml_event_delete(&ev);
		have_ev = 0;
	}
	if (y->nn == 0) {
		y_fail(y, "YAML document is empty");
		goto out;
	}
	rc = 0;
out:
	if (have_ev)
		yaml_event_delete(&ev);
	free(stack);
	yaml_parser_delete(&parser);
	return rc;
}

/*
 * Reading the tree.
 */

static const char *
y_text(const struct ytree *y, size_t i)
{
	return y->text.data + y->n[i].off;
}

/* The value of key in map i, or NONE; a key given twice fails. */
static size_t
y_get(struct ytree *y, size_t map, const char *key)
{
	size_t	 k, found = NONE;

	if (map == NONE || y->n[map].type != YN_MAP)
		return NONE;
	for (k = y->n[map].first; k != NONE && y->n[k].next != NONE;
	    k = y->n[y->n[k].next].next) {
		if (y->n[k].type != YN_SCALAR) {
			y_fail(y, "YAML mapping key is not a string");
			return NONE;
		}
		if (strcmp(y_text(y, k), key) != 0)
			continue;
		if (found != NONE) {
			y_fail(y, "key '%s' is given twice", key);
			return NONE;
		}
		found = y->n[k].next;
	}
	return found;
}

static int
y_is_null(const struct ytree *y, size_t i)
{
	return i == NONE || (y->n[i].type == YN_SCALAR && y->n[i].null);
}

/*
 * A string field: *out an arena copy, NULL when absent or null. Fails when
 * it is not a scalar.
 */
static int
y_str(struct ytree *y, size_t i, const char *what, const char **out)
{
	*out = NULL;
	if (y_is_null(y, i))
		return 0;
	if (y->n[i].type != YN_SCALAR)
		return y_fail(y, "%s is not a string", what);
	if ((*out = arena_strndup(y->a, y_text(y, i), y->n[i].len)) == NULL)
		return y_fail(y, "out of memory");
	return 0;
}

/* A list of strings: a sequence of scalars, one scalar, or null. */
static int
y_strs(struct ytree *y, size_t i, const char *what, const char *const **out,
    size_t *n)
{
	const char	**v;
	size_t		 k, m = 0;

	*out = NULL;
	*n = 0;
	if (y_is_null(y, i))
		return 0;
	if (y->n[i].type == YN_SCALAR) {
		if ((v = arena_calloc(y->a, 1, sizeof(*v))) == NULL ||
		    y_str(y, i, what, &v[0]) == -1)
			return y_fail(y, "out of memory");
		*out = v;
		*n = 1;
		return 0;
	}
	if (y->n[i].type != YN_SEQ)
		return y_fail(y, "%s is not a list", what);
	if (y->n[i].nkids > GEM_LIST_MAX)
		return y_fail(y, "%s has more than %d items", what,
		    GEM_LIST_MAX);
	if ((v = arena_calloc(y->a, y->n[i].nkids + 1, sizeof(*v))) == NULL)
		return y_fail(y, "out of memory");
	for (k = y->n[i].first; k != NONE; k = y->n[k].next) {
		if (y_is_null(y, k))
			continue;
		if (y_str(y, k, what, &v[m]) == -1)
			return -1;
		m++;
	}
	*out = v;
	*n = m;
	return 0;
}

/* A Gem::Version: a mapping with "version", or a plain string. */
static int
y_version(struct ytree *y, size_t i, const char *what, const char **out)
{
	const char	*raw;
	char		*v;

	*out = NULL;
	if (i != NONE && y->n[i].type == YN_MAP) {
		if (y->n[i].tag != YT_NONE && y->n[i].tag != YT_VERSION)
			return y_fail(y, "%s is not a Gem::Version", what);
		i = y_get(y, i, "version");
		if (y->failed)
			return -1;
	}
	if (y_str(y, i, what, &raw) == -1)
		return -1;
	if (raw == NULL)
		return y_fail(y, "%s is missing", what);
	if ((v = gem_version_norm(y->a, raw, strlen(raw))) == NULL ||
	    !gem_version_valid(v))
		return y_fail(y, "%s '%.64s' is not a valid version", what,
		    raw);
	*out = v;
	return 0;
}

static const char *
req_op(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(req_ops) / sizeof(req_ops[0]); i++)
		if (strcmp(s, req_ops[i]) == 0)
			return req_ops[i];
	return NULL;
}

/*
 * A Gem::Requirement: a mapping whose "requirements" is a list of
 * [op, version] pairs. Absent, null or empty is ">= 0".
 */
static int
y_requirement(struct ytree *y, size_t i, const char *what,
    const struct gem_req **out, size_t *n)
{
	struct gem_req	*r;
	size_t		 list = NONE, k, op, ver, m = 0;
	const char	*ops;

	*out = NULL;
	*n = 0;
	if (!y_is_null(y, i)) {
		if (y->n[i].type != YN_MAP || (y->n[i].tag != YT_NONE &&
		    y->n[i].tag != YT_REQUIREMENT))
			return y_fail(y, "%s is not a Gem::Requirement", what);
		list = y_get(y, i, "requirements");
		if (y->failed)
			return -1;
	}
	if (!y_is_null(y, list)) {
		if (y->n[list].type != YN_SEQ)
			return y_fail(y, "%s requirements are not a list",
			    what);
		if (y->n[list].nkids > GEM_LIST_MAX)
			return y_fail(y, "%s has more than %d requirements",
			    what, GEM_LIST_MAX);
		m = y->n[list].nkids;
	}
	if ((r = arena_calloc(y->a, m ? m : 1, sizeof(*r))) == NULL)
		return y_fail(y, "out of memory");
	m = 0;
	if (!y_is_null(y, list))
		for (k = y->n[list].first; k != NONE; k = y->n[k].next) {
			if (y->n[k].type != YN_SEQ || y->n[k].nkids != 2)
				return y_fail(y, "%s has a requirement that "
				    "is not an [operator, version] pair", what);
			op = y->n[k].first;
			ver = y->n[op].next;
			if (y->n[op].type != YN_SCALAR ||
			    (ops = req_op(y_text(y, op))) == NULL)
				return y_fail(y, "%s has an unknown "
				    "operator", what);
			r[m].op = ops;
			if (y_version(y, ver, what, &r[m].version) == -1)
				return -1;
			m++;
		}
	if (m == 0) {
		r[0].op = ">=";
		r[0].version = "0";
		m = 1;
	}
	*out = r;
	*n = m;
	return 0;
}

static int
y_dependencies(struct ytree *y, size_t i, struct gem_spec *s)
{
	struct gem_dep	*d;
	size_t		 k, req, m = 0;
	const char	*type, *why;

	if (y_is_null(y, i))
		return 0;
	if (y->n[i].type != YN_SEQ)
		return y_fail(y, "dependencies are not a list");
	if (y->n[i].nkids > GEM_LIST_MAX)
		return y_fail(y, "more than %d dependencies", GEM_LIST_MAX);
	if ((d = arena_calloc(y->a, y->n[i].nkids + 1, sizeof(*d))) == NULL)
		return y_fail(y, "out of memory");
	for (k = y->n[i].first; k != NONE; k = y->n[k].next, m++) {
		if (y->n[k].type != YN_MAP || (y->n[k].tag != YT_NONE &&
		    y->n[k].tag != YT_DEPENDENCY))
			return y_fail(y, "a dependency is not a "
			    "Gem::Dependency");
		if (y_str(y, y_get(y, k, "name"), "dependency name",
		    &d[m].name) == -1)
			return -1;
		if (d[m].name == NULL)
			return y_fail(y, "a dependency has no name");
		if (!gem_name_valid(d[m].name, &why))
			return y_fail(y, "dependency '%.64s': %s", d[m].name,
			    why);
		req = y_get(y, k, "requirement");
		if (req == NONE)
			req = y_get(y, k, "version_requirements");
		if (y->failed || y_requirement(y, req, "dependency requirement",
		    &d[m].reqs, &d[m].nreqs) == -1)
			return -1;
		if (y_str(y, y_get(y, k, "type"), "dependency type",
		    &type) == -1)
			return -1;
		if (type == NULL || strcmp(type, ":runtime") == 0 ||
		    strcmp(type, "runtime") == 0)
			d[m].development = 0;
		else if (strcmp(type, ":development") == 0 ||
		    strcmp(type, "development") == 0)
			d[m].development = 1;
		else
			return y_fail(y, "dependency '%.64s' has an unknown "
			    "type", d[m].name);
	}
	s->deps = d;
	s->ndeps = m;
	return 0;
}

static int
y_metadata(struct ytree *y, size_t i, struct gem_spec *s)
{
	const char	**keys, **vals;
	size_t		 k, m = 0, j, npairs;

	if (y_is_null(y, i))
		return 0;
	if (y->n[i].type != YN_MAP || y->n[i].tag != YT_NONE)
		return y_fail(y, "metadata is not a mapping");
	npairs = y->n[i].nkids / 2;
	if (npairs > GEM_LIST_MAX)
		return y_fail(y, "metadata has more than %d keys",
		    GEM_LIST_MAX);
	keys = arena_calloc(y->a, npairs + 1, sizeof(*keys));
	vals = arena_calloc(y->a, npairs + 1, sizeof(*vals));
	if (keys == NULL || vals == NULL)
		return y_fail(y, "out of memory");
	for (k = y->n[i].first; k != NONE && y->n[k].next != NONE;
	    k = y->n[y->n[k].next].next, m++) {
		if (y->n[k].type != YN_SCALAR || y_is_null(y, k))
			return y_fail(y, "a metadata key is not a string");
		if (y_str(y, k, "metadata key", &keys[m]) == -1 ||
		    y_str(y, y->n[k].next, "a metadata value", &vals[m]) == -1)
			return -1;
		if (vals[m] == NULL)
			vals[m] = "";
		for (j = 0; j < m; j++)
			if (strcmp(keys[j], keys[m]) == 0)
				return y_fail(y, "metadata key '%.64s' is "
				    "given twice", keys[m]);
	}
	s->meta_keys = keys;
	s->meta_values = vals;
	s->nmeta = m;
	return 0;
}

/* "YYYY-MM-DD" from the start of a YAML timestamp, or NULL. */
static const char *
y_date(struct arena *a, const char *s)
{
	int	 mon, day;
	size_t	 i;

	if (s == NULL || strlen(s) < 10)
		return NULL;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return NULL;
	if (s[10] != '\0' && s[10] != ' ' && s[10] != 'T' && s[10] != 't')
		return NULL;
	mon = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return NULL;
	return arena_strndup(a, s, 10);
}

static int
y_spec(struct ytree *y, struct gem_spec *s)
{
	const char	*why, *raw, *plat;
	size_t		 root = 0, i;
	int		 v;

	if (y->n[root].type != YN_MAP || y->n[root].tag != YT_SPEC)
		return y_fail(y, "YAML is not a Gem::Specification");
	if (y_str(y, y_get(y, root, "name"), "name", &s->name) == -1)
		return -1;
	if (s->name == NULL)
		return y_fail(y, "gem has no name");
	if (!gem_name_valid(s->name, &why))
		return y_fail(y, "gem name '%.64s': %s", s->name, why);
	if (y_version(y, y_get(y, root, "version"), "version",
	    &s->version) == -1)
		return -1;
	if (y_str(y, y_get(y, root, "platform"), "platform", &plat) == -1)
		return -1;
	s->platform = plat ? plat : "ruby";
	if (!gem_platform_valid(s->platform))
		return y_fail(y, "platform '%.64s' is not valid", s->platform);
	if (y_str(y, y_get(y, root, "summary"), "summary", &s->summary) == -1 ||
	    y_str(y, y_get(y, root, "description"), "description",
	    &s->description) == -1 ||
	    y_str(y, y_get(y, root, "homepage"), "homepage",
	    &s->homepage) == -1 ||
	    y_str(y, y_get(y, root, "rubygems_version"), "rubygems_version",
	    &s->rubygems_version) == -1 ||
	    y_str(y, y_get(y, root, "date"), "date", &raw) == -1)
		return -1;
	if (s->summary == NULL)
		s->summary = "";
	s->date = y_date(y->a, raw);
	if (y_str(y, y_get(y, root, "specification_version"),
	    "specification_version", &raw) == -1)
		return -1;
	s->specification_version = 4;
	if (raw != NULL) {
		for (v = 0, i = 0; raw[i] != '\0' && i < 4; i++) {
			if (!isdigit((unsigned char)raw[i]))
				break;
			v = v * 10 + (raw[i] - '0');
		}
		if (i == 0 || raw[i] != '\0')
			return y_fail(y, "specification_version is not a "
			    "number");
		s->specification_version = v;
	}
	if (y_strs(y, y_get(y, root, "authors"), "authors", &s->authors,
	    &s->nauthors) == -1 ||
	    y_strs(y, y_get(y, root, "licenses"), "licenses", &s->licenses,
	    &s->nlicenses) == -1)
		return -1;
	i = y_get(y, root, "email");
	if (y->failed || y_strs(y, i, "email", &s->emails, &s->nemails) == -1)
		return -1;
	s->email_list = i != NONE && y->n[i].type == YN_SEQ;
	if (y_requirement(y, y_get(y, root, "required_ruby_version"),
	    "required_ruby_version", &s->ruby_reqs, &s->nruby_reqs) == -1 ||
	    y_requirement(y, y_get(y, root, "required_rubygems_version"),
	    "required_rubygems_version", &s->rubygems_reqs,
	    &s->nrubygems_reqs) == -1)
		return -1;
	if (y_dependencies(y, y_get(y, root, "dependencies"), s) == -1)
		return -1;
	if (y_metadata(y, y_get(y, root, "metadata"), s) == -1)
		return -1;
	return y->failed ? -1 : 0;
}

int
gem_spec_parse_yaml(const char *p, size_t len,
    const struct gem_yaml_limits *lim, struct arena *a, struct gem_spec *out,
    char *err, size_t errsz)
{
	struct ytree	 y;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&y, 0, sizeof(y));
	y.lim = lim;
	y.a = a;
	y.err = err;
	y.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	buf_init(&y.text, lim->max_len + lim->max_nodes + 1);
	if (y_parse(&y, p, len) == -1)
		goto out;
	if (y_spec(&y, out) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1) {
		if (!y.failed)
			y_fail(&y, "invalid gemspec");
		memset(out, 0, sizeof(*out));
	}
	buf_release(&y.text);
	free(y.n);
	return rc;
}
