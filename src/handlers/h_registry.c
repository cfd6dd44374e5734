/* h_registry.c: REST registries: list, create, get, update, delete */
#include <ctype.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/oidc_policy.h"
#include "db/db_registry.h"
#include "db/db_team.h"
#include "eco/eco.h"
#include "handlers/audit.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/publish.h"
#include "http/resp.h"
#include "util/banned.h"

#define NAME_MAX_LEN	100
#define DESC_MAX_LEN	1000
#define EMOJI_MAX_LEN	64
#define POLICY_MAX_LEN	(64 * 1024)
#define MAX_TEAMS	100

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

/*
 * One field's text: well-formed UTF-8 without NUL (hjson_utf8), no control
 * characters (tab and newlines allowed when multiline), at most max
 * characters (code points, not bytes).
 */
static int
valid_text(const char *s, size_t max, int multiline)
{
	size_t	 n = strlen(s), i, nchars;

	if (!hjson_utf8(s, n, &nchars) || nchars > max)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && !(multiline &&
		    (s[i] == '\n' || s[i] == '\t' || s[i] == '\r')))
			return 0;
		else if ((unsigned char)s[i] == 0x7f)
			return 0;
	return 1;
}

/* The fields of a create or update body, each NULL when absent. */
struct reg_body {
	const char		*name;
	const char		*ecosystem;
	const char		*description;
	const char		*emoji;
	const char		*color;
	const char		*oidc_policy;
	int			 has_emoji, has_color, has_policy;
	struct json_object	*team_ids;
};

static const char *const reg_fields[] = {
	"name", "ecosystem", "description", "emoji", "color", "oidc_policy",
	"team_ids", NULL
};

/*
 * Check the body's fields (types, lengths, formats; unknown fields are a
 * 422, never ignored) into b. emoji, color and oidc_policy may be null to
 * clear them.
 */
static enum status
reg_read(struct req *r, struct json_object *body, struct reg_body *b)
{
	struct policy		 pol;
	const char		*const *f;
	const char		*s;
	char			 perr[256];

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
			    json_object_array_length(fv) > MAX_TEAMS)
				return hjson_invalid(r, "team_ids",
				    "invalid", "team_ids must be an array "
				    "of team ids");
			b->team_ids = fv;
			continue;
		}
		if (strcmp(k, "oidc_policy") == 0) {
			b->has_policy = 1;
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
			if (strlen(s) > POLICY_MAX_LEN)
				return hjson_invalid(r, "oidc_policy",
				    "invalid", "oidc_policy is too long");
			if (!valid_text(s, POLICY_MAX_LEN, 1))
				return hjson_invalid(r, "oidc_policy",
				    "invalid", "oidc_policy must be UTF-8 "
				    "text without control characters");
			if (policy_parse(r->arena, s, strlen(s), &pol, perr,
			    sizeof(perr)) == -1)
				return hjson_invalid(r, "oidc_policy",
				    "invalid", arena_strdup(r->arena, perr));
			b->oidc_policy = arena_strdup(r->arena, s);
			continue;
		}
		if (fv == NULL && (strcmp(k, "emoji") == 0 ||
		    strcmp(k, "color") == 0)) {
			if (k[0] == 'e')
				b->has_emoji = 1;
			else
				b->has_color = 1;
			continue;
		}
		if (!json_object_is_type(fv, json_type_string))
			return hjson_invalid(r, arena_strndup(r->arena, k, 64),
			    "invalid", "must be a string");
		s = json_object_get_string(fv);
		/* An escaped \u0000 would silently cut the text short. */
		if ((size_t)json_object_get_string_len(fv) != strlen(s) ||
		    !hjson_utf8(s, strlen(s), NULL))
			return hjson_invalid(r, arena_strndup(r->arena, k, 64),
			    "invalid", arena_strfmt(r->arena, "%s must be "
			    "UTF-8 text without NUL", k));
		if (strcmp(k, "name") == 0)
			b->name = s;
		else if (strcmp(k, "ecosystem") == 0)
			b->ecosystem = s;
		else if (strcmp(k, "description") == 0)
			b->description = s;
		else if (strcmp(k, "emoji") == 0) {
			b->emoji = s;
			b->has_emoji = 1;
		} else if (strcmp(k, "color") == 0) {
			b->color = s;
			b->has_color = 1;
		}
	}
	if (b->name && (*b->name == '\0'))
		return hjson_invalid(r, "name", "missing",
		    "name can't be blank");
	if (b->name && !valid_text(b->name, NAME_MAX_LEN, 0))
		return hjson_invalid(r, "name", "invalid", "name must be one "
		    "line of at most 100 characters");
	if (b->name && *slugify(r->arena, b->name) == '\0')
		return hjson_invalid(r, "name", "invalid",
		    "name must contain a letter or digit");
	if (b->description && !valid_text(b->description, DESC_MAX_LEN, 1))
		return hjson_invalid(r, "description", "invalid",
		    "description must be text of at most 1000 characters");
	if (b->emoji && (*b->emoji == '\0' ||
	    !valid_text(b->emoji, EMOJI_MAX_LEN, 0)))
		return hjson_invalid(r, "emoji", "invalid",
		    "emoji must be an emoji or :name:");
	if (b->color && !valid_color(b->color))
		return hjson_invalid(r, "color", "invalid",
		    "color must be a hex color like #f0ccff");
	return ST_OK;
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

