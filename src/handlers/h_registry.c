/* h_registry.c: REST registries: list, create, get */
#include <ctype.h>
#include <string.h>

#include "db/db_registry.h"
#include "eco/eco.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "http/resp.h"
#include "util/banned.h"

#define NAME_MAX_LEN	100
#define DESC_MAX_LEN	1000
#define EMOJI_MAX_LEN	64

/* kebab-case of the name: "My npm Things" -> "my-npm-things". */
static char *
slugify(struct arena *a, const char *name)
{
	char		*s = arena_alloc(a, strlen(name) + 1), *o = s;
	const char	*p;
	int		 dash = 0;

	if (s == NULL)
		return NULL;
	for (p = name; *p; p++) {
		if (isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80)) {
			if (dash && o != s)
				*o++ = '-';
			*o++ = (char)tolower((unsigned char)*p);
			dash = 0;
		} else
			dash = 1;
	}
	*o = '\0';
	return s;
}

static int
valid_color(const char *c)
{
	size_t	 i, n = strlen(c);

	if ((n != 4 && n != 7) || c[0] != '#')
		return 0;
	for (i = 1; i < n; i++)
		if (!isxdigit((unsigned char)c[i]))
			return 0;
	return 1;
}

static int
valid_text(const char *s, size_t max)
{
	size_t	 n = strlen(s), i;

	if (n > max)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
			return 0;
	return 1;
}

/* 422 {"message":"Validation Failed","errors":[{field, code, message}]} */
static enum status
invalid(struct req *r, const char *field, const char *code, const char *msg)
{
	r->errextra = arena_strfmt(r->arena, "{\"errors\":[{\"field\":\"%s\","
	    "\"code\":\"%s\"}]}", field, code);
	return req_fail(r, ST_INVALID, "Validation failed: %s", msg);
}

enum status
h_registry_list(struct req *r)
{
	struct registry		*regs;
	struct json_object	*arr;
	size_t			 i, n;
	enum status		 rc;

	if (db_registry_list(r->ctx->db, r->arena, r->org->id, &regs, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, hjson_registry(r, &regs[i]));
	rc = resp_json(r, 200, arr);
	json_object_put(arr);
	return rc;
}

static const char *const create_fields[] = {
	"name", "ecosystem", "description", "emoji", "color", "oidc_policy",
	"team_ids", NULL
};

enum status
h_registry_create(struct req *r)
{
	struct json_object	*body = NULL, *o;
	struct registry		 in, out;
	const char		*const *f;
	enum status		 st;
	int			 bad = 0, rc;

	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	memset(&in, 0, sizeof(in));
	if (!json_object_is_type(body, json_type_object)) {
		st = req_fail(r, ST_BADREQ, "expected a JSON object");
		goto out;
	}
	json_object_object_foreach(body, key, val) {
		(void)val;
		for (f = create_fields; *f; f++)
			if (strcmp(*f, key) == 0)
				break;
		if (*f == NULL) {
			st = invalid(r, "base", "unknown", arena_strfmt(
			    r->arena, "unknown field '%.64s'", key));
			goto out;
		}
	}
	in.name = (char *)hjson_get_str(body, "name", &bad);
	in.ecosystem = (char *)hjson_get_str(body, "ecosystem", &bad);
	in.description = (char *)hjson_get_str(body, "description", &bad);
	in.emoji = (char *)hjson_get_str(body, "emoji", &bad);
	in.color = (char *)hjson_get_str(body, "color", &bad);
	if (bad) {
		st = invalid(r, "base", "invalid",
		    "name, ecosystem, description, emoji and color are strings");
		goto out;
	}
	if (json_object_object_get_ex(body, "oidc_policy", &o) && o != NULL) {
		/* Kept as given; checked by the OIDC policy parser. */
		if (json_object_is_type(o, json_type_string))
			in.oidc_policy = (char *)json_object_get_string(o);
		else if (json_object_is_type(o, json_type_array))
			in.oidc_policy = arena_strdup(r->arena,
			    json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN));
		else {
			st = invalid(r, "oidc_policy", "invalid",
			    "oidc_policy must be YAML text or a JSON array");
			goto out;
		}
	}
	if (in.name == NULL || *in.name == '\0') {
		st = invalid(r, "name", "missing", "name can't be blank");
		goto out;
	}
	if (!valid_text(in.name, NAME_MAX_LEN) || strchr(in.name, '\n')) {
		st = invalid(r, "name", "invalid", "name must be one line of "
		    "at most 100 characters");
		goto out;
	}
	in.slug = slugify(r->arena, in.name);
	if (in.slug == NULL || *in.slug == '\0') {
		st = invalid(r, "name", "invalid",
		    "name must contain a letter or digit");
		goto out;
	}
	if (in.ecosystem == NULL || *in.ecosystem == '\0') {
		st = invalid(r, "ecosystem", "missing",
		    "ecosystem can't be blank");
		goto out;
	}
	if (eco_find(in.ecosystem) == NULL) {
		st = invalid(r, "ecosystem", "invalid", arena_strfmt(r->arena,
		    "ecosystem must be one of: %s", eco_names()));
		goto out;
	}
	if (in.description && !valid_text(in.description, DESC_MAX_LEN)) {
		st = invalid(r, "description", "invalid",
		    "description is too long");
		goto out;
	}
	if (in.emoji && (!valid_text(in.emoji, EMOJI_MAX_LEN) ||
	    strchr(in.emoji, '\n'))) {
		st = invalid(r, "emoji", "invalid", "emoji is not valid");
		goto out;
	}
	if (in.color && !valid_color(in.color)) {
		st = invalid(r, "color", "invalid",
		    "color must be a hex color like #f0ccff");
		goto out;
	}
	in.org_id = r->org->id;
	rc = db_registry_create(r->ctx->db, r->arena, &in, &out);
	if (rc == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	if (rc == 1) {
		st = invalid(r, "name", "already_exists", arena_strfmt(
		    r->arena, "a registry named '%s' already exists", in.slug));
		goto out;
	}
	o = hjson_registry(r, &out);
	st = resp_json(r, 200, o);
	json_object_put(o);
out:
	json_object_put(body);
	return st;
}

enum status
h_registry_get(struct req *r)
{
	struct json_object	*o;
	enum status		 rc;

	o = hjson_registry(r, r->registry);
	rc = resp_json(r, 200, o);
	json_object_put(o);
	return rc;
}
