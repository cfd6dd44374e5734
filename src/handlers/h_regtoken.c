/* h_regtoken.c: REST registry tokens: create, list, get, update, delete */
#include <string.h>

#include "auth/token.h"
#include "db/db_regtoken.h"
#include "handlers/audit.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "http/query.h"
#include "http/resp.h"
#include "util/digest.h"
#include "util/secret.h"
#include "util/banned.h"

#define DESC_MAX	255

/*
 * Registry tokens read one private registry. Unlike API tokens they can be
 * shown again to those with full access (the route table requires it), so
 * they are kept sealed under the server key, and found by a keyed hash.
 * While the registry is public they are neither listed nor usable: these
 * endpoints answer 409 and the credential layer refuses them.
 */

static enum status
unavailable(struct req *r)
{
	if (!r->registry->public)
		return ST_OK;
	return req_fail(r, ST_CONFLICT, "registry tokens are unavailable "
	    "while the registry is public; make it private to use them");
}

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

/* The token's secret, unsealed; NULL (logged) if it cannot be opened. */
static char *
unseal(struct req *r, const struct regtoken *t)
{
	char	 plain[128];
	size_t	 len;

	if (secret_open(t->id, t->sealed, plain, sizeof(plain), &len) == -1)
		return NULL;
	return arena_strndup(r->arena, plain, len);
}

/*
 * {"description": "..."}: required, one line of UTF-8, at most 255
 * characters; nothing else. 422s name the field.
 */
static enum status
read_description(struct req *r, const char **out)
{
	struct json_object	*body = NULL, *v;
	const char		*d;
	enum status		 st = ST_OK;
	size_t			 i, len, nchars;

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
	if (!json_object_object_get_ex(body, "description", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    (d = json_object_get_string(v))[0] == '\0') {
		st = hjson_invalid(r, "description", "missing",
		    "description can't be blank");
		goto out;
	}
	len = strlen(d);
	if ((size_t)json_object_get_string_len(v) != len ||
	    !hjson_utf8(d, len, &nchars) || nchars > DESC_MAX) {
		st = hjson_invalid(r, "description", "invalid", "description "
		    "must be UTF-8 text of at most 255 characters");
		goto out;
	}
	for (i = 0; d[i]; i++)
		if ((unsigned char)d[i] < 0x20 || d[i] == 0x7f) {
			st = hjson_invalid(r, "description", "invalid",
			    "description must be one line");
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
	struct json_object	*o, *d;
	const char		*desc;
	char			 id[37], tok[REGTOKEN_LEN + 1], mac[65];
	char			 sealed[2 * (28 + REGTOKEN_LEN) + 1];
	enum status		 st;

	if ((st = unavailable(r)) != ST_OK)
		return st;
	if ((st = read_description(r, &desc)) != ST_OK)
		return st;
	if (!secret_loaded())
		return req_fail(r, ST_UNAVAIL, "registry tokens need the "
		    "server's secret_key_file");
	if (uuid_generate(id) == -1 || regtoken_generate(tok) == -1 ||
	    secret_seal(id, tok, strlen(tok), sealed, sizeof(sealed)) == -1 ||
	    secret_mac(tok, strlen(tok), mac) == -1)
		return req_fail(r, ST_INTERNAL, "cannot make a token");
	if (db_regtoken_create(r->ctx->db, r->arena, id, r->registry->id,
	    desc, sealed, mac, r->principal.user_id, &t) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	d = json_object_new_object();
	json_object_object_add(d, "description", json_object_new_string(desc));
	audit(r, r->registry->org_id, "REGISTRY_TOKEN_CREATED",
	    "REGISTRY_TOKEN", t.id, desc, d);
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

	if ((st = unavailable(r)) != ST_OK)
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
	int			 rc;

	if ((st = unavailable(r)) != ST_OK)
		return st;
	rc = db_regtoken_get(r->ctx->db, r->arena, r->registry->id,
	    req_param(r, "id"), &t);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "token not found");
	if ((secret = unseal(r, &t)) == NULL)
		return req_fail(r, ST_UNAVAIL, "cannot open the token: is "
		    "secret_key_file the one it was made with?");
	o = json_regtoken(r, &t, secret);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_regtoken_update(struct req *r)
{
	struct regtoken		 t;
	struct json_object	*o, *d;
	const char		*desc;
	enum status		 st;
	int			 rc;

	if ((st = unavailable(r)) != ST_OK)
		return st;
	if ((st = read_description(r, &desc)) != ST_OK)
		return st;
	rc = db_regtoken_update(r->ctx->db, r->arena, r->registry->id,
	    req_param(r, "id"), desc, &t);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "token not found");
	d = json_object_new_object();
	json_object_object_add(d, "description", json_object_new_string(desc));
	audit(r, r->registry->org_id, "REGISTRY_TOKEN_UPDATED",
	    "REGISTRY_TOKEN", t.id, desc, d);
	o = json_regtoken(r, &t, NULL);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_regtoken_delete(struct req *r)
{
	struct regtoken	 t;
	enum status	 st;
	int		 rc;

	if ((st = unavailable(r)) != ST_OK)
		return st;
	rc = db_regtoken_get(r->ctx->db, r->arena, r->registry->id,
	    req_param(r, "id"), &t);
	if (rc == 0)
		rc = db_regtoken_delete(r->ctx->db, r->registry->id, t.id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "token not found");
	audit(r, r->registry->org_id, "REGISTRY_TOKEN_DELETED",
	    "REGISTRY_TOKEN", t.id, t.description, NULL);
	return resp_send(r, 200, "application/json", "", 0, NULL, "no-store");
}
