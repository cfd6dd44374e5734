/* h_package.c: REST packages: upload (multipart field "file") and get */
#include <string.h>

#include "db/db_pkg.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
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
