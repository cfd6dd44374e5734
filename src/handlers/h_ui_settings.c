/* h_ui_settings.c: a registry's settings pages: General (name,
 * description, emoji, color, visibility, delete), OIDC policy, Storage */
#include <ctype.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db_storage.h"
#include "db/db_team.h"
#include "db/db_ui.h"
#include "handlers/handlers.h"
#include "handlers/regops.h"
#include "handlers/ui.h"
#include "util/banned.h"

/* The General page with the form's values (the registry's by default). */
static enum status
general(struct req *r, int code, struct v_general *f)
{
	const struct registry	*g = r->registry;
	struct ui_team		*teams;
	struct view		 v;
	size_t			 n;

	if (f->name.value == NULL)
		f->name.value = g->name;
	if (f->description.value == NULL)
		f->description.value = g->description;
	if (f->emoji.value == NULL)
		f->emoji.value = g->emoji;
	if (f->color.value == NULL)
		f->color.value = g->color;
	if (r->principal.teams) {
		if (db_ui_registry_teams(r->ctx->db, r->arena, g->id, &teams,
		    &n) == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		f->teams = teams;
		f->nteams = n;
	}
	f->can_delete = ui_may(r, TP_DELETE_REGISTRIES);
	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "Settings \xc2\xb7 %s", g->name),
	    NAV_REGISTRIES);
	v_settings(&v, g, f);
	return ui_send(r, &v, code);
}

/* GET .../registries/{reg}/settings */
enum status
h_ui_settings(struct req *r)
{
	struct v_general	 f;

	memset(&f, 0, sizeof(f));
	return general(r, 200, &f);
}

/*
 * POST .../settings: name, description, emoji, color (an empty emoji or
 * color clears it). On to the settings under the new name, or the form
 * again (422) with the message beside the field.
 */
enum status
h_ui_settings_save(struct req *r)
{
	struct v_general	 f;
	struct reg_input	 in;
	struct reg_error	 err;
	struct registry		 out;
	enum status		 st;

	memset(&in, 0, sizeof(in));
	memset(&f, 0, sizeof(f));
	in.name = ui_field(r, "name", 0);
	in.description = ui_field(r, "description", 1);
	in.emoji = ui_field(r, "emoji", 0);
	in.color = ui_field(r, "color", 0);
	if (in.name == NULL)
		in.name = "";
	in.has_emoji = in.emoji != NULL;
	in.has_color = in.color != NULL;
	if (in.emoji && *in.emoji == '\0')
		in.emoji = NULL;
	if (in.color && *in.color == '\0')
		in.color = NULL;
	st = regops_update(r, &in, &out, &err);
	if (st == ST_OK)
		return ui_redirect(r, ui_reg_url(r, &out, "settings", NULL),
		    "saved");
	if (st != ST_INVALID)
		return st;
	f.name.value = in.name;
	f.description.value = in.description ? in.description : "";
	f.emoji.value = in.emoji ? in.emoji : "";
	f.color.value = in.color ? in.color : "";
	if (strcmp(err.field, "name") == 0)
		f.name.error = err.msg;
	else if (strcmp(err.field, "description") == 0)
		f.description.error = err.msg;
	else if (strcmp(err.field, "emoji") == 0)
		f.emoji.error = err.msg;
	else if (strcmp(err.field, "color") == 0)
		f.color.error = err.msg;
	else
		f.name.error = err.msg;
	return general(r, 422, &f);
}

/* GET .../settings/visibility: the confirmation. */
enum status
h_ui_visibility_confirm(struct req *r)
{
	struct view	 v;

	ui_view(r, &v);
	v_begin(&v, r->registry->public ? "Make registry private" :
	    "Make registry public", NAV_REGISTRIES);
	v_visibility(&v, r->registry);
	return ui_send(r, &v, 200);
}

/* POST .../settings/visibility: public=1 or public=0. */
enum status
h_ui_visibility(struct req *r)
{
	const char	*pub = ui_field(r, "public", 0);
	enum status	 st;
	int		 want;

	if (pub == NULL || (strcmp(pub, "1") != 0 && strcmp(pub, "0") != 0))
		return req_fail(r, ST_BADREQ, "public must be 1 or 0");
	want = pub[0] == '1';
	if ((st = regops_set_public(r, want)) != ST_OK)
		return st;
	return ui_redirect(r, ui_reg_url(r, r->registry, "settings", NULL),
	    want ? "public" : "private");
}

