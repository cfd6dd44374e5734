/* h_package.c: REST packages: upload (multipart field "file") and get */
#include <string.h>

#include "auth/auth.h"
#include "db/db_pkg.h"
#include "db/db_registry.h"
#include "db/db_team.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/page.h"
#include "handlers/publish.h"
#include "handlers/regops.h"
#include "http/query.h"
#include "http/form.h"
#include "http/resp.h"
#include "storage/storage.h"
#include "util/banned.h"

/* How each ecosystem takes a REST upload. */
static const struct {
	const char	*ecosystem;
	upload_fn	 upload;
} uploaders[] = {
	{ "javascript", npm_upload },
	{ "python", pypi_upload },
	{ "files", files_upload },
	{ "java", maven_upload },
	{ "ruby", ruby_upload },
};

static enum status
send_package(struct req *r, const char *id)
{
	struct pkg		 p;
	struct json_object	*o;
	enum status		 st;
	int			 rc;

	rc = db_pkg_get(r->ctx->db, r->arena, r->registry->id, id, &p);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "package not found");
	o = hjson_package(r, &p);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

/*
 * POST .../registries/{reg}/packages: the package is the multipart field
 * "file", streamed to a spool while hashed; the ecosystem reads its name and
 * version from inside it. 400 without exactly one "file", 413 past
 * upload_max, 415 for another body type.
 */
enum status
h_package_upload(struct req *r)
{
	struct form_limits	 lim;
	struct form		 form;
	struct spool		*sp = NULL;
	struct form_file	*file = NULL;
	const char		*err = "malformed multipart body";
	char			*id;
	size_t			 i;
	enum status		 st;

	memset(&form, 0, sizeof(form));
	if (strncmp(r->content_type, "multipart/form-data", 19) != 0)
		return req_fail(r, ST_UNSUPPORTED, "expected a multipart/"
		    "form-data body with the package in the field 'file'");
	memset(&lim, 0, sizeof(lim));
	lim.max_fields = 16;
	lim.max_field_size = 64 * 1024;
	lim.max_files = 2;
	lim.max_file_size = (off_t)r->ctx->conf->upload_max;
	lim.spool_dir = r->ctx->storage->spool_dir;
	switch (form_read_multipart(r->arena, r->content_type, req_read, r,
	    &lim, &form, &err)) {
	case FORM_OK:
		break;
	case FORM_TOOBIG:
		return req_fail(r, ST_TOOBIG, "%s", err);
	case FORM_IO:
		return req_fail(r, ST_INTERNAL, "cannot store the upload");
	default:
		return req_fail(r, ST_BADREQ, "%s", err);
	}
	for (i = 0; i < form.nfiles; i++)
		if (strcmp(form.files[i].field, "file") == 0) {
			if (sp != NULL) {
				st = req_fail(r, ST_BADREQ, "send one file "
				    "in the field 'file'");
				goto out;
			}
			file = &form.files[i];
			sp = &file->spool;
		}
	if (sp == NULL) {
		st = req_fail(r, ST_BADREQ, "no file in the field 'file'");
		goto out;
	}
	for (i = 0; i < sizeof(uploaders) / sizeof(uploaders[0]); i++)
		if (strcmp(r->registry->ecosystem, uploaders[i].ecosystem) == 0)
			break;
	if (i == sizeof(uploaders) / sizeof(uploaders[0]))
		st = req_fail(r, ST_INVALID, "uploads are not supported for "
		    "ecosystem '%s'", r->registry->ecosystem);
	else
		st = uploaders[i].upload(r, file->filename, sp, &id);
	if (st == ST_OK)
		st = send_package(r, id);
out:
	form_release(&form);
	return st;
}

enum status
h_package_get(struct req *r)
{
	return send_package(r, req_param(r, "id"));
}

/*
 * GET .../registries/{reg}/packages: newest first, ?name= filter, cursor
 * pagination ({items, links}; see page.h).
 */
