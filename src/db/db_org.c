/* db_org.c: SQL for organizations, users and memberships */
#include <string.h>

#include "db/db_org.h"
#include "util/banned.h"

static struct db_stmt st_org_get = { "org_get",
	"SELECT id, slug, name FROM organizations WHERE slug = $1", 1, 0 };
static struct db_stmt st_org_create = { "org_create",
	"INSERT INTO organizations (slug, name) VALUES ($1, $2) "
	"RETURNING id, slug, name", 2, 0 };
static struct db_stmt st_user_get = { "user_get",
	"SELECT id, email, name, password_hash FROM users "
	"WHERE lower(email) = lower($1)", 1, 0 };
static struct db_stmt st_user_create = { "user_create",
	"INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) "
	"RETURNING id, email, name, password_hash", 3, 0 };
static struct db_stmt st_member_set = { "member_set",
	"INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3) "
	"ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role",
	3, 0 };
static struct db_stmt st_member_role = { "member_role",
	"SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2",
	2, 0 };

static void
org_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct org	*o = out;

	(void)i;
	o->id = db_str(a, res, 0, 0);
	o->slug = db_str(a, res, 0, 1);
	o->name = db_str(a, res, 0, 2);
}

static void
user_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct user	*u = out;

	(void)i;
	u->id = db_str(a, res, 0, 0);
	u->email = db_str(a, res, 0, 1);
	u->name = db_str(a, res, 0, 2);
	u->password_hash = db_str(a, res, 0, 3);
}

int
db_org_get(struct db *db, struct arena *a, const char *slug, struct org *out)
{
	const char	*p[1] = { slug };

	return db_one(db, a, &st_org_get, p, org_row, out);
}

int
db_org_create(struct db *db, struct arena *a, const char *slug,
    const char *name, struct org *out)
{
	const char	*p[2] = { slug, name };
	char		 state[6];
	PGresult	*res;

	if ((res = db_run(db, &st_org_create, p, state)) == NULL)
		return strcmp(state, "23505") == 0 ? 1 : -1;
	org_row(a, res, 0, out);
	PQclear(res);
	return 0;
}

int
db_user_get(struct db *db, struct arena *a, const char *email,
    struct user *out)
{
	const char	*p[1] = { email };

	return db_one(db, a, &st_user_get, p, user_row, out);
}

int
db_user_create(struct db *db, struct arena *a, const char *email,
    const char *name, const char *password_hash, struct user *out)
{
	const char	*p[3] = { email, name, password_hash };
	char		 state[6];
	PGresult	*res;

	if ((res = db_run(db, &st_user_create, p, state)) == NULL)
		return strcmp(state, "23505") == 0 ? 1 : -1;
	user_row(a, res, 0, out);
	PQclear(res);
	return 0;
}

int
db_member_set(struct db *db, const char *org_id, const char *user_id,
    enum role role)
{
	const char	*p[3] = { org_id, user_id,
	    role == ROLE_ADMIN ? "admin" : "member" };
	PGresult	*res;

	if ((res = db_run(db, &st_member_set, p, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_member_role(struct db *db, const char *org_id, const char *user_id,
    enum role *out)
{
	const char	*p[2] = { org_id, user_id };
	PGresult	*res;

	if ((res = db_run(db, &st_member_role, p, NULL)) == NULL)
		return -1;
	*out = ROLE_NONE;
	if (PQntuples(res) == 1)
		*out = strcmp(PQgetvalue(res, 0, 0), "admin") == 0 ?
		    ROLE_ADMIN : ROLE_MEMBER;
	PQclear(res);
	return 0;
}
