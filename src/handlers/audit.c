/* audit.c: one audit event per change, with who, what and from where */
#include <string.h>

#include "db/db_audit.h"
#include "handlers/audit.h"
#include "util/log.h"
#include "util/banned.h"

void
audit(struct req *r, const char *org_id, const char *type,
    const char *subject_type, const char *subject_id,
    const char *subject_name, struct json_object *data)
{
	struct audit_event	 e;
	const struct principal	*p = &r->principal;

	memset(&e, 0, sizeof(e));
	e.org_id = (char *)org_id;
	e.type = (char *)type;
	e.actor_type = (char *)(p->kind == PK_API_TOKEN ||
	    p->kind == PK_SESSION ? "USER" : "SYSTEM");
	e.actor_id = (char *)p->user_id;
	e.actor_name = (char *)(p->user_email ? p->user_email : "");
	e.subject_type = (char *)subject_type;
	e.subject_id = (char *)subject_id;
	e.subject_name = (char *)subject_name;
	e.request_ip = (char *)r->remote_addr;
	e.user_agent = (char *)r->user_agent;
	e.context = (char *)(p->kind == PK_SESSION ? "WebContext" :
	    "RestApiContext");
	e.data = data ? arena_strdup(r->arena, json_object_to_json_string_ext(
	    data, JSON_C_TO_STRING_PLAIN)) : NULL;
	if (db_audit_insert(r->ctx->db, &e) == -1)
		log_warnx("cannot record audit event %s", type);
	if (data)
		json_object_put(data);
}