enum status
h_package_list(struct req *r)
{
	const struct conf	*c = r->ctx->conf;
	struct page		 pg;
	struct pkg		*v;
	struct json_object	*items, *o;
	const char		*name = kv_get(&r->query, "name");
	const char		*extra, *first_time = NULL, *last_time = NULL;
	char			*base;
	size_t			 n, i;
	enum status		 st;

	if ((st = page_parse(r, &pg)) != ST_OK)
		return st;
	if (name && (*name == '\0' || strlen(name) > 1024 ||
	    !hjson_utf8(name, strlen(name), NULL)))
		return req_fail(r, ST_BADREQ, "invalid name filter");
	if (db_pkg_list(r->ctx->db, r->arena, r->registry->id, name, pg.time,
	    pg.id, pg.before, pg.per_page, &v, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (n) {
		first_time = v[0].created_at;
		last_time = v[n - 1].created_at;
	}
	items = json_object_new_array();
	for (i = 0; i < n; i++) {
		/*
		 * Rows come with microseconds for exact cursors; the objects
		 * show milliseconds, as a single package GET does.
		 */
		if (strlen(v[i].created_at) == 27)
			v[i].created_at = arena_strfmt(r->arena, "%.23sZ",
			    v[i].created_at);
		json_object_array_add(items, hjson_package(r, &v[i]));
	}
	base = arena_strfmt(r->arena, "%s/v2/packages/organizations/%s/"
	    "registries/%s/packages", c->api_url,
	    url_encode(r->arena, r->registry->org_slug),
	    url_encode(r->arena, r->registry->slug));
	extra = name ? arena_strfmt(r->arena, "name=%s&",
	    url_encode(r->arena, name)) : "";
	o = page_wrap(r, &pg, items, base, extra, first_time,
	    n ? v[0].id : NULL, last_time, n ? v[n - 1].id : NULL,
	    n == (size_t)pg.per_page);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

/* DELETE .../packages/{id}: the package and its files; 200, empty body. */
enum status
h_package_delete(struct req *r)
{
	enum status	 st;

	if ((st = regops_package_delete(r, req_param(r, "id"))) != ST_OK)
		return st;
	return resp_send(r, 200, "application/json", "", 0, NULL, "no-store");
}

/*
 * POST .../packages/{id}/copy?to={registry}: into another registry of the
 * same organization and ecosystem, where the caller may publish. The copy
 * shares the blobs. 404 for a destination the caller cannot see, 409 when
 * the version is there already.
 */
enum status
h_package_copy(struct req *r)
{
	struct registry	*src = r->registry, dest;
	const char	*to = kv_get(&r->query, "to");
	char		*id;
	enum status	 st;
	int		 rc;

	if (to == NULL || *to == '\0')
		return req_fail(r, ST_BADREQ, "name the destination registry "
		    "with ?to=");
	rc = db_registry_get(r->ctx->db, r->arena, src->org_slug, to, &dest);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1 || auth_access(r, &dest) < ACC_READ)
		return req_fail(r, ST_NOTFOUND, "registry '%s' not found", to);
	/* The checks of a publish, against the destination. */
	r->registry = &dest;
	st = auth_require_registry(r, ACC_WRITE, SC_READ_PACKAGES |
	    SC_WRITE_PACKAGES);
	r->registry = src;
	if (st != ST_OK)
		return st;
	if (strcmp(dest.ecosystem, src->ecosystem) != 0)
		return req_fail(r, ST_INVALID, "registry '%s' holds %s "
		    "packages, not %s", to, dest.ecosystem, src->ecosystem);
	if (strcmp(dest.id, src->id) == 0)
		return req_fail(r, ST_INVALID, "a package cannot be copied "
		    "into its own registry");
	rc = db_pkg_copy(r->ctx->db, r->arena, src->id, req_param(r, "id"),
	    dest.id, r->principal.user_id, &id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "package not found");
	if (rc == 2)
		return req_fail(r, ST_CONFLICT, "that version is already in "
		    "registry '%s'", to);
	r->registry = &dest;
	return send_package(r, id);
}