/* Grant each team of team_ids (of this org) READ_AND_WRITE on reg. */
static enum status
grant_teams(struct req *r, struct json_object *ids, const struct registry *g)
{
	struct json_object	*v;
	size_t			 i;

	for (i = 0; i < json_object_array_length(ids); i++) {
		v = json_object_array_get_idx(ids, i);
		if (!json_object_is_type(v, json_type_string) ||
		    db_team_grant_in_org(r->ctx->db, r->org->id,
		    json_object_get_string(v), g->id, TL_READ_AND_WRITE) != 0)
			return hjson_invalid(r, "team_ids", "invalid",
			    "team_ids must name teams of this organization");
		audit(r, g->org_id, "TEAM_REGISTRY_CREATED", "TEAM_REGISTRY",
		    g->id, g->name, NULL);
	}
	return ST_OK;
}

enum status
h_registry_create(struct req *r)
{
	struct json_object	*body = NULL, *o, *d;
	struct reg_body		 b;
	struct registry		 in, out;
	enum status		 st;
	int			 rc;

	if ((st = auth_require_perm(r, TP_CREATE_REGISTRIES)) != ST_OK)
		return st;
	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	if ((st = reg_read(r, body, &b)) != ST_OK)
		goto out;
	if (b.name == NULL) {
		st = hjson_invalid(r, "name", "missing", "name can't be blank");
		goto out;
	}
	if (b.ecosystem == NULL || *b.ecosystem == '\0') {
		st = hjson_invalid(r, "ecosystem", "missing",
		    "ecosystem can't be blank");
		goto out;
	}
	if (eco_find(b.ecosystem) == NULL) {
		st = hjson_invalid(r, "ecosystem", "invalid",
		    arena_strfmt(r->arena, "ecosystem must be one of: %s",
		    eco_names()));
		goto out;
	}
	if (r->principal.teams && r->principal.role != ROLE_ADMIN &&
	    (b.team_ids == NULL || json_object_array_length(b.team_ids) == 0)) {
		st = hjson_invalid(r, "team_ids", "missing", "team_ids can't "
		    "be blank: this organization uses teams");
		goto out;
	}
	memset(&in, 0, sizeof(in));
	in.org_id = r->org->id;
	in.name = (char *)b.name;
	in.slug = slugify(r->arena, b.name);
	in.ecosystem = (char *)b.ecosystem;
	in.description = (char *)b.description;
	in.emoji = (char *)b.emoji;
	in.color = (char *)b.color;
	in.oidc_policy = (char *)b.oidc_policy;
	if (db_tx_begin(r->ctx->db) == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	rc = db_registry_create(r->ctx->db, r->arena, &in, &out);
	if (rc == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	if (rc == 1) {
		st = hjson_invalid(r, "name", "already_exists", arena_strfmt(
		    r->arena, "a registry with the slug '%s' already exists",
		    in.slug));
		goto out;
	}
	if (b.team_ids && (st = grant_teams(r, b.team_ids, &out)) != ST_OK)
		goto out;
	if (db_tx_commit(r->ctx->db) == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	d = json_object_new_object();
	json_object_object_add(d, "name", json_object_new_string(out.name));
	json_object_object_add(d, "slug", json_object_new_string(out.slug));
	json_object_object_add(d, "ecosystem",
	    json_object_new_string(out.ecosystem));
	audit(r, out.org_id, "REGISTRY_CREATED", "REGISTRY", out.id, out.name,
	    d);
	o = hjson_registry(r, &out);
	st = resp_json(r, 200, o);
	json_object_put(o);
out:
	db_tx_rollback(r->ctx->db);
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

/* Equal strings, NULL and "" alike (a description is never NULL). */
static int
same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/*
 * POST, PATCH or PUT .../registries/{reg}: change name (and so the slug and
 * every URL), description, emoji, color, oidc_policy. The ecosystem cannot
 * change; team access changes through team grants.
 */
enum status
h_registry_update(struct req *r)
{
	struct json_object	*body = NULL, *o, *d;
	struct reg_body		 b;
	struct registry		 in, out, *g = r->registry;
	enum status		 st;
	int			 rc;

	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	if ((st = reg_read(r, body, &b)) != ST_OK)
		goto out;
	if (b.ecosystem && strcmp(b.ecosystem, g->ecosystem) != 0) {
		st = hjson_invalid(r, "ecosystem", "immutable",
		    "ecosystem cannot be changed");
		goto out;
	}
	if (b.team_ids) {
		st = hjson_invalid(r, "team_ids", "unsupported", "change team "
		    "access with team grants (depotctl team grant)");
		goto out;
	}
	in = *g;
	d = json_object_new_object();
	if (b.name && strcmp(b.name, g->name) != 0) {
		in.name = (char *)b.name;
		in.slug = slugify(r->arena, b.name);
		json_object_object_add(d, "name",
		    json_object_new_string(b.name));
		if (strcmp(in.slug, g->slug) != 0)
			json_object_object_add(d, "slug",
			    json_object_new_string(in.slug));
	}
	if (b.description && !same(b.description, g->description)) {
		in.description = (char *)b.description;
		json_object_object_add(d, "description",
		    json_object_new_string(b.description));
	}
	if (b.has_emoji && !same(b.emoji, g->emoji)) {
		in.emoji = (char *)b.emoji;
		json_object_object_add(d, "emoji", hjson_str(b.emoji));
	}
	if (b.has_color && !same(b.color, g->color)) {
		in.color = (char *)b.color;
		json_object_object_add(d, "color", hjson_str(b.color));
	}
	if (b.has_policy && !same(b.oidc_policy, g->oidc_policy)) {
		in.oidc_policy = (char *)b.oidc_policy;
		json_object_object_add(d, "oidc_policy",
		    hjson_str(b.oidc_policy));
	}
	/* Nothing changes: no write, no event, updated_at stays. */
	if (json_object_object_length(d) == 0) {
		json_object_put(d);
		o = hjson_registry(r, g);
		st = resp_json(r, 200, o);
		json_object_put(o);
		goto out;
	}
	rc = db_registry_update(r->ctx->db, r->arena, &in, &out);
	if (rc != 0) {
		json_object_put(d);
		st = rc == 1 ? hjson_invalid(r, "name", "already_exists",
		    arena_strfmt(r->arena, "a registry with the slug '%s' "
		    "already exists", in.slug)) :
		    req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	audit(r, out.org_id, "REGISTRY_UPDATED", "REGISTRY", out.id, out.name,
	    d);
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
	struct registry	*g = r->registry;
	char		**blobs;
	size_t		 n;
	enum status	 st;
	int		 rc;

	if ((st = auth_require_perm(r, TP_DELETE_REGISTRIES)) != ST_OK)
		return st;
	rc = db_registry_delete(r->ctx->db, r->arena, g->id, &blobs, &n);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "registry not found");
	publish_release_blobs(r, blobs, n);
	audit(r, g->org_id, "REGISTRY_DELETED", "REGISTRY", g->id, g->name,
	    NULL);
	return resp_send(r, 200, "application/json", "", 0, NULL, "no-store");
}
