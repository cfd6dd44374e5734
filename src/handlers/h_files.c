/* h_files.c: plain files under /{org}/{reg}/files/{filename} */
#include <string.h>

#include <json-c/json.h>

#include "db/db_pkg.h"
#include "downloads.h"
#include "eco/files.h"
#include "handlers/handlers.h"
#include "handlers/publish.h"
#include "http/resp.h"
#include "storage/storage.h"
#include "util/log.h"
#include "util/spool.h"
#include "util/banned.h"

/*
 * Files registries take REST uploads only (h_package.c calls files_upload)
 * and serve each file at /{org}/{reg}/files/{filename}, sent by nginx
 * (X-Accel-Redirect), so HEAD and Range requests work. The package is the
 * file name's BASENAME, the version its SEMVER; files of one version with
 * different extensions join it, and a file name is never uploaded twice.
 */

#define FILES_ECOSYSTEM	"files"

static char *
metadata_json(struct arena *a, const char *filename,
    const struct files_name *fn)
{
	struct json_object	*o;
	char			*out;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "filename",
	    json_object_new_string(filename));
	json_object_object_add(o, "extension",
	    json_object_new_string(fn->ext));
	out = arena_strdup(a, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}

/*
 * REST upload: the multipart file name must follow the rule, else 422 with
 * the documented message. 409 when that file name exists.
 */
enum status
files_upload(struct req *r, const char *filename, struct spool *sp,
    char **id)
{
	struct files_name	 fn;
	struct publish		 p;

	if (filename == NULL || files_name_parse(r->arena, filename,
	    strlen(filename), &fn) == -1)
		return req_fail(r, ST_INVALID, "%s", FILES_NAME_ERROR);
	memset(&p, 0, sizeof(p));
	p.name = fn.basename;
	p.version = fn.version;
	p.filename = filename;
	p.content_type = files_content_type(fn.ext);
	p.metadata = metadata_json(r->arena, filename, &fn);
	p.add_file = 1;
	if (p.metadata == NULL)
		return ST_INTERNAL;
	return publish_spool(r, sp, &p, id);
}

/* GET/HEAD /{org}/{reg}/files/{filename}: 404 for any other name. */
enum status
h_files_get(struct req *r)
{
	struct files_name	 fn;
	struct pkg_file		 f;
	const char		*file = req_param(r, "file");
	char			*pkg_id, *uri, *etag;
	enum blob_send		 how;
	int			 rc;

	if (strcmp(r->registry->ecosystem, FILES_ECOSYSTEM) != 0)
		return req_fail(r, ST_NOTFOUND, "registry '%s' is not a files "
		    "registry", r->registry->slug);
	if (files_name_parse(r->arena, file, strlen(file), &fn) == -1)
		return req_fail(r, ST_NOTFOUND, "file not found: %s",
		    FILES_NAME_ERROR);
	rc = db_pkg_file_find(r->ctx->db, r->arena, r->registry->id,
	    fn.basename, file, &f, &pkg_id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "file '%s' not found", file);
	if (publish_locate(r, &f, &how, &uri) == -1)
		return req_fail(r, ST_UNAVAIL, "storage unavailable");
	if (r->method == M_GET)
		downloads_note(pkg_id);
	if (how == BS_REDIRECT)
		return resp_redirect(r, 302, uri);
	etag = arena_strfmt(r->arena, "\"%s\"", f.sha256);
	return resp_accel(r, uri, f.content_type, f.filename, etag);
}
