/* regops.c: registry and registry-token changes with their rules and audit
 * events, shared by the REST API and the web pages */
#include <ctype.h>
#include <string.h>

#include <json-c/json.h>

#include "auth/auth.h"
#include "auth/oidc_policy.h"
#include "auth/token.h"
#include "db/db_pkg.h"
#include "db/db_registry.h"
#include "db/db_storage.h"
#include "db/db_team.h"
#include "eco/eco.h"
#include "handlers/audit.h"
#include "handlers/hjson.h"
#include "handlers/publish.h"
#include "handlers/regops.h"
#include "util/digest.h"
#include "util/secret.h"
#include "util/banned.h"

static int
invalid(struct reg_error *err, const char *field, const char *code,
    const char *msg)
{
	err->field = field;
	err->code = code;
	err->msg = msg;
	return -1;
}

char *
regops_slugify(struct arena *a, const char *name)
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

int
regops_valid_text(const char *s, size_t max, int multiline)
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

int
regops_check(struct arena *a, const struct reg_input *in,
    struct reg_error *err)
{
	struct policy	 pol;
	const char	*s = in->oidc_policy;
	char		 perr[256];

	if (s != NULL) {
		if (strlen(s) > REG_POLICY_MAX)
			return invalid(err, "oidc_policy", "invalid",
			    "oidc_policy is too long");
		if (!regops_valid_text(s, REG_POLICY_MAX, 1))
			return invalid(err, "oidc_policy", "invalid",
			    "oidc_policy must be UTF-8 text without control "
			    "characters");
		if (policy_parse(a, s, strlen(s), &pol, perr, sizeof(perr)) ==
		    -1)
			return invalid(err, "oidc_policy", "invalid",
			    arena_strdup(a, perr));
	}
	if (in->name && *in->name == '\0')
		return invalid(err, "name", "missing", "name can't be blank");
	if (in->name && !regops_valid_text(in->name, REG_NAME_MAX, 0))
		return invalid(err, "name", "invalid", "name must be one line "
		    "of at most 100 characters");
	if (in->name && *regops_slugify(a, in->name) == '\0')
		return invalid(err, "name", "invalid",
		    "name must contain a letter or digit");
	if (in->description && !regops_valid_text(in->description,
	    REG_DESC_MAX, 1))
		return invalid(err, "description", "invalid",
		    "description must be text of at most 1000 characters");
	if (in->emoji && (*in->emoji == '\0' ||
	    !regops_valid_text(in->emoji, REG_EMOJI_MAX, 0)))
		return invalid(err, "emoji", "invalid",
		    "emoji must be an emoji or :name:");
	if (in->color && !valid_color(in->color))
		return invalid(err, "color", "invalid",
		    "color must be a hex color like #f0ccff");
	return 0;
}

/*
 * Grant each team (of r->org) READ_AND_WRITE on g; each grant is a
 * TEAM_REGISTRY_CREATED naming the team and the level.
 */
static int
grant_teams(struct req *r, const char *const *ids, size_t n,
    const struct registry *g, struct reg_error *err)
{
	struct json_object	*d;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (ids[i] == NULL || db_team_grant_in_org(r->ctx->db,
		    r->org->id, ids[i], g->id, TL_READ_AND_WRITE) != 0)
			return invalid(err, "team_ids", "invalid",
			    "team_ids must name teams of this organization");
		d = json_object_new_object();
		json_object_object_add(d, "team_id",
		    json_object_new_string(ids[i]));
		json_object_object_add(d, "access_level",
		    json_object_new_string(team_level_name(
		    TL_READ_AND_WRITE)));
		audit(r, g->org_id, "TEAM_REGISTRY_CREATED", "TEAM_REGISTRY",
		    g->id, g->name, d);
	}
	return 0;
}

enum status
regops_create(struct req *r, const struct reg_input *b,
    const char *const *team_ids, size_t nteams, struct registry *out,
    struct reg_error *err)
{
	struct json_object	*d;
	struct registry		 in;
	enum status		 st;
	int			 rc;

