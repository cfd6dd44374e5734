/* db_team.c: SQL for teams, team members and team registry access */
#include <stdio.h>
#include <string.h>

#include "db/db_team.h"
#include "util/banned.h"

static const char *const level_names[] = {
	"NONE", "READ_ONLY", "READ_AND_WRITE", "READ_WRITE_AND_ADMIN"
};

static struct db_stmt st_org_teams = { "org_teams",
	"WITH u AS (UPDATE organizations SET teams_enabled = $2 WHERE id = $1 "
	"RETURNING id) SELECT pg_notify('depot_meta', '') FROM u", 2, 0 };
static struct db_stmt st_team_create = { "team_create",
	"INSERT INTO teams (org_id, slug, name, members_can_create_registries, "
	"members_can_delete_registries, members_can_delete_packages) "
	"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", 6, 0 };
static struct db_stmt st_team_find = { "team_find",
	"SELECT id FROM teams WHERE org_id = $1 AND slug = $2", 2, 0 };
static struct db_stmt st_team_member = { "team_member",
	"WITH m AS (INSERT INTO team_members (team_id, user_id, role) "
	"VALUES ($1, $2, $3) ON CONFLICT (team_id, user_id) "
	"DO UPDATE SET role = EXCLUDED.role RETURNING team_id) "
	"SELECT pg_notify('depot_meta', '') FROM m", 3, 0 };
static struct db_stmt st_team_grant = { "team_grant",
	"WITH g AS (INSERT INTO team_registries (team_id, registry_id, "
	"access_level) VALUES ($1, $2, $3) ON CONFLICT (team_id, registry_id) "
	"DO UPDATE SET access_level = EXCLUDED.access_level RETURNING team_id) "
	"SELECT pg_notify('depot_meta', '') FROM g", 3, 0 };
static struct db_stmt st_team_grant_org = { "team_grant_org",
	"WITH g AS (INSERT INTO team_registries (team_id, registry_id, "
	"access_level) SELECT id, $3, $4 FROM teams WHERE org_id = $1 "
	"AND id::text = $2 ON CONFLICT (team_id, registry_id) "
	"DO UPDATE SET access_level = EXCLUDED.access_level RETURNING team_id) "
	"SELECT pg_notify('depot_meta', '') FROM g", 4, 0 };
static struct db_stmt st_team_revoke = { "team_revoke",
	"WITH g AS (DELETE FROM team_registries WHERE team_id = $1 "
	"AND registry_id = $2 RETURNING team_id) "
	"SELECT pg_notify('depot_meta', '') FROM g", 2, 0 };
static struct db_stmt st_team_access = { "team_access",
	"SELECT coalesce(max(CASE tr.access_level WHEN 'READ_ONLY' THEN 1 "
	"WHEN 'READ_AND_WRITE' THEN 2 WHEN 'READ_WRITE_AND_ADMIN' THEN 3 END), 0) "
	"FROM team_registries tr JOIN team_members tm ON tm.team_id = tr.team_id "
	"WHERE tm.user_id = $1 AND tr.registry_id = $2", 2, 0 };
static struct db_stmt st_team_perms = { "team_perms",
	"SELECT coalesce(bool_or(t.members_can_create_registries OR "
	"tm.role = 'maintainer'), false), "
	"coalesce(bool_or(t.members_can_delete_registries OR "
	"tm.role = 'maintainer'), false), "
	"coalesce(bool_or(t.members_can_delete_packages OR "
	"tm.role = 'maintainer'), false) "
	"FROM teams t JOIN team_members tm ON tm.team_id = t.id "
	"WHERE tm.user_id = $1 AND t.org_id = $2", 2, 0 };
static struct db_stmt st_team_ids = { "team_ids",
	"SELECT team_id FROM team_registries WHERE registry_id = $1 "
	"ORDER BY team_id", 1, 0 };

const char *
team_level_name(enum team_level l)
{
	return l <= TL_READ_WRITE_AND_ADMIN ? level_names[l] : "NONE";
}

