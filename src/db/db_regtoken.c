/* db_regtoken.c: SQL for registry tokens */
#include <string.h>

#include "db/db_regtoken.h"
#include "util/banned.h"

#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define RT_COLS "t.id, t.registry_id, t.description, t.sealed, " \
	ISO("t.created_at") ", " ISO("t.updated_at") ", u.id, u.email, " \
	"u.name, " ISO("u.created_at")

static struct db_stmt st_rt_create = { "regtoken_create",
	"WITH t AS (INSERT INTO registry_tokens (id, registry_id, description, "
	"sealed, lookup, created_by) VALUES ($1, $2, $3, $4, $5, $6) "
	"RETURNING *) SELECT " RT_COLS " FROM t "
	"LEFT JOIN users u ON u.id = t.created_by", 6, 0 };
static struct db_stmt st_rt_list = { "regtoken_list",
	"SELECT " RT_COLS " FROM registry_tokens t "
	"LEFT JOIN users u ON u.id = t.created_by "
	"WHERE t.registry_id = $1 ORDER BY t.created_at, t.id", 1, 0 };
static struct db_stmt st_rt_get = { "regtoken_get",
	"SELECT " RT_COLS " FROM registry_tokens t "
	"LEFT JOIN users u ON u.id = t.created_by "
	"WHERE t.registry_id = $1 AND t.id = $2", 2, 0 };
static struct db_stmt st_rt_update = { "regtoken_update",
	"WITH t AS (UPDATE registry_tokens SET description = $3, "
	"updated_at = now() WHERE registry_id = $1 AND id = $2 RETURNING *) "
	"SELECT " RT_COLS " FROM t LEFT JOIN users u ON u.id = t.created_by",
	3, 0 };
static struct db_stmt st_rt_delete = { "regtoken_delete",
	"WITH d AS (DELETE FROM registry_tokens WHERE registry_id = $1 "
	"AND id = $2 RETURNING id) SELECT pg_notify('depot_meta', '') FROM d",
	2, 0 };
static struct db_stmt st_rt_lookup = { "regtoken_lookup",
	"SELECT id, registry_id FROM registry_tokens WHERE lookup = $1", 1, 0 };

static void
rt_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct regtoken	*t = out;

	t->id = db_str(a, res, i, 0);
	t->registry_id = db_str(a, res, i, 1);
	t->description = db_str(a, res, i, 2);
	t->sealed = db_str(a, res, i, 3);
	t->created_at = db_str(a, res, i, 4);
	t->updated_at = db_str(a, res, i, 5);
	t->creator_id = db_str(a, res, i, 6);
	t->creator_email = db_str(a, res, i, 7);
	t->creator_name = db_str(a, res, i, 8);
	t->creator_created_at = db_str(a, res, i, 9);
}

int
db_regtoken_create(struct db *db, struct arena *a, const char *id,
    const char *registry_id, const char *description, const char *sealed,
    const char *lookup, const char *created_by, struct regtoken *out)
{
	const char	*p[6] = { id, registry_id, description, sealed, lookup,
	    created_by };

	return db_one(db, a, &st_rt_create, p, rt_row, out) == 0 ? 0 : -1;
}

int
db_regtoken_list(struct db *db, struct arena *a, const char *registry_id,
    struct regtoken **out, size_t *n)
{
	const char	*p[1] = { registry_id };

	return db_list(db, a, &st_rt_list, p, sizeof(**out), rt_row,
	    (void **)out, n);
}

int
db_regtoken_get(struct db *db, struct arena *a, const char *registry_id,
    const char *id, struct regtoken *out)
{
	const char	*p[2] = { registry_id, id };

	return db_one(db, a, &st_rt_get, p, rt_row, out);
}

int
db_regtoken_update(struct db *db, struct arena *a, const char *registry_id,
    const char *id, const char *description, struct regtoken *out)
{
	const char	*p[3] = { registry_id, id, description };

	return db_one(db, a, &st_rt_update, p, rt_row, out);
}

int
db_regtoken_delete(struct db *db, const char *registry_id, const char *id)
{
	const char	*p[2] = { registry_id, id };

	return db_touch(db, &st_rt_delete, p);
}

int
db_regtoken_lookup(struct db *db, struct arena *a, const char *lookup,
    char **id, char **registry_id)
{
	const char	*p[1] = { lookup };
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_rt_lookup, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*id = db_str(a, res, 0, 0);
		*registry_id = db_str(a, res, 0, 1);
		rc = 0;
	}
	PQclear(res);
	return rc;
}
