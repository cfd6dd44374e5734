/* h_audit.c: GET /api/v2/organizations/{org}/audit_events[/{id}] */
#include <ctype.h>
#include <string.h>

#include "db/db_audit.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/page.h"
#include "http/query.h"
#include "http/resp.h"
#include "util/banned.h"

#define TYPE_MAX	64

static struct json_object *
ref(const char *type, const char *id, const char *name)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "uuid", hjson_str(id));
	json_object_object_add(o, "name", json_object_new_string(name));
	return o;
}

static struct json_object *
json_event(struct req *r, const struct audit_event *e)
{
	struct json_object	*o = json_object_new_object(), *ctx, *data;

	json_object_object_add(o, "uuid", json_object_new_string(e->id));
	json_object_object_add(o, "graphql_id", json_object_new_string(
	    hjson_graphql_id(r, "AuditEvent", e->id)));
	json_object_object_add(o, "type", json_object_new_string(e->type));
	json_object_object_add(o, "occurred_at",
	    json_object_new_string(e->occurred_at));
	json_object_object_add(o, "actor", ref(e->actor_type, e->actor_id,
	    e->actor_name));
	json_object_object_add(o, "subject", ref(e->subject_type,
	    e->subject_id, e->subject_name));
	ctx = json_object_new_object();
	/* Events from before the column, and depotctl's, say REST. */
	json_object_object_add(ctx, "type", json_object_new_string(
	    e->context && *e->context ? e->context : "RestApiContext"));
	json_object_object_add(ctx, "request_ip",
	    json_object_new_string(e->request_ip));
	json_object_object_add(ctx, "request_user_agent",
	    json_object_new_string(e->user_agent));
	json_object_object_add(o, "context", ctx);
	data = json_tokener_parse(e->data);
	json_object_object_add(o, "data", data ? data :
	    json_object_new_object());
	json_object_object_add(o, "url", json_object_new_string(arena_strfmt(
	    r->arena, "%s/v2/organizations/%s/audit_events/%s",
	    r->ctx->conf->api_url, url_encode(r->arena, r->org->slug),
	    e->id)));
	return o;
}

/* Newest first; ?type=REGISTRY_CREATED filters; cursor pagination. */
enum status
h_audit_list(struct req *r)
{
	struct page		 pg;
	struct audit_event	*ev;
	struct json_object	*items, *o;
	const char		*type = kv_get(&r->query, "type");
	const char		*extra;
	char			*base;
	size_t			 n, i;
	enum status		 st;

	if ((st = page_parse(r, &pg)) != ST_OK)
		return st;
	if (type) {
		for (i = 0; type[i]; i++)
			if (!isupper((unsigned char)type[i]) && type[i] != '_')
				break;
		if (type[i] || i == 0 || i > TYPE_MAX)
			return req_fail(r, ST_BADREQ, "invalid type filter");
	}
	if (db_audit_list(r->ctx->db, r->arena, r->org->id, type, pg.time,
	    pg.id, pg.before, pg.per_page, &ev, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, json_event(r, &ev[i]));
	base = arena_strfmt(r->arena, "%s/v2/organizations/%s/audit_events",
	    r->ctx->conf->api_url, url_encode(r->arena, r->org->slug));
	extra = type ? arena_strfmt(r->arena, "type=%s&", type) : "";
	o = page_wrap(r, &pg, items, base, extra,
	    n ? ev[0].occurred_at : NULL, n ? ev[0].id : NULL,
	    n ? ev[n - 1].occurred_at : NULL, n ? ev[n - 1].id : NULL,
	    n == (size_t)pg.per_page);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_audit_get(struct req *r)
{
	struct audit_event	 e;
	struct json_object	*o;
	enum status		 st;
	int			 rc;

	rc = db_audit_get(r->ctx->db, r->arena, r->org->id, req_param(r, "id"),
	    &e);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "audit event not found");
	o = json_event(r, &e);
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}
