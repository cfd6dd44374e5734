/* h_ui_org.c: organization pages: storage and the audit log */
#include <ctype.h>
#include <string.h>

#include <json-c/json.h>

#include "blobstore.h"
#include "db/db_storage.h"
#include "db/db_ui.h"
#include "handlers/audit.h"
#include "handlers/handlers.h"
#include "handlers/ui.h"
#include "http/query.h"
#include "util/secret.h"
#include "util/banned.h"

#define TYPE_MAX	64

/* GET /organizations/{org}/storage (administrators) */
enum status
h_ui_storage(struct req *r)
{
	struct storage_link	*l;
	struct view		 v;
	size_t			 n;

	if (db_storage_list(r->ctx->db, r->arena, r->org->id, &l, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	ui_view(r, &v);
	v_begin(&v, "Storage", NAV_STORAGE);
	v_storage(&v, r->org, l, n);
	return ui_send(r, &v, 200);
}

static enum status
storage_form(struct req *r, int code, const struct v_link_form *f)
{
	struct view	 v;

	ui_view(r, &v);
	v_begin(&v, "Link a bucket", NAV_STORAGE);
	v_storage_new(&v, r->org, f);
	return ui_send(r, &v, code);
}

/* GET /organizations/{org}/storage/new (administrators) */
enum status
h_ui_storage_new(struct req *r)
{
	struct v_link_form	 f;

	memset(&f, 0, sizeof(f));
	f.region.value = "us-east-1";
	return storage_form(r, 200, &f);
}

static const char *
field_or_empty(struct req *r, const char *name)
{
	const char	*s = ui_field(r, name, 0);

	return s ? s : "";
}

/*
 * POST /organizations/{org}/storage/new: check the fields, run the
 * diagnostic against the bucket (blobstore_link_add, as depotctl storage
 * add does), record STORAGE_CREATED. The form again (422) with what was
 * wrong or the diagnostic's steps; the secret is never sent back.
 */
enum status
h_ui_storage_create(struct req *r)
{
	struct v_link_form	 f;
	struct link_input	 in;
	struct json_object	*d;
	struct s3_diag		 diag;
	const char		*mode;
	char			 err[512], *id;

	memset(&f, 0, sizeof(f));
	memset(&in, 0, sizeof(in));
	in.org_id = r->org->id;
	f.name.value = in.name = field_or_empty(r, "name");
	f.endpoint.value = in.endpoint = field_or_empty(r, "endpoint");
	f.region.value = in.region = field_or_empty(r, "region");
	f.bucket.value = in.bucket = field_or_empty(r, "bucket");
	f.prefix.value = in.prefix = field_or_empty(r, "prefix");
	f.access_key_id.value = in.access_key_id = field_or_empty(r,
	    "access_key_id");
	in.secret = field_or_empty(r, "secret");
	f.addressing = mode = field_or_empty(r, "addressing");
	in.path_style = strcmp(mode, "path") == 0 ? 1 :
	    strcmp(mode, "virtual") == 0 ? 0 : -1;
	if (!secret_loaded())
		return req_fail(r, ST_UNAVAIL, "storage links need the "
		    "server's secret_key_file");
	if (*in.secret == '\0') {
		f.secret.error = "Enter the secret access key.";
		return storage_form(r, 422, &f);
	}
	if (blobstore_link_check(r->arena, &in, err, sizeof(err)) == -1) {
		f.error = arena_strdup(r->arena, err);
		return storage_form(r, 422, &f);
	}
	memset(&diag, 0, sizeof(diag));
	switch (blobstore_link_add(r->ctx->db, r->arena, &in, &diag, &id, err,
	    sizeof(err))) {
	case BL_OK:
		break;
	case BL_DIAG_FAILED:
		f.error = "The bucket did not pass the diagnostic, so it was "
		    "not linked. The failing step says why.";
		f.diag = &diag;
		return storage_form(r, 422, &f);
	case BL_NAME_TAKEN:
		f.name.error = "This organization has a storage link of that "
		    "name already.";
		return storage_form(r, 422, &f);
	case BL_INVALID:
		f.error = arena_strdup(r->arena, err);
		return storage_form(r, 422, &f);
	default:
		return req_fail(r, ST_UNAVAIL, "%s", err);
	}
	d = json_object_new_object();
	json_object_object_add(d, "name", json_object_new_string(in.name));
	json_object_object_add(d, "endpoint",
	    json_object_new_string(in.endpoint));
	json_object_object_add(d, "region", json_object_new_string(in.region));
	json_object_object_add(d, "bucket", json_object_new_string(in.bucket));
	json_object_object_add(d, "prefix", json_object_new_string(in.prefix));
	json_object_object_add(d, "path_style",
	    json_object_new_boolean(in.path_style));
	audit(r, r->org->id, "STORAGE_CREATED", "STORAGE_LINK", id, in.name,
	    d);
	return ui_redirect(r, ui_url(r, "organizations", r->org->slug,
	    "storage", NULL), "storage-created");
}

/*
 * POST /organizations/{org}/storage/default: storage=hosted or an active
 * link's id becomes the storage of new registries (ORGANIZATION_UPDATED,
 * as depotctl storage use records it).
 */
enum status
h_ui_storage_default(struct req *r)
{
	struct storage_link	 l;
	struct json_object	*d;
	const char		*s = ui_field(r, "storage", 0);
	const char		*id = NULL;
	size_t			 i;
	int			 rc;

	if (s == NULL)
		return req_fail(r, ST_BADREQ, "choose a storage");
	if (strcmp(s, "hosted") != 0) {
		for (i = 0; i < 37; i++)
			if (i == 36 ? s[i] != '\0' : (i == 8 || i == 13 ||
			    i == 18 || i == 23) ? s[i] != '-' :
			    !isxdigit((unsigned char)s[i]))
				return req_fail(r, ST_BADREQ,
				    "no such storage link");
		rc = db_storage_get(r->ctx->db, r->arena, s, &l);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if (rc == 1 || strcmp(l.org_id, r->org->id) != 0)
			return req_fail(r, ST_BADREQ, "no such storage link");
		id = l.id;
	}
	rc = db_storage_use(r->ctx->db, r->org->id, NULL, id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc != 0)
		return req_fail(r, ST_CONFLICT, "that storage link is not "
		    "active");
	d = json_object_new_object();
	json_object_object_add(d, "storage", json_object_new_string(id ? id :
	    STORAGE_HOSTED));
	json_object_object_add(d, "storage_name", json_object_new_string(id ?
	    l.name : STORAGE_HOSTED));
	audit(r, r->org->id, "ORGANIZATION_UPDATED", "ORGANIZATION",
	    r->org->id, r->org->slug, d);
	return ui_redirect(r, ui_url(r, "organizations", r->org->slug,
	    "storage", NULL), "storage-default");
}

/*
 * GET /organizations/{org}/audit-log[?type=T&page=N] (administrators):
 * newest first. A type that is not an event type's shape lists nothing.
 */
enum status
h_ui_audit(struct req *r)
{
	struct audit_event	*e;
	struct view		 v;
	const char		*type = kv_get(&r->query, "type");
	long			 page = ui_page(r);
	size_t			 n, i;
	int			 more;

	if (type && *type == '\0')
		type = NULL;
	if (type) {
		for (i = 0; type[i]; i++)
			if (!isupper((unsigned char)type[i]) && type[i] != '_')
				break;
		if (type[i] || i > TYPE_MAX)
			return req_fail(r, ST_BADREQ, "invalid event type");
	}
	if (db_ui_audit(r->ctx->db, r->arena, r->org->id, type,
	    (page - 1) * UI_PER_PAGE, UI_PER_PAGE + 1, &e, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	more = n > UI_PER_PAGE;
	if (more)
		n = UI_PER_PAGE;
	ui_view(r, &v);
	v_begin(&v, "Audit Log", NAV_AUDIT);
	v_audit(&v, r->org, e, n, type, page, more);
	return ui_send(r, &v, 200);
}
