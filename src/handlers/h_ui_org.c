/* h_ui_org.c: organization pages: storage and the audit log */
#include <ctype.h>
#include <string.h>

#include "db/db_storage.h"
#include "db/db_ui.h"
#include "handlers/handlers.h"
#include "handlers/ui.h"
#include "http/query.h"
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
