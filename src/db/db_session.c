/* db_session.c: SQL for web sessions and failed-login counters */
#include <stdio.h>
#include <string.h>

#include "db/db_session.h"
#include "util/banned.h"

static struct db_stmt st_session_lookup = { "session_lookup",
	"SELECT s.user_id, u.email, u.name, s.csrf, so.slug, o.id, o.slug, "
	"coalesce(m.role, ''), coalesce(o.teams_enabled, false) "
	"FROM sessions s JOIN users u ON u.id = s.user_id "
	"JOIN organizations so ON so.id = s.org_id "
	"LEFT JOIN organizations o ON o.slug = coalesce($2, so.slug) "
	"LEFT JOIN memberships m ON m.org_id = o.id AND m.user_id = s.user_id "
	"WHERE s.id_hash = decode($1, 'hex') AND s.expires_at > now()",
	2, 0 };
static struct db_stmt st_session_create = { "session_create",
	"INSERT INTO sessions (id_hash, user_id, org_id, csrf, expires_at, "
	"request_ip, user_agent) VALUES (decode($1, 'hex'), $2, $3, $4, "
	"now() + $5::bigint * interval '1 second', $6, left($7, 512))",
	7, 0 };
static struct db_stmt st_session_delete = { "session_delete",
	"DELETE FROM sessions WHERE id_hash = decode($1, 'hex')", 1, 0 };
static struct db_stmt st_session_purge = { "session_purge",
	"WITH s AS (DELETE FROM sessions WHERE expires_at <= now()) "
	"DELETE FROM login_failures "
	"WHERE window_start <= now() - $1::bigint * interval '1 second'",
	1, 0 };
static struct db_stmt st_session_home = { "session_home_org",
	"SELECT org_id FROM memberships WHERE user_id = $1 "
	"ORDER BY created_at, org_id LIMIT 1", 1, 0 };
static struct db_stmt st_session_orgs = { "session_orgs",
	"SELECT o.id, o.slug, o.name FROM memberships m "
	"JOIN organizations o ON o.id = m.org_id WHERE m.user_id = $1 "
	"ORDER BY o.slug", 1, 0 };
static struct db_stmt st_login_failures = { "login_failures",
	"SELECT failures, ceil(extract(epoch FROM window_start + "
	"$2::bigint * interval '1 second' - now()))::bigint "
	"FROM login_failures WHERE key = $1 "
	"AND window_start > now() - $2::bigint * interval '1 second'", 2, 0 };
static struct db_stmt st_login_fail = { "login_fail",
	"INSERT INTO login_failures AS f (key, failures) VALUES ($1, 1) "
	"ON CONFLICT (key) DO UPDATE SET "
	"failures = CASE WHEN f.window_start <= now() - $2::bigint * "
	"interval '1 second' THEN 1 ELSE f.failures + 1 END, "
	"window_start = CASE WHEN f.window_start <= now() - $2::bigint * "
	"interval '1 second' THEN now() ELSE f.window_start END", 2, 0 };
static struct db_stmt st_login_reset = { "login_reset",
	"DELETE FROM login_failures WHERE key = $1", 1, 0 };

static void
session_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct session_row	*s = out;
	const char		*role = PQgetvalue(res, i, 7);

	s->user_id = db_str(a, res, i, 0);
	s->user_email = db_str(a, res, i, 1);
	s->user_name = db_str(a, res, i, 2);
	s->csrf = db_str(a, res, i, 3);
	s->home_slug = db_str(a, res, i, 4);
	s->org_id = db_str(a, res, i, 5);
	s->org_slug = db_str(a, res, i, 6);
	s->role = strcmp(role, "admin") == 0 ? ROLE_ADMIN :
	    strcmp(role, "member") == 0 ? ROLE_MEMBER : ROLE_NONE;
	s->teams = db_bool(res, i, 8);
}

int
db_session_lookup(struct db *db, struct arena *a, const char *hash_hex,
    const char *org_slug, struct session_row *out)
{
	const char	*p[2] = { hash_hex, org_slug };

	memset(out, 0, sizeof(*out));
	return db_one(db, a, &st_session_lookup, p, session_row, out);
}

int
db_session_create(struct db *db, const char *hash_hex, const char *user_id,
    const char *org_id, const char *csrf, long ttl, const char *ip,
    const char *user_agent)
{
	char		 t[32];
	const char	*p[7] = { hash_hex, user_id, org_id, csrf, t, ip,
	    user_agent };

	snprintf(t, sizeof(t), "%ld", ttl);
	return db_touch(db, &st_session_create, p) == -1 ? -1 : 0;
}

int
db_session_delete(struct db *db, const char *hash_hex)
{
	const char	*p[1] = { hash_hex };

	return db_touch(db, &st_session_delete, p);
}

int
db_session_purge(struct db *db, long period)
{
	char		 t[32];
	const char	*p[1] = { t };

	snprintf(t, sizeof(t), "%ld", period);
	return db_touch(db, &st_session_purge, p) == -1 ? -1 : 0;
}

int
db_session_home_org(struct db *db, struct arena *a, const char *user_id,
    char **org_id)
{
	const char	*p[1] = { user_id };
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_session_home, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*org_id = db_str(a, res, 0, 0);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

static void
org_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct org	*o = out;

	o->id = db_str(a, res, i, 0);
	o->slug = db_str(a, res, i, 1);
	o->name = db_str(a, res, i, 2);
}

int
db_session_orgs(struct db *db, struct arena *a, const char *user_id,
    struct org **out, size_t *n)
{
	const char	*p[1] = { user_id };

	return db_list(db, a, &st_session_orgs, p, sizeof(struct org),
	    org_row, (void **)out, n);
}

int
db_login_failures(struct db *db, const char *key, long period,
    int *failures, long *retry_after)
{
	char		 t[32];
	const char	*p[2] = { key, t };
	PGresult	*res;

	snprintf(t, sizeof(t), "%ld", period);
	*failures = 0;
	*retry_after = 0;
	if ((res = db_run(db, &st_login_failures, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*failures = (int)db_int(res, 0, 0);
		*retry_after = (long)db_int(res, 0, 1);
	}
	PQclear(res);
	return 0;
}

int
db_login_fail(struct db *db, const char *key, long period)
{
	char		 t[32];
	const char	*p[2] = { key, t };

	snprintf(t, sizeof(t), "%ld", period);
	return db_touch(db, &st_login_fail, p) == -1 ? -1 : 0;
}

int
db_login_reset(struct db *db, const char *key)
{
	const char	*p[1] = { key };

	return db_touch(db, &st_login_reset, p) == -1 ? -1 : 0;
}
