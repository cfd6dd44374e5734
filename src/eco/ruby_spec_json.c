/* ruby_spec_json.c: a gem spec as packages.metadata JSON, and back */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "eco/npm_json.h"
#include "eco/ruby.h"
#include "util/banned.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const json_ops[] = {
	"=", "!=", ">", "<", ">=", "<=", "~>",
};

/* Add val (reference taken over, put on failure) under key. */
static int
add(struct json_object *o, const char *key, struct json_object *val)
{
	if (val == NULL)
		return -1;
	if (json_object_object_add(o, key, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

static int
push(struct json_object *arr, struct json_object *val)
{
	if (val == NULL)
		return -1;
	if (json_object_array_add(arr, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

/* A string member, or JSON null (json-c's NULL object) when s is NULL. */
static int
add_opt(struct json_object *o, const char *key, const char *s)
{
	if (s != NULL)
		return add(o, key, json_object_new_string(s));
	return json_object_object_add(o, key, NULL) == 0 ? 0 : -1;
}

static struct json_object *
strs(const char *const *v, size_t n)
{
	struct json_object	*a;
	size_t			 i;

	if ((a = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (push(a, json_object_new_string(v[i])) == -1) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

static struct json_object *
reqs(const struct gem_req *r, size_t n)
{
	struct json_object	*a;
	char			 s[GEM_VERSION_MAX + 8];
	size_t			 i;

	if ((a = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "%s %s", r[i].op, r[i].version);
		if (push(a, json_object_new_string(s)) == -1) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static struct json_object *
deps(const struct gem_dep *d, size_t n)
{
	struct json_object	*a, *o;
	size_t			 i;

	if ((a = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((o = json_object_new_object()) == NULL ||
		    push(a, o) == -1 ||
		    add(o, "name", json_object_new_string(d[i].name)) == -1 ||
		    add(o, "type", json_object_new_string(d[i].development ?
		    "development" : "runtime")) == -1 ||
		    add(o, "requirements", reqs(d[i].reqs, d[i].nreqs)) == -1) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

int
gem_spec_to_json(const struct gem_spec *s, struct buf *out)
{
	struct json_object	*o, *m = NULL;
	const char		*text;
	size_t			 i, len;
	int			 rc = -1;

	if ((o = json_object_new_object()) == NULL)
		return -1;
	if (add(o, "name", json_object_new_string(s->name)) == -1 ||
	    add(o, "version", json_object_new_string(s->version)) == -1 ||
	    add(o, "platform", json_object_new_string(s->platform)) == -1 ||
	    add(o, "summary", json_object_new_string(s->summary)) == -1 ||
	    add_opt(o, "description", s->description) == -1 ||
	    add_opt(o, "homepage", s->homepage) == -1 ||
	    add_opt(o, "date", s->date) == -1 ||
	    add_opt(o, "rubygems_version", s->rubygems_version) == -1 ||
	    add(o, "specification_version",
	    json_object_new_int(s->specification_version)) == -1 ||
	    add(o, "authors", strs(s->authors, s->nauthors)) == -1 ||
	    (s->email_list ? add(o, "email", strs(s->emails,
	    s->nemails)) : add_opt(o, "email", s->nemails ? s->emails[0] :
	    NULL)) == -1 ||
	    add(o, "licenses", strs(s->licenses, s->nlicenses)) == -1 ||
	    add(o, "required_ruby_version", reqs(s->ruby_reqs,
	    s->nruby_reqs)) == -1 ||
	    add(o, "required_rubygems_version", reqs(s->rubygems_reqs,
	    s->nrubygems_reqs)) == -1 ||
	    add(o, "dependencies", deps(s->deps, s->ndeps)) == -1)
		goto out;
	if ((m = json_object_new_object()) == NULL)
		goto out;
	for (i = 0; i < s->nmeta; i++)
		if (add(m, s->meta_keys[i],
		    json_object_new_string(s->meta_values[i])) == -1)
			goto out;
	if (add(o, "metadata", m) == -1) {
		m = NULL;
		goto out;
	}
	m = NULL;
	text = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (text == NULL || buf_add(out, text, len) == -1)
		goto out;
	rc = 0;
out:
	json_object_put(m);
	json_object_put(o);
	return rc;
}

/*
 * Reading back.
 */

static int
get_str(struct arena *a, struct json_object *o, const char *key,
    const char **out)
{
	struct json_object	*v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) ||
	    json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = arena_strndup(a, json_object_get_string(v),
	    (size_t)json_object_get_string_len(v));
	return *out ? 0 : -1;
}

static int
get_strs(struct arena *a, struct json_object *v, const char *const **out,
    size_t *n)
{
	const char		**r;
	struct json_object	*e;
	size_t			 i, len;

	*out = NULL;
	*n = 0;
	if (v == NULL || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return -1;
	len = json_object_array_length(v);
	if (len > GEM_LIST_MAX ||
	    (r = arena_calloc(a, len + 1, sizeof(*r))) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_string) ||
		    (r[i] = arena_strndup(a, json_object_get_string(e),
		    (size_t)json_object_get_string_len(e))) == NULL)
			return -1;
	}
	*out = r;
	*n = len;
	return 0;
}

/* "op version" strings back into requirements; empty is ">= 0". */
static int
get_reqs(struct arena *a, struct json_object *v, const struct gem_req **out,
    size_t *n)
{
	const char *const	*s;
	struct gem_req		*r;
	const char		*sp;
	size_t			 ns, i, j;

	if (get_strs(a, v, &s, &ns) == -1)
		return -1;
	if ((r = arena_calloc(a, ns ? ns : 1, sizeof(*r))) == NULL)
		return -1;
	for (i = 0; i < ns; i++) {
		if ((sp = strchr(s[i], ' ')) == NULL)
			return -1;
		for (j = 0; j < NELEM(json_ops); j++)
			if (strlen(json_ops[j]) == (size_t)(sp - s[i]) &&
			    memcmp(json_ops[j], s[i], (size_t)(sp - s[i])) == 0)
				break;
		if (j == NELEM(json_ops) || !gem_version_valid(sp + 1))
			return -1;
		r[i].op = json_ops[j];
		r[i].version = sp + 1;
	}
	if (ns == 0) {
		r[0].op = ">=";
		r[0].version = "0";
		ns = 1;
	}
	*out = r;
	*n = ns;
	return 0;
}

static int
get_deps(struct arena *a, struct json_object *v, struct gem_spec *s)
{
	struct gem_dep		*d;
	struct json_object	*e, *rq;
	const char		*type, *why;
	size_t			 i, len;

	if (v == NULL || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return -1;
	len = json_object_array_length(v);
	if (len > GEM_LIST_MAX ||
	    (d = arena_calloc(a, len + 1, sizeof(*d))) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_object) ||
		    get_str(a, e, "name", &d[i].name) == -1 ||
		    d[i].name == NULL || !gem_name_valid(d[i].name, &why) ||
		    get_str(a, e, "type", &type) == -1)
			return -1;
		d[i].development = type != NULL &&
		    strcmp(type, "development") == 0;
		rq = NULL;
		(void)json_object_object_get_ex(e, "requirements", &rq);
		if (get_reqs(a, rq, &d[i].reqs, &d[i].nreqs) == -1)
			return -1;
	}
	s->deps = d;
	s->ndeps = len;
	return 0;
}

static struct json_object *
member(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	(void)json_object_object_get_ex(o, key, &v);
	return v;
}

int
gem_spec_from_json(const char *p, size_t len, struct arena *a,
    struct gem_spec *s)
{
	struct json_object	*o, *v;
	const char		**keys, **vals, *why;
	size_t			 n, i;
	int			 rc = -1;

	memset(s, 0, sizeof(*s));
	if ((o = npm_json_parse(p, len, 16)) == NULL)
		return -1;
	if (get_str(a, o, "name", &s->name) == -1 || s->name == NULL ||
	    !gem_name_valid(s->name, &why) ||
	    get_str(a, o, "version", &s->version) == -1 ||
	    s->version == NULL || !gem_version_valid(s->version) ||
	    get_str(a, o, "platform", &s->platform) == -1 ||
	    get_str(a, o, "summary", &s->summary) == -1 ||
	    get_str(a, o, "description", &s->description) == -1 ||
	    get_str(a, o, "homepage", &s->homepage) == -1 ||
	    get_str(a, o, "date", &s->date) == -1 ||
	    get_str(a, o, "rubygems_version", &s->rubygems_version) == -1)
		goto out;
	if (s->platform == NULL)
		s->platform = "ruby";
	if (!gem_platform_valid(s->platform))
		goto out;
	if (s->summary == NULL)
		s->summary = "";
	s->specification_version = 4;
	if ((v = member(o, "specification_version")) != NULL &&
	    json_object_is_type(v, json_type_int))
		s->specification_version = json_object_get_int(v);
	if (get_strs(a, member(o, "authors"), &s->authors, &s->nauthors) ==
	    -1 ||
	    get_strs(a, member(o, "licenses"), &s->licenses, &s->nlicenses) ==
	    -1)
		goto out;
	v = member(o, "email");
	if (v != NULL && json_object_is_type(v, json_type_array)) {
		s->email_list = 1;
		if (get_strs(a, v, &s->emails, &s->nemails) == -1)
			goto out;
	} else if (v != NULL && json_object_is_type(v, json_type_string)) {
		if ((keys = arena_calloc(a, 1, sizeof(*keys))) == NULL ||
		    get_str(a, o, "email", &keys[0]) == -1)
			goto out;
		s->emails = keys;
		s->nemails = 1;
	}
	if (get_reqs(a, member(o, "required_ruby_version"), &s->ruby_reqs,
	    &s->nruby_reqs) == -1 ||
	    get_reqs(a, member(o, "required_rubygems_version"),
	    &s->rubygems_reqs, &s->nrubygems_reqs) == -1 ||
	    get_deps(a, member(o, "dependencies"), s) == -1)
		goto out;
	if ((v = member(o, "metadata")) != NULL &&
	    json_object_is_type(v, json_type_object)) {
		n = (size_t)json_object_object_length(v);
		if (n > GEM_LIST_MAX)
			goto out;
		keys = arena_calloc(a, n + 1, sizeof(*keys));
		vals = arena_calloc(a, n + 1, sizeof(*vals));
		if (keys == NULL || vals == NULL)
			goto out;
		i = 0;
		json_object_object_foreach(v, k, mv) {
			if (i >= n ||
			    !json_object_is_type(mv, json_type_string))
				goto out;
			keys[i] = arena_strdup(a, k);
			vals[i] = arena_strndup(a, json_object_get_string(mv),
			    (size_t)json_object_get_string_len(mv));
			if (keys[i] == NULL || vals[i] == NULL)
				goto out;
			i++;
		}
		s->meta_keys = keys;
		s->meta_values = vals;
		s->nmeta = i;
	}
	rc = 0;
out:
	json_object_put(o);
	if (rc == -1)
		memset(s, 0, sizeof(*s));
	return rc;
}