enum team_level
team_level_parse(const char *s)
{
	int	 i;

	for (i = TL_READ_ONLY; i <= TL_READ_WRITE_AND_ADMIN; i++)
		if (strcmp(s, level_names[i]) == 0)
			return (enum team_level)i;
	return TL_NONE;
}

/* Statements whose effect is all that matters: 0 or -1. */
static int
run_any(struct db *db, struct db_stmt *s, const char *const *p)
{
	return db_touch(db, s, p) == -1 ? -1 : 0;
}

static void
id_row(struct arena *a, const PGresult *res, int i, void *out)
{
	*(char **)out = db_str(a, res, i, 0);
}

int
db_org_set_teams(struct db *db, const char *org_id, int enabled)
{
	const char	*p[2] = { org_id, enabled ? "true" : "false" };

	return run_any(db, &st_org_teams, p);
}

int
db_team_create(struct db *db, struct arena *a, const char *org_id,
    const char *slug, const char *name, unsigned perms, char **id)
{
	const char	*p[6] = { org_id, slug, name,
	    perms & TP_CREATE_REGISTRIES ? "true" : "false",
	    perms & TP_DELETE_REGISTRIES ? "true" : "false",
	    perms & TP_DELETE_PACKAGES ? "true" : "false" };
	char		 state[6];
	PGresult	*res;

	if ((res = db_run(db, &st_team_create, p, state)) == NULL)
		return strcmp(state, "23505") == 0 ? 1 : -1;
	*id = db_str(a, res, 0, 0);
	PQclear(res);
	return 0;
}

int
db_team_find(struct db *db, struct arena *a, const char *org_id,
    const char *slug, char **id)
{
	const char	*p[2] = { org_id, slug };

	return db_one(db, a, &st_team_find, p, id_row, id);
}

int
db_team_member_set(struct db *db, const char *team_id, const char *user_id,
    int maintainer)
{
	const char	*p[3] = { team_id, user_id,
	    maintainer ? "maintainer" : "member" };

	return run_any(db, &st_team_member, p);
}

int
db_team_grant(struct db *db, const char *team_id, const char *registry_id,
    enum team_level level)
{
	const char	*p[3] = { team_id, registry_id, team_level_name(level) };

	if (level == TL_NONE)
		return run_any(db, &st_team_revoke, p);
	return run_any(db, &st_team_grant, p);
}

int
db_team_grant_in_org(struct db *db, const char *org_id, const char *team_id,
    const char *registry_id, enum team_level level)
{
	const char	*p[4] = { org_id, team_id, registry_id,
	    team_level_name(level) };
	return db_touch(db, &st_team_grant_org, p);
}

int
db_team_access(struct db *db, const char *user_id, const char *registry_id,
    enum team_level *level)
{
	const char	*p[2] = { user_id, registry_id };
	PGresult	*res;

	if ((res = db_run(db, &st_team_access, p, NULL)) == NULL)
		return -1;
	*level = (enum team_level)db_int(res, 0, 0);
	PQclear(res);
	return 0;
}

int
db_team_perms(struct db *db, const char *user_id, const char *org_id,
    unsigned *perms)
{
	const char	*p[2] = { user_id, org_id };
	PGresult	*res;

	if ((res = db_run(db, &st_team_perms, p, NULL)) == NULL)
		return -1;
	*perms = (db_bool(res, 0, 0) ? TP_CREATE_REGISTRIES : 0) |
	    (db_bool(res, 0, 1) ? TP_DELETE_REGISTRIES : 0) |
	    (db_bool(res, 0, 2) ? TP_DELETE_PACKAGES : 0);
	PQclear(res);
	return 0;
}

int
db_team_ids(struct db *db, struct arena *a, const char *registry_id,
    char ***ids, size_t *n)
{
	const char	*p[1] = { registry_id };

	return db_list(db, a, &st_team_ids, p, sizeof(char *), id_row,
	    (void **)ids, n);
}
