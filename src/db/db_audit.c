/* db_audit.c: SQL for the audit log */
#include <stdio.h>
#include <string.h>

#include "db/db_audit.h"
#include "util/banned.h"

/* Microseconds, so that cursors order exactly as the index does. */
#define ISOUS(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
#define EV_COLS "id, org_id, type, " ISOUS("occurred_at") ", actor_type, " \
	"actor_id, actor_name, subject_type, subject_id, subject_name, " \
	"request_ip, user_agent, data::text, context"

static struct db_stmt st_audit_insert = { "audit_insert",
	"INSERT INTO audit_events (org_id, type, actor_type, actor_id, "
	"actor_name, subject_type, subject_id, subject_name, request_ip, "
	"user_agent, data, context) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	"$9, $10, $11::jsonb, $12)", 12, 0 };
/* $3: type or NULL; $4/$5: cursor or NULL; $6 limit. */
static struct db_stmt st_audit_after = { "audit_after",
	"SELECT " EV_COLS " FROM audit_events WHERE org_id = $1 "
	"AND ($2::text IS NULL OR type = $2) AND ($3::timestamptz IS NULL OR "
	"(occurred_at, id) < ($3::timestamptz, $4::uuid)) "
	"ORDER BY occurred_at DESC, id DESC LIMIT $5", 5, 0 };
static struct db_stmt st_audit_before = { "audit_before",
	"SELECT * FROM (SELECT " EV_COLS ", occurred_at AS o FROM audit_events "
	"WHERE org_id = $1 AND ($2::text IS NULL OR type = $2) "
	"AND (occurred_at, id) > ($3::timestamptz, $4::uuid) "
	"ORDER BY occurred_at, id LIMIT $5) x ORDER BY o DESC, id DESC", 5, 0 };
static struct db_stmt st_audit_get = { "audit_get",
	"SELECT " EV_COLS " FROM audit_events WHERE org_id = $1 AND id = $2",
	2, 0 };

int
db_audit_insert(struct db *db, const struct audit_event *e)
{
	const char	*p[12] = { e->org_id, e->type, e->actor_type,
	    e->actor_id, e->actor_name ? e->actor_name : "", e->subject_type,
	    e->subject_id, e->subject_name ? e->subject_name : "",
	    e->request_ip ? e->request_ip : "",
	    e->user_agent ? e->user_agent : "", e->data ? e->data : "{}",
	    e->context ? e->context : "" };
	PGresult	*res;

	if ((res = db_run(db, &st_audit_insert, p, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

static void
ev_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct audit_event	*e = out;

	e->id = db_str(a, res, i, 0);
	e->org_id = db_str(a, res, i, 1);
	e->type = db_str(a, res, i, 2);
	e->occurred_at = db_str(a, res, i, 3);
	e->actor_type = db_str(a, res, i, 4);
	e->actor_id = db_str(a, res, i, 5);
	e->actor_name = db_str(a, res, i, 6);
	e->subject_type = db_str(a, res, i, 7);
	e->subject_id = db_str(a, res, i, 8);
	e->subject_name = db_str(a, res, i, 9);
	e->request_ip = db_str(a, res, i, 10);
	e->user_agent = db_str(a, res, i, 11);
	e->data = db_str(a, res, i, 12);
	e->context = db_str(a, res, i, 13);
}

int
db_audit_list(struct db *db, struct arena *a, const char *org_id,
    const char *type, const char *cur_time, const char *cur_id, int before,
    int limit, struct audit_event **out, size_t *n)
{
	char		 lim[16];
	const char	*p[5] = { org_id, type, cur_time, cur_id, lim };

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_list(db, a, before && cur_time ? &st_audit_before :
	    &st_audit_after, p, sizeof(**out), ev_row, (void **)out, n);
}

int
db_audit_get(struct db *db, struct arena *a, const char *org_id,
    const char *id, struct audit_event *out)
{
	const char	*p[2] = { org_id, id };

	return db_one(db, a, &st_audit_get, p, ev_row, out);
}