	if ((st = auth_require_perm(r, TP_CREATE_REGISTRIES)) != ST_OK)
		return st;
	if (regops_check(r->arena, b, err) == -1)
		return ST_INVALID;
	if (b->name == NULL) {
		invalid(err, "name", "missing", "name can't be blank");
		return ST_INVALID;
	}
	if (b->ecosystem == NULL || *b->ecosystem == '\0') {
		invalid(err, "ecosystem", "missing",
		    "ecosystem can't be blank");
		return ST_INVALID;
	}
	if (eco_find(b->ecosystem) == NULL) {
		invalid(err, "ecosystem", "invalid", arena_strfmt(r->arena,
		    "ecosystem must be one of: %s", eco_names()));
		return ST_INVALID;
	}
	if (nteams > REG_TEAMS_MAX) {
		invalid(err, "team_ids", "invalid",
		    "team_ids must be an array of team ids");
		return ST_INVALID;
	}
	if (r->principal.teams && r->principal.role != ROLE_ADMIN &&
	    nteams == 0) {
		invalid(err, "team_ids", "missing", "team_ids can't be blank: "
		    "this organization uses teams");
		return ST_INVALID;
	}
	memset(&in, 0, sizeof(in));
	in.org_id = r->org->id;
	in.name = (char *)b->name;
	in.slug = regops_slugify(r->arena, b->name);
	in.ecosystem = (char *)b->ecosystem;
	in.description = (char *)b->description;
	in.emoji = (char *)b->emoji;
	in.color = (char *)b->color;
	in.oidc_policy = (char *)b->oidc_policy;
	if (db_tx_begin(r->ctx->db) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	rc = db_registry_create(r->ctx->db, r->arena, &in, out);
	if (rc == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	if (rc == 1) {
		invalid(err, "name", "already_exists", arena_strfmt(r->arena,
		    "a registry with the slug '%s' already exists", in.slug));
		st = ST_INVALID;
		goto out;
	}
	if (grant_teams(r, team_ids, nteams, out, err) == -1) {
		st = ST_INVALID;
		goto out;
	}
	if (db_tx_commit(r->ctx->db) == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	d = json_object_new_object();
	json_object_object_add(d, "name", json_object_new_string(out->name));
	json_object_object_add(d, "slug", json_object_new_string(out->slug));
	json_object_object_add(d, "ecosystem",
	    json_object_new_string(out->ecosystem));
	audit(r, out->org_id, "REGISTRY_CREATED", "REGISTRY", out->id,
	    out->name, d);
	st = ST_OK;
out:
	db_tx_rollback(r->ctx->db);
	return st;
}

/* Equal strings, NULL and "" alike (a description is never NULL). */
static int
same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

enum status
regops_update(struct req *r, const struct reg_input *b, struct registry *out,
    struct reg_error *err)
{
	struct json_object	*d;
	struct registry		 in, *g = r->registry;
	int			 rc;

	if (regops_check(r->arena, b, err) == -1)
		return ST_INVALID;
	if (b->ecosystem && strcmp(b->ecosystem, g->ecosystem) != 0) {
		invalid(err, "ecosystem", "immutable",
		    "ecosystem cannot be changed");
		return ST_INVALID;
	}
	in = *g;
	d = json_object_new_object();
	if (b->name && strcmp(b->name, g->name) != 0) {
		in.name = (char *)b->name;
		in.slug = regops_slugify(r->arena, b->name);
		json_object_object_add(d, "name",
		    json_object_new_string(b->name));
		if (strcmp(in.slug, g->slug) != 0)
			json_object_object_add(d, "slug",
			    json_object_new_string(in.slug));
	}
	if (b->description && !same(b->description, g->description)) {
		in.description = (char *)b->description;
		json_object_object_add(d, "description",
		    json_object_new_string(b->description));
	}
	if (b->has_emoji && !same(b->emoji, g->emoji)) {
		in.emoji = (char *)b->emoji;
		json_object_object_add(d, "emoji", hjson_str(b->emoji));
	}
	if (b->has_color && !same(b->color, g->color)) {
		in.color = (char *)b->color;
		json_object_object_add(d, "color", hjson_str(b->color));
	}
	if (b->has_policy && !same(b->oidc_policy, g->oidc_policy)) {
		in.oidc_policy = (char *)b->oidc_policy;
		json_object_object_add(d, "oidc_policy",
		    hjson_str(b->oidc_policy));
	}
	/* Nothing changes: no write, no event, updated_at stays. */
	if (json_object_object_length(d) == 0) {
		json_object_put(d);
		*out = *g;
		return ST_OK;
	}
	rc = db_registry_update(r->ctx->db, r->arena, &in, out);
	if (rc != 0) {
		json_object_put(d);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		invalid(err, "name", "already_exists", arena_strfmt(r->arena,
		    "a registry with the slug '%s' already exists", in.slug));
		return ST_INVALID;
	}
	audit(r, out->org_id, "REGISTRY_UPDATED", "REGISTRY", out->id,
	    out->name, d);
	return ST_OK;
}

enum status
regops_delete(struct req *r)
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
	return ST_OK;
}

enum status
regops_set_public(struct req *r, int public)
{
	struct registry		*g = r->registry;
	struct json_object	*d;
	int			 rc;

	if ((public != 0) == (g->public != 0))
		return ST_OK;
	rc = db_registry_set_public(r->ctx->db, g->id, public);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "registry not found");
	g->public = public != 0;
	d = json_object_new_object();
	json_object_object_add(d, "public", json_object_new_boolean(public));
	audit(r, g->org_id, "REGISTRY_VISIBILITY_CHANGED", "REGISTRY", g->id,
	    g->name, d);
	return ST_OK;
}

enum status
regops_set_storage(struct req *r, const char *link_id)
{
	struct registry		*g = r->registry;
	struct storage_link	 l;
	struct json_object	*d;
	int			 rc;

	if (link_id != NULL) {
		rc = db_storage_get(r->ctx->db, r->arena, link_id, &l);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if (rc == 1 || strcmp(l.org_id, g->org_id) != 0)
			return req_fail(r, ST_INVALID, "no such storage link "
			    "in this organization");
	}
	rc = db_storage_use(r->ctx->db, g->org_id, g->slug, link_id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "registry not found");
	if (rc == 2)
		return req_fail(r, ST_CONFLICT, "storage link '%s' did not "
		    "pass its last diagnostic; an administrator runs "
		    "'depotctl storage check' first", l.name);
	d = json_object_new_object();
	json_object_object_add(d, "storage", json_object_new_string(link_id ?
	    link_id : STORAGE_HOSTED));
	json_object_object_add(d, "storage_name", json_object_new_string(
	    link_id ? l.name : STORAGE_HOSTED));
	audit(r, g->org_id, "REGISTRY_UPDATED", "REGISTRY", g->id, g->name,
	    d);
	return ST_OK;
}

enum status
regops_package_delete(struct req *r, const char *id)
{
	char		**blobs;
	size_t		 n;
	enum status	 st;
	int		 rc;

	if ((st = auth_require_perm(r, TP_DELETE_PACKAGES)) != ST_OK)
		return st;
	rc = db_pkg_delete_id(r->ctx->db, r->arena, r->registry->id, id,
	    &blobs, &n);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "package not found");
	publish_release_blobs(r, blobs, n);
	return ST_OK;
}

