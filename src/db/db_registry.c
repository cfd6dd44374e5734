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

static void
registry_row(struct arena *a, PGresult *res, int i, struct registry *r)
{
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
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_registry_get, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		registry_row(a, res, 0, out);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_registry_list(struct db *db, struct arena *a, const char *org_id,
    struct registry **out, size_t *n)
{
	const char	*p[1] = { org_id };
	PGresult	*res;
	int		 i, rows;

	if ((res = db_run(db, &st_registry_list, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	if (*out == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++)
		registry_row(a, res, i, &(*out)[i]);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
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
