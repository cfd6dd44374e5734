/* h_ui_package.c: a package's page, its download and its deletion */
#include <string.h>

#include "auth/auth.h"
#include "db/db_team.h"
#include "db/db_ui.h"
#include "downloads.h"
#include "handlers/handlers.h"
#include "handlers/publish.h"
#include "handlers/regops.h"
#include "handlers/ui.h"
#include "http/query.h"
#include "http/resp.h"
#include "util/banned.h"

/* The package {id} of the path, with its files. */
static enum status
load(struct req *r, struct ui_pkg *p, struct pkg_file **files, size_t *n)
{
	int	 rc;

	rc = db_ui_pkg_get(r->ctx->db, r->arena, r->registry->id,
	    req_param(r, "id"), p);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "package not found");
	if (files && db_ui_pkg_files(r->ctx->db, r->arena, p->p.id, files, n) ==
	    -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	return ST_OK;
}

/* Who may delete: write access (the route's level) and the permission. */
static int
may_delete(struct req *r)
{
	return auth_access(r, r->registry) >= ACC_WRITE &&
	    ui_may(r, TP_DELETE_PACKAGES);
}

/* GET .../registries/{reg}/packages/{id} */
enum status
h_ui_package(struct req *r)
{
	struct ui_pkg		 p;
	struct v_package	 vp;
	struct view		 v;
	enum status		 st;

	memset(&vp, 0, sizeof(vp));
	if ((st = load(r, &p, (struct pkg_file **)&vp.files, &vp.nfiles)) !=
	    ST_OK)
		return st;
	vp.p = &p;
	vp.can_delete = may_delete(r);
	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "%s %s", p.p.name, p.p.version),
	    NAV_REGISTRIES);
	v_package(&v, r->registry, auth_access(r, r->registry), &vp);
	return ui_send(r, &v, 200);
}

/*
 * GET .../packages/{id}/download[?file=NAME]: the package's first file or
 * the one named, from the storage it was published to (nginx sends it,
 * or the browser is redirected to the storage link), counted as a
 * download like the package host's.
 */
enum status
h_ui_package_download(struct req *r)
{
	struct ui_pkg		 p;
	struct pkg_file		*files, *f = NULL;
	const char		*want = kv_get(&r->query, "file");
	char			*uri, *etag;
	enum blob_send		 how;
	size_t			 n, i;
	enum status		 st;

	if ((st = load(r, &p, &files, &n)) != ST_OK)
		return st;
	for (i = 0; i < n && f == NULL; i++)
		if (want == NULL || strcmp(files[i].filename, want) == 0)
			f = &files[i];
	if (f == NULL)
		return req_fail(r, ST_NOTFOUND, "file not found");
	if (publish_locate(r, f, &how, &uri) == -1)
		return req_fail(r, ST_UNAVAIL, "storage unavailable");
	if (r->method == M_GET)
		downloads_note(p.p.id);
	if (how == BS_REDIRECT)
		return resp_redirect(r, 302, uri);
	etag = arena_strfmt(r->arena, "\"%s\"", f->sha256);
	return resp_accel(r, uri, f->content_type, f->filename, etag);
}

/* GET .../packages/{id}/delete: are you sure? */
enum status
h_ui_package_delete_confirm(struct req *r)
{
	struct ui_pkg	 p;
	struct view	 v;
	enum status	 st;

	if ((st = auth_require_perm(r, TP_DELETE_PACKAGES)) != ST_OK ||
	    (st = load(r, &p, NULL, NULL)) != ST_OK)
		return st;
	ui_view(r, &v);
	v_begin(&v, "Delete package", NAV_REGISTRIES);
	v_package_delete(&v, r->registry, &p);
	return ui_send(r, &v, 200);
}

/* POST .../packages/{id}/delete: then back to the registry. */
enum status
h_ui_package_delete(struct req *r)
{
	enum status	 st;

	if ((st = regops_package_delete(r, req_param(r, "id"))) != ST_OK)
		return st;
	return ui_redirect(r, ui_reg_url(r, r->registry, NULL),
	    "package-deleted");
}