/* ---- registry tokens */

/*
 * Registry tokens read one private registry. Unlike API tokens they can be
 * shown again to those with full access, so they are kept sealed under the
 * server key and found by a keyed hash. While the registry is public they
 * are neither listed nor usable (the credential layer refuses them).
 */
enum status
regops_token_available(struct req *r)
{
	if (!r->registry->public)
		return ST_OK;
	return req_fail(r, ST_CONFLICT, "registry tokens are unavailable "
	    "while the registry is public; make it private to use them");
}

int
regops_token_check(const char *d, struct reg_error *err)
{
	size_t	 i, nchars;

	if (d == NULL || *d == '\0')
		return invalid(err, "description", "missing",
		    "description can't be blank");
	if (!hjson_utf8(d, strlen(d), &nchars) || nchars > REGTOKEN_DESC_MAX)
		return invalid(err, "description", "invalid", "description "
		    "must be UTF-8 text of at most 255 characters");
	for (i = 0; d[i]; i++)
		if ((unsigned char)d[i] < 0x20 || d[i] == 0x7f)
			return invalid(err, "description", "invalid",
			    "description must be one line");
	return 0;
}

enum status
regops_token_create(struct req *r, const char *desc, struct regtoken *out,
    char **secret)
{
	struct json_object	*d;
	char			 id[37], tok[REGTOKEN_LEN + 1], mac[65];
	char			 sealed[2 * (28 + REGTOKEN_LEN) + 1];
	enum status		 st;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	if (!secret_loaded())
		return req_fail(r, ST_UNAVAIL, "registry tokens need the "
		    "server's secret_key_file");
	if (uuid_generate(id) == -1 || regtoken_generate(tok) == -1 ||
	    secret_seal(id, tok, strlen(tok), sealed, sizeof(sealed)) == -1 ||
	    secret_mac(tok, strlen(tok), mac) == -1)
		return req_fail(r, ST_INTERNAL, "cannot make a token");
	if (db_regtoken_create(r->ctx->db, r->arena, id, r->registry->id,
	    desc, sealed, mac, r->principal.user_id, out) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if ((*secret = arena_strdup(r->arena, tok)) == NULL)
		return ST_INTERNAL;
	d = json_object_new_object();
	json_object_object_add(d, "description", json_object_new_string(desc));
	audit(r, r->registry->org_id, "REGISTRY_TOKEN_CREATED",
	    "REGISTRY_TOKEN", out->id, desc, d);
	return ST_OK;
}

enum status
regops_token_get(struct req *r, const char *id, struct regtoken *out)
{
	enum status	 st;
	int		 rc;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	rc = db_regtoken_get(r->ctx->db, r->arena, r->registry->id, id, out);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "token not found");
	return ST_OK;
}

