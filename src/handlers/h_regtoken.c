/* h_regtoken.c: REST registry tokens: create, list, get, update, delete;
 * the rules are in regops.c, shared with the web pages */
#include <string.h>

#include "db/db_regtoken.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/regops.h"
#include "http/query.h"
#include "http/resp.h"
#include "util/banned.h"

/*
 * Registry tokens can be shown again to those with full access (the route
 * table requires it). While the registry is public these endpoints answer
 * 409 (regops_token_available).
 */

static struct json_object *
json_regtoken(struct req *r, const struct regtoken *t, const char *secret)
{
	const struct conf	*c = r->ctx->conf;
	const struct registry	*g = r->registry;
	struct json_object	*o = json_object_new_object(), *u;

	json_object_object_add(o, "id", json_object_new_string(t->id));
	json_object_object_add(o, "graphql_id", json_object_new_string(
	    hjson_graphql_id(r, "RegistryToken", t->id)));
	json_object_object_add(o, "description",
	    json_object_new_string(t->description));
	json_object_object_add(o, "url", json_object_new_string(arena_strfmt(
	    r->arena, "%s/v2/packages/organizations/%s/registries/%s/tokens/%s",
	    c->api_url, url_encode(r->arena, g->org_slug),
	    url_encode(r->arena, g->slug), t->id)));
	json_object_object_add(o, "created_at",
	    json_object_new_string(t->created_at));
	json_object_object_add(o, "updated_at",
	    json_object_new_string(t->updated_at));
	if (t->creator_id) {
		u = json_object_new_object();
		json_object_object_add(u, "id",
		    json_object_new_string(t->creator_id));
		json_object_object_add(u, "graphql_id", json_object_new_string(
		    hjson_graphql_id(r, "User", t->creator_id)));
		json_object_object_add(u, "name",
		    json_object_new_string(t->creator_name));
		json_object_object_add(u, "email",
		    json_object_new_string(t->creator_email));
		json_object_object_add(u, "avatar_url", NULL);
		json_object_object_add(u, "created_at",
		    json_object_new_string(t->creator_created_at));
		json_object_object_add(o, "created_by", u);
	} else
		json_object_object_add(o, "created_by", NULL);
	json_object_object_add(o, "organization",
	    hjson_org_ref(r, g->org_id, g->org_slug));
	json_object_object_add(o, "registry", hjson_registry(r, g));
	if (secret)
		json_object_object_add(o, "token",
		    json_object_new_string(secret));
	return o;
}

/*
 * {"description": "..."}: required, one line of UTF-8, at most 255
 * characters; nothing else. 422s name the field.
 */
static enum status
read_description(struct req *r, const char **out)
{
	struct json_object	*body = NULL, *v;
	struct reg_error	 err;
	const char		*d = NULL;
	enum status		 st = ST_OK;

	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	if (!json_object_is_type(body, json_type_object)) {
		st = req_fail(r, ST_BADREQ, "expected a JSON object");
		goto out;
	}
	json_object_object_foreach(body, key, val) {
		(void)val;
		if (strcmp(key, "description") != 0) {
			d = arena_strndup(r->arena, key, strnlen(key, 64));
			st = hjson_invalid(r, hjson_utf8(d, strlen(d), NULL) ?
			    d : "base", "unknown", "unknown field");
			goto out;
		}
	}
	if (json_object_object_get_ex(body, "description", &v) &&
	    json_object_is_type(v, json_type_string)) {
		d = json_object_get_string(v);
		/* An escaped \u0000 would cut the text short. */
		if ((size_t)json_object_get_string_len(v) != strlen(d)) {
			st = hjson_invalid(r, "description", "invalid",
			    "description must be UTF-8 text of at most 255 "
			    "characters");
			goto out;
		}
	}
	if (regops_token_check(d, &err) == -1) {
		st = hjson_invalid(r, err.field, err.code, err.msg);
		goto out;
	}
	*out = arena_strdup(r->arena, d);
out:
	json_object_put(body);
	return st;
}

enum status
h_regtoken_create(struct req *r)
{
	struct regtoken		 t;
	struct json_object	*o;
	const char		*desc;
	char			*tok;
	enum status		 st;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	if ((st = read_description(r, &desc)) != ST_OK)
		return st;
	if ((st = regops_token_create(r, desc, &t, &tok)) != ST_OK)
		return st;
	o = json_regtoken(r, &t, tok);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_regtoken_list(struct req *r)
{
	struct regtoken		*t;
	struct json_object	*arr;
	size_t			 n, i;
	enum status		 st;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	if (db_regtoken_list(r->ctx->db, r->arena, r->registry->id, &t, &n) ==
	    -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, json_regtoken(r, &t[i], NULL));
	st = resp_json(r, 200, arr);
	json_object_put(arr);
	return st;
}

enum status
h_regtoken_get(struct req *r)
{
	struct regtoken		 t;
	struct json_object	*o;
	char			*secret;
	enum status		 st;

	if ((st = regops_token_get(r, req_param(r, "id"), &t)) != ST_OK ||
	    (st = regops_token_reveal(r, &t, &secret)) != ST_OK)
		return st;
	o = json_regtoken(r, &t, secret);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_regtoken_update(struct req *r)
{
	struct regtoken		 t;
	struct json_object	*o;
	const char		*desc;
	enum status		 st;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	if ((st = read_description(r, &desc)) != ST_OK)
		return st;
	if ((st = regops_token_update(r, req_param(r, "id"), desc, &t)) !=
	    ST_OK)
		return st;
	o = json_regtoken(r, &t, NULL);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_regtoken_delete(struct req *r)
{
	enum status	 st;

	if ((st = regops_token_delete(r, req_param(r, "id"))) != ST_OK)
		return st;
	return resp_send(r, 200, "application/json", "", 0, NULL, "no-store");
}
