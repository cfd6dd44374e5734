/* h_ui_registry.c: the Registries page, creating a registry, a registry's
 * Packages and Publish instructions tabs */
#include <string.h>

#include "auth/auth.h"
#include "db/db_registry.h"
#include "db/db_team.h"
#include "db/db_ui.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/regops.h"
#include "handlers/ui.h"
#include "http/query.h"
#include "views/url.h"
#include "util/banned.h"

#define FILTER_MAX	200

/* A ?q= filter: trimmed to NULL when empty, too long or not UTF-8. */
static const char *
filter_of(struct req *r)
{
	const char	*q = kv_get(&r->query, "q");

	if (q == NULL || *q == '\0' || strlen(q) > FILTER_MAX ||
	    !hjson_utf8(q, strlen(q), NULL))
		return NULL;
	return q;
}

/* GET /organizations/{org}/packages */
enum status
h_ui_registries(struct req *r)
{
	struct registry		*regs;
	struct ui_count		*counts;
	struct v_registry_row	*rows;
	struct view		 v;
	const char		*q = filter_of(r);
	size_t			 n, nc, i, j, nrows = 0, total = 0;

	if (db_registry_list(r->ctx->db, r->arena, r->org->id, &regs, &n) ==
	    -1 || db_ui_pkg_counts(r->ctx->db, r->arena, r->org->id, &counts,
	    &nc) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if ((rows = arena_calloc(r->arena, n + 1, sizeof(*rows))) == NULL)
		return ST_INTERNAL;
	for (i = 0; i < n; i++) {
		if (auth_access(r, &regs[i]) < ACC_READ)
			continue;
		total++;
		if (q && strcasestr(regs[i].name, q) == NULL)
			continue;
		rows[nrows].g = &regs[i];
		for (j = 0; j < nc; j++)
			if (strcmp(counts[j].registry_id, regs[i].id) == 0)
				rows[nrows].packages = counts[j].packages;
		nrows++;
	}
	ui_view(r, &v);
	v_begin(&v, "Registries", NAV_REGISTRIES);
	v_registries(&v, rows, nrows, total, q, ui_may(r,
	    TP_CREATE_REGISTRIES));
	return ui_send(r, &v, 200);
}

/* The New registry form, with what was typed and what was wrong. */
static enum status
new_form(struct req *r, int code, struct v_new_registry *f)
{
	struct view	 v;
	struct ui_team	*teams;
	size_t		 n;

	if (r->principal.teams) {
		if (db_ui_teams(r->ctx->db, r->arena, r->org->id, &teams, &n) ==
		    -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		f->teams_list = teams;
		f->nteams = n;
	}
	ui_view(r, &v);
	v_begin(&v, "New registry", NAV_REGISTRIES);
	v_registry_new(&v, f);
	return ui_send(r, &v, code);
}

/* GET .../packages/registries/new */
enum status
h_ui_registry_new(struct req *r)
{
	struct v_new_registry	 f;
	enum status		 st;

	if ((st = auth_require_perm(r, TP_CREATE_REGISTRIES)) != ST_OK)
		return st;
	memset(&f, 0, sizeof(f));
	return new_form(r, 200, &f);
}

/*
 * POST .../packages/registries/new: fields name, description, ecosystem
 * and team (repeated). The registry's page on success; the form again
 * (422) with each message beside its field.
 */
enum status
h_ui_registry_create(struct req *r)
{
	struct v_new_registry	 f;
	struct reg_input	 in;
	struct reg_error	 err;
	struct registry		 out;
	const char		**ids;
	size_t			 i, n = 0;
	enum status		 st;

	memset(&in, 0, sizeof(in));
	memset(&f, 0, sizeof(f));
	in.name = ui_field(r, "name", 0);
	in.description = ui_field(r, "description", 1);
	in.ecosystem = ui_field(r, "ecosystem", 0);
	if (in.name == NULL)
		in.name = "";
	if ((ids = arena_calloc(r->arena, r->form.n + 1, sizeof(*ids))) ==
	    NULL)
		return ST_INTERNAL;
	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].key, "team") == 0)
			ids[n++] = r->form.v[i].val;
	st = regops_create(r, &in, ids, n, &out, &err);
	if (st == ST_OK)
		return ui_redirect(r, ui_reg_url(r, &out, NULL), "created");
	if (st != ST_INVALID)
		return st;
	f.name.value = in.name;
	f.description.value = in.description;
	f.ecosystem.value = in.ecosystem;
	f.chosen = ids;
	f.nchosen = n;
	if (strcmp(err.field, "name") == 0)
		f.name.error = err.msg;
	else if (strcmp(err.field, "description") == 0)
		f.description.error = err.msg;
	else if (strcmp(err.field, "ecosystem") == 0)
		f.ecosystem.error = strcmp(err.code, "missing") == 0 ?
		    "Choose an ecosystem." : err.msg;
	else if (strcmp(err.field, "team_ids") == 0)
		f.teams.error = strcmp(err.code, "missing") == 0 ?
		    "Choose at least one team: this organization uses teams." :
		    "Choose teams of this organization.";
	else
		f.error = err.msg;
	return new_form(r, 422, &f);
}

/* GET .../registries/{reg}: its packages, newest first. */
enum status
h_ui_packages(struct req *r)
{
	struct ui_pkg	*p;
	struct view	 v;
	const char	*q = filter_of(r);
	long		 page = ui_page(r);
	long long	 total;
	size_t		 n;

	if (db_ui_pkg_page(r->ctx->db, r->arena, r->registry->id, q,
	    (page - 1) * UI_PER_PAGE, UI_PER_PAGE, &p, &n, &total) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	ui_view(r, &v);
	v_begin(&v, r->registry->name, NAV_REGISTRIES);
	v_packages(&v, r->registry, auth_access(r, r->registry), p, n, total,
	    q, page, UI_PER_PAGE);
	return ui_send(r, &v, 200);
}

/* GET .../registries/{reg}/publish */
enum status
h_ui_publish(struct req *r)
{
	struct view	 v;

	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "Publish to %s",
	    r->registry->name), NAV_REGISTRIES);
	v_publish(&v, r->registry, auth_access(r, r->registry));
	return ui_send(r, &v, 200);
}