enum status
regops_token_reveal(struct req *r, const struct regtoken *t, char **secret)
{
	char	 plain[128];
	size_t	 len;

	if (secret_open(t->id, t->sealed, plain, sizeof(plain), &len) == -1)
		return req_fail(r, ST_UNAVAIL, "cannot open the token: is "
		    "secret_key_file the one it was made with?");
	if ((*secret = arena_strndup(r->arena, plain, len)) == NULL)
		return ST_INTERNAL;
	return ST_OK;
}

enum status
regops_token_update(struct req *r, const char *id, const char *desc,
    struct regtoken *out)
{
	struct json_object	*d;
	enum status		 st;
	int			 rc;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	rc = db_regtoken_update(r->ctx->db, r->arena, r->registry->id, id,
	    desc, out);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "token not found");
	d = json_object_new_object();
	json_object_object_add(d, "description", json_object_new_string(desc));
	audit(r, r->registry->org_id, "REGISTRY_TOKEN_UPDATED",
	    "REGISTRY_TOKEN", out->id, desc, d);
	return ST_OK;
}

enum status
regops_token_delete(struct req *r, const char *id)
{
	struct regtoken	 t;
	enum status	 st;
	int		 rc;

	if ((st = regops_token_get(r, id, &t)) != ST_OK)
		return st;
	rc = db_regtoken_delete(r->ctx->db, r->registry->id, t.id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "token not found");
	audit(r, r->registry->org_id, "REGISTRY_TOKEN_DELETED",
	    "REGISTRY_TOKEN", t.id, t.description, NULL);
	return ST_OK;
}