/*
 * POST .../settings/delete: confirm must be the registry's name exactly
 * as shown; anything else gives the General page again (422).
 */
enum status
h_ui_registry_delete(struct req *r)
{
	struct v_general	 f;
	const char		*confirm = ui_field(r, "confirm", 0);
	enum status		 st;

	if (confirm == NULL || strcmp(confirm, r->registry->name) != 0) {
		memset(&f, 0, sizeof(f));
		f.confirm.value = confirm;
		f.confirm.error = "That is not the registry's name. Type it "
		    "exactly as shown to delete the registry.";
		return general(r, 422, &f);
	}
	if ((st = regops_delete(r)) != ST_OK)
		return st;
	return ui_redirect(r, ui_url(r, "organizations",
	    r->registry->org_slug, "packages", NULL), "deleted");
}

static enum status
oidc_page(struct req *r, int code, const struct v_value *pol)
{
	struct view	 v;

	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "OIDC policy \xc2\xb7 %s",
	    r->registry->name), NAV_REGISTRIES);
	v_oidc(&v, r->registry, pol);
	return ui_send(r, &v, code);
}

/* GET .../settings/oidc */
enum status
h_ui_oidc(struct req *r)
{
	struct v_value	 pol = { r->registry->oidc_policy, NULL };

	return oidc_page(r, 200, &pol);
}

/*
 * POST .../settings/oidc: the policy as YAML or a JSON array, parsed
 * before it is saved (errors name their line); blank removes it.
 */
enum status
h_ui_oidc_save(struct req *r)
{
	struct reg_input	 in;
	struct reg_error	 err;
	struct registry		 out;
	struct v_value		 pol;
	const char		*text = ui_field(r, "policy", 1), *p;
	enum status		 st;

	memset(&in, 0, sizeof(in));
	in.has_policy = 1;
	for (p = text; p && (*p == ' ' || *p == '\n' || *p == '\t'); p++)
		;
	in.oidc_policy = p && *p ? text : NULL;
	st = regops_update(r, &in, &out, &err);
	if (st == ST_OK)
		return ui_redirect(r, ui_reg_url(r, &out, "settings", "oidc",
		    NULL), "policy");
	if (st != ST_INVALID)
		return st;
	pol.value = text;
	pol.error = err.msg;
	return oidc_page(r, 422, &pol);
}

static enum status
storage_page(struct req *r, int code)
{
	struct storage_link	*l;
	struct view		 v;
	char			*cur;
	size_t			 n;

	if (db_storage_list(r->ctx->db, r->arena, r->registry->org_id, &l,
	    &n) == -1 || db_storage_of_registry(r->ctx->db, r->arena,
	    r->registry->id, &cur) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "Storage \xc2\xb7 %s",
	    r->registry->name), NAV_REGISTRIES);
	v_registry_storage(&v, r->registry, l, n, cur);
	return ui_send(r, &v, code);
}

/* GET .../settings/storage */
enum status
h_ui_registry_storage(struct req *r)
{
	return storage_page(r, 200);
}

/*
 * POST .../settings/storage: storage=hosted or a storage link's id; new
 * packages go there, earlier ones stay.
 */
enum status
h_ui_registry_storage_save(struct req *r)
{
	const char	*s = ui_field(r, "storage", 0);
	enum status	 st;
	size_t		 i;
	int		 hosted;

	if (s == NULL || *s == '\0')
		return req_fail(r, ST_BADREQ, "choose a storage");
	/* A link id is a UUID: nothing else reaches SQL. */
	hosted = strcmp(s, "hosted") == 0;
	for (i = 0; !hosted && i < 37; i++)
		if (i == 36 ? s[i] != '\0' : (i == 8 || i == 13 || i == 18 ||
		    i == 23) ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return req_fail(r, ST_BADREQ, "no such storage");
	if ((st = regops_set_storage(r, hosted ? NULL : s)) != ST_OK)
		return st;
	return ui_redirect(r, ui_reg_url(r, r->registry, "settings",
	    "storage", NULL), "storage");
}
