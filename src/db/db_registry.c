/* db_registry.c: SQL for registries */
#include <string.h>

#include "db/db_registry.h"
#include "util/banned.h"

#define REG_COLS "r.id, r.org_id, o.slug, r.name, r.slug, r.ecosystem, " \
	"r.description, r.emoji, r.color, r.oidc_policy, r.public, " \
	"to_char(r.created_at AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), " \
	"to_char(r.updated_at AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

static struct db_stmt st_registry_get = { "registry_get",
	"SELECT " REG_COLS " FROM registries r "
	"JOIN organizations o ON o.id = r.org_id "
	"WHERE o.slug = $1 AND r.slug = $2", 2, 0 };
static struct db_stmt st_registry_list = { "registry_list",
	"SELECT " REG_COLS " FROM registries r "
	"JOIN organizations o ON o.id = r.org_id "
	"WHERE r.org_id = $1 ORDER BY r.name, r.id", 1, 0 };
static struct db_stmt st_registry_create = { "registry_create",
	"WITH r AS (INSERT INTO registries (org_id, name, slug, ecosystem, "
	"description, emoji, color, oidc_policy) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *) "
	"SELECT " REG_COLS " FROM r JOIN organizations o ON o.id = r.org_id",
	8, 0 };

static struct db_stmt st_registry_update = { "registry_update",
	"WITH r AS (UPDATE registries SET name = $2, slug = $3, "
	"description = $4, emoji = $5, color = $6, oidc_policy = $7, "
	"updated_at = now() WHERE id = $1 RETURNING *), "
	"n AS (SELECT pg_notify('depot_meta', '')) "
	"SELECT " REG_COLS " FROM r JOIN organizations o ON o.id = r.org_id, n",
	7, 0 };
static struct db_stmt st_registry_public = { "registry_public",
	"WITH r AS (UPDATE registries SET public = $2, updated_at = now() "
	"WHERE id = $1 RETURNING id) "
	"SELECT pg_notify('depot_meta', '') FROM r", 2, 0 };
static struct db_stmt st_registry_delete = { "registry_delete",
	"WITH f AS (SELECT DISTINCT pf.sha256 FROM package_files pf "
	"JOIN packages p ON p.id = pf.package_id WHERE p.registry_id = $1), "
	"d AS (DELETE FROM registries WHERE id = $1 RETURNING id), "
	"n AS (SELECT pg_notify('depot_meta', '') FROM d) "
	/*
	 * n is joined where it always yields a row: a CTE is only run as far
	 * as its rows are read, so beside an empty f (a registry without
	 * files) the NOTIFY would never be sent and workers would keep
	 * serving the deleted registry from their caches.
	 */
	"SELECT f.sha256 FROM f, d UNION ALL SELECT NULL FROM d, n", 1, 0 };

static void
registry_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct registry	*r = out;

	r->id = db_str(a, res, i, 0);
	r->org_id = db_str(a, res, i, 1);
	r->org_slug = db_str(a, res, i, 2);
	r->name = db_str(a, res, i, 3);
	r->slug = db_str(a, res, i, 4);
	r->ecosystem = db_str(a, res, i, 5);
	r->description = db_str(a, res, i, 6);
	r->emoji = db_str(a, res, i, 7);
	r->color = db_str(a, res, i, 8);
	r->oidc_policy = db_str(a, res, i, 9);
	r->public = db_bool(res, i, 10);
	r->created_at = db_str(a, res, i, 11);
	r->updated_at = db_str(a, res, i, 12);
}

int
db_registry_get(struct db *db, struct arena *a, const char *org_slug,
    const char *slug, struct registry *out)
{
	const char	*p[2] = { org_slug, slug };

	return db_one(db, a, &st_registry_get, p, registry_row, out);
}

int
db_registry_list(struct db *db, struct arena *a, const char *org_id,
    struct registry **out, size_t *n)
{
	const char	*p[1] = { org_id };

	return db_list(db, a, &st_registry_list, p, sizeof(**out),
	    registry_row, (void **)out, n);
}

int
db_registry_create(struct db *db, struct arena *a, const struct registry *in,
    struct registry *out)
{
	const char	*p[8] = { in->org_id, in->name, in->slug, in->ecosystem,
	    in->description ? in->description : "", in->emoji, in->color,
	    in->oidc_policy };
	char		 state[6];
	PGresult	*res;

	if ((res = db_run(db, &st_registry_create, p, state)) == NULL)
		return strcmp(state, "23505") == 0 ? 1 : -1;
	registry_row(a, res, 0, out);
	PQclear(res);
	return 0;
}

int
db_registry_update(struct db *db, struct arena *a, const struct registry *in,
    struct registry *out)
{
	const char	*p[7] = { in->id, in->name, in->slug,
	    in->description ? in->description : "", in->emoji, in->color,
	    in->oidc_policy };
	char		 state[6];
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_registry_update, p, state)) == NULL)
		return strcmp(state, "23505") == 0 ? 1 : -1;
	if (PQntuples(res) == 1) {
		registry_row(a, res, 0, out);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_registry_set_public(struct db *db, const char *id, int public)
{
	const char	*p[2] = { id, public ? "true" : "false" };

	return db_touch(db, &st_registry_public, p);
}

int
db_registry_delete(struct db *db, struct arena *a, const char *id,
    char ***blobs, size_t *nblobs)
{
	const char	*p[1] = { id };
	PGresult	*res;
	int		 i, rows;
	size_t		 n = 0;

	*blobs = NULL;
	*nblobs = 0;
	if ((res = db_run(db, &st_registry_delete, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if (rows == 0) {
		PQclear(res);
		return 1;
	}
	if ((*blobs = arena_calloc(a, (size_t)rows, sizeof(char *))) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++)
		if (!PQgetisnull(res, i, 0))
			(*blobs)[n++] = db_str(a, res, i, 0);
	*nblobs = n;
	PQclear(res);
	return 0;
}
