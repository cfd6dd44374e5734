/* h_registry.c: REST registries: list, create, get, update, delete; the
 * rules are in regops.c, shared with the web pages */
#include <string.h>

#include "auth/auth.h"
#include "db/db_registry.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/regops.h"
#include "http/resp.h"
#include "util/banned.h"

/* The fields of a create or update body, each NULL when absent. */
struct reg_body {
	struct reg_input	 in;
	struct json_object	*team_ids;
};

static const char *const reg_fields[] = {
	"name", "ecosystem", "description", "emoji", "color", "oidc_policy",
	"team_ids", NULL
};

/*
 * Read the body's fields into b, checking their JSON types (unknown fields
 * are a 422, never ignored); emoji, color and oidc_policy may be null to
 * clear them. regops_check does the rest.
 */
static enum status
reg_read(struct req *r, struct json_object *body, struct reg_body *b)
{
	const char		*const *f;
	const char		*s;

	memset(b, 0, sizeof(*b));
	if (!json_object_is_type(body, json_type_object))
		return req_fail(r, ST_BADREQ, "expected a JSON object");
	json_object_object_foreach(body, key, val) {
		(void)val;
		for (f = reg_fields; *f; f++)
			if (strcmp(*f, key) == 0)
				break;
		if (*f == NULL) {
			s = arena_strndup(r->arena, key, strnlen(key, 64));
			return hjson_invalid(r, hjson_utf8(s, strlen(s), NULL) ?
			    s : "base", "unknown", "unknown field");
		}
	}
	json_object_object_foreach(body, k, fv) {
		if (strcmp(k, "team_ids") == 0) {
			if (!json_object_is_type(fv, json_type_array) ||
			    json_object_array_length(fv) > REG_TEAMS_MAX)
				return hjson_invalid(r, "team_ids",
				    "invalid", "team_ids must be an array "
				    "of team ids");
			b->team_ids = fv;
			continue;
		}
		if (strcmp(k, "oidc_policy") == 0) {
			b->in.has_policy = 1;
			if (fv == NULL)
				continue;
			/* Stored as given, once its parser accepts it. */
			if (json_object_is_type(fv, json_type_string)) {
				s = json_object_get_string(fv);
				if ((size_t)json_object_get_string_len(fv) !=
				    strlen(s))
					return hjson_invalid(r, "oidc_policy",
					    "invalid", "oidc_policy must be "
					    "UTF-8 text without NUL");
			} else if (json_object_is_type(fv, json_type_array))
				s = json_object_to_json_string_ext(fv,
				    JSON_C_TO_STRING_PLAIN |
				    JSON_C_TO_STRING_NOSLASHESCAPE);
			else
				return hjson_invalid(r, "oidc_policy",
				    "invalid", "oidc_policy must be YAML "
				    "text or a JSON array");
			b->in.oidc_policy = arena_strdup(r->arena, s);
			continue;
		}
		if (fv == NULL && (strcmp(k, "emoji") == 0 ||
		    strcmp(k, "color") == 0)) {
			if (k[0] == 'e')
				b->in.has_emoji = 1;
			else
				b->in.has_color = 1;
			continue;
		}
		/* k is a known field name: its copy needs no bound. */
		if (!json_object_is_type(fv, json_type_string))
			return hjson_invalid(r, arena_strdup(r->arena, k),
			    "invalid", "must be a string");
		s = json_object_get_string(fv);
		/* An escaped \u0000 would silently cut the text short. */
		if ((size_t)json_object_get_string_len(fv) != strlen(s) ||
		    !hjson_utf8(s, strlen(s), NULL))
			return hjson_invalid(r, arena_strdup(r->arena, k),
			    "invalid", arena_strfmt(r->arena, "%s must be "
			    "UTF-8 text without NUL", k));
		if (strcmp(k, "name") == 0)
			b->in.name = s;
		else if (strcmp(k, "ecosystem") == 0)
			b->in.ecosystem = s;
		else if (strcmp(k, "description") == 0)
			b->in.description = s;
		else if (strcmp(k, "emoji") == 0) {
			b->in.emoji = s;
			b->in.has_emoji = 1;
		} else if (strcmp(k, "color") == 0) {
			b->in.color = s;
			b->in.has_color = 1;
		}
	}
	return ST_OK;
}

/* A regops validation failure as Buildkite's 422; other statuses as is. */
static enum status
answer_invalid(struct req *r, enum status st, const struct reg_error *err)
{
	if (st != ST_INVALID)
		return st;
	return hjson_invalid(r, err->field, err->code, err->msg);
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
		if (auth_access(r, &regs[i]) >= ACC_READ)
			json_object_array_add(arr, hjson_registry(r, &regs[i]));
	rc = resp_json(r, 200, arr);
	json_object_put(arr);
	return rc;
}

enum status
h_registry_create(struct req *r)
{
	struct json_object	*body = NULL, *o, *v;
	struct reg_body		 b;
	struct reg_error	 err;
	struct registry		 out;
	const char		**ids = NULL;
	size_t			 i, n = 0;
	enum status		 st;

	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	if ((st = reg_read(r, body, &b)) != ST_OK)
		goto out;
	if (b.team_ids && (n = json_object_array_length(b.team_ids)) > 0) {
		if ((ids = arena_calloc(r->arena, n, sizeof(*ids))) == NULL) {
			st = ST_INTERNAL;
			goto out;
		}
		for (i = 0; i < n; i++) {
			v = json_object_array_get_idx(b.team_ids, i);
			ids[i] = json_object_is_type(v, json_type_string) ?
			    json_object_get_string(v) : NULL;
		}
	}
	st = regops_create(r, &b.in, ids, n, &out, &err);
	if (st != ST_OK) {
		st = answer_invalid(r, st, &err);
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

/*
 * POST, PATCH or PUT .../registries/{reg}: change name (and so the slug and
 * every URL), description, emoji, color, oidc_policy. The ecosystem cannot
 * change; team access changes through team grants.
 */
enum status
h_registry_update(struct req *r)
{
	struct json_object	*body = NULL, *o;
	struct reg_body		 b;
	struct reg_error	 err;
	struct registry		 out;
	enum status		 st;

	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	if ((st = reg_read(r, body, &b)) != ST_OK)
		goto out;
	if (b.team_ids) {
		st = hjson_invalid(r, "team_ids", "unsupported", "change team "
		    "access with team grants (depotctl team grant)");
		goto out;
	}
	if ((st = regops_update(r, &b.in, &out, &err)) != ST_OK) {
		st = answer_invalid(r, st, &err);
		goto out;
	}
	o = hjson_registry(r, &out);
	st = resp_json(r, 200, o);
	json_object_put(o);
out:
	json_object_put(body);
	return st;
}

/* DELETE .../registries/{reg}: with its packages; their blobs go too. */
enum status
h_registry_delete(struct req *r)
{
	enum status	 st;

	if ((st = regops_delete(r)) != ST_OK)
		return st;
	return resp_send(r, 200, "application/json", "", 0, NULL, "no-store");
}
