/* h_ops.c: operations endpoints: health and the API root */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "blobstore.h"
#include "db/db.h"
#include "handlers/handlers.h"
#include "http/resp.h"
#include "storage/storage.h"
#include "util/log.h"
#include "util/banned.h"

/*
 * GET /-/health: 200 when the database answers and storage is writable,
 * 503 otherwise, with what failed. Storage links in use are checked too
 * (HEAD of each bucket, cached a few seconds): failing ones are listed by
 * id and make the status "degraded", still 200. No credentials; reveals no
 * data (details go to the log).
 */
enum status
h_health(struct req *r)
{
	struct json_object	*o;
	char			 err[512];
	struct json_object	*links;
	int			 db_ok, st_ok, links_ok = 1;
	enum status		 rc;

	db_ok = db_exec(r->ctx->db, "SELECT 1") == 0;
	st_ok = storage_check(r->ctx->storage, err, sizeof(err)) == 0;
	if (!st_ok)
		log_warnx("health: storage: %s", err);
	links = db_ok ? blobstore_health(r->ctx->db, &links_ok) :
	    json_object_new_array();
	o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string(
	    !(db_ok && st_ok) ? "unavailable" : links_ok ? "ok" : "degraded"));
	json_object_object_add(o, "database",
	    json_object_new_string(db_ok ? "ok" : "unreachable"));
	json_object_object_add(o, "storage",
	    json_object_new_string(st_ok ? "ok" : "unavailable"));
	json_object_object_add(o, "storage_links_failing", links);
	/*
	 * A failing storage link (one organization's bucket) degrades but
	 * does not fail the host: a load balancer must not drop every host
	 * for it.
	 */
	rc = resp_json(r, db_ok && st_ok ? 200 : 503, o);
	json_object_put(o);
	return rc;
}

/*
 * GET / and /api: what Buildkite's API root answers. A browser asking for
 * / (Accept: text/html) is sent to the web interface's login page instead,
 * which goes on to the registries when it has a session.
 */
enum status
h_root(struct req *r)
{
	struct json_object	*o;
	enum status		 rc;

	if (strcmp(r->path, "/") == 0 && strstr(r->accept, "text/html"))
		return resp_redirect(r, 303, "/login");
	o = json_object_new_object();
	json_object_object_add(o, "message", json_object_new_string("depot"));
	json_object_object_add(o, "timestamp",
	    json_object_new_int64((int64_t)time(NULL)));
	rc = resp_json(r, 200, o);
	json_object_put(o);
	return rc;
}
