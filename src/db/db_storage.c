/* db_storage.c: SQL for storage links, registry storage, blob inventory */
#include <stdio.h>
#include <string.h>

#include "db/db_storage.h"
#include "util/banned.h"

#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define LINK_COLS "l.id, l.org_id, l.name, l.kind, l.endpoint, l.region, " \
	"l.bucket, l.prefix, l.path_style, l.access_key_id, l.secret_sealed, " \
	"l.status, l.diagnostic::text, " ISO("l.checked_at") ", " \
	ISO("l.created_at")

static struct db_stmt st_new_id = { "storage_new_id",
	"SELECT gen_random_uuid()", 0, 0 };
static struct db_stmt st_create = { "storage_create",
	"INSERT INTO storage_links (id, org_id, name, kind, endpoint, region, "
	"bucket, prefix, path_style, access_key_id, secret_sealed, status, "
	"diagnostic) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
	"$12, $13::jsonb) ON CONFLICT (org_id, name) DO NOTHING "
	"RETURNING pg_notify('depot_meta', 'storage')", 13, 0 };
static struct db_stmt st_list = { "storage_list",
	"SELECT " LINK_COLS ", (SELECT count(*) FROM registries r "
	"WHERE r.storage_id = l.id), o.default_storage_id IS NOT DISTINCT "
	"FROM l.id FROM storage_links l JOIN organizations o "
	"ON o.id = l.org_id WHERE $1::uuid IS NULL OR l.org_id = $1 "
	"ORDER BY l.org_id, l.name", 1, 0 };
static struct db_stmt st_get = { "storage_get",
	"SELECT " LINK_COLS " FROM storage_links l WHERE l.id = $1", 1, 0 };
static struct db_stmt st_in_use = { "storage_in_use",
	"SELECT " LINK_COLS " FROM storage_links l WHERE EXISTS "
	"(SELECT 1 FROM registries r WHERE r.storage_id = l.id) OR EXISTS "
	"(SELECT 1 FROM organizations o WHERE o.default_storage_id = l.id) "
	"ORDER BY l.id LIMIT $1", 1, 0 };
static struct db_stmt st_set_status = { "storage_set_status",
	"UPDATE storage_links SET status = $2, diagnostic = $3::jsonb, "
	"checked_at = now() WHERE id = $1 "
	"RETURNING pg_notify('depot_meta', 'storage')", 3, 0 };
static struct db_stmt st_of_registry = { "storage_of_registry",
	"SELECT storage_id FROM registries WHERE id = $1", 1, 0 };
/* $3 NULL = hosted; else an active link of the org, or no row changes. */
static struct db_stmt st_use_registry = { "storage_use_registry",
	"UPDATE registries SET storage_id = $3, updated_at = now() "
	"WHERE org_id = $1 AND slug = $2 AND ($3::uuid IS NULL OR EXISTS "
	"(SELECT 1 FROM storage_links WHERE id = $3 AND org_id = $1 "
	"AND status = 'active')) RETURNING pg_notify('depot_meta', id::text)",
	3, 0 };
static struct db_stmt st_registry_exists = { "storage_registry_exists",
	"SELECT 1 FROM registries WHERE org_id = $1 AND slug = $2", 2, 0 };
static struct db_stmt st_use_default = { "storage_use_default",
	"UPDATE organizations SET default_storage_id = $2 WHERE id = $1 "
	"AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM storage_links "
	"WHERE id = $2 AND org_id = $1 AND status = 'active')) "
	"RETURNING pg_notify('depot_meta', id::text)", 2, 0 };
static struct db_stmt st_blob_intent = { "blob_intent",
	"INSERT INTO blobs (storage, sha256) VALUES ($1, $2) "
	"ON CONFLICT (storage, sha256) DO UPDATE SET created_at = now()",
	2, 0 };
static struct db_stmt st_blob_orphans = { "blob_orphans",
	"SELECT b.storage, b.sha256 FROM blobs b "
	"WHERE b.created_at < now() - make_interval(secs => $1::double "
	"precision) AND NOT EXISTS (SELECT 1 FROM package_files f "
	"WHERE f.sha256 = b.sha256 AND f.storage = b.storage) "
	"ORDER BY b.storage, b.sha256", 1, 0 };
static struct db_stmt st_blob_wanted = { "blob_wanted",
	"SELECT EXISTS (SELECT 1 FROM package_files WHERE sha256 = $2 "
	"AND storage = $1) OR EXISTS (SELECT 1 FROM blobs WHERE storage = $1 "
	"AND sha256 = $2 AND created_at >= now() - make_interval(secs => "
	"$3::double precision))", 3, 0 };

static void
link_row(struct arena *a, PGresult *res, int i, struct storage_link *l)
{
	memset(l, 0, sizeof(*l));
	l->id = db_str(a, res, i, 0);
	l->org_id = db_str(a, res, i, 1);
	l->name = db_str(a, res, i, 2);
	l->kind = db_str(a, res, i, 3);
	l->endpoint = db_str(a, res, i, 4);
	l->region = db_str(a, res, i, 5);
	l->bucket = db_str(a, res, i, 6);
	l->prefix = db_str(a, res, i, 7);
	l->path_style = db_bool(res, i, 8);
	l->access_key_id = db_str(a, res, i, 9);
	l->secret_sealed = db_str(a, res, i, 10);
	l->status = db_str(a, res, i, 11);
	l->diagnostic = db_str(a, res, i, 12);
	l->checked_at = db_str(a, res, i, 13);
	l->created_at = db_str(a, res, i, 14);
}

/* Rows of a link query into an arena array. */
static int
link_rows(struct arena *a, PGresult *res, int extra,
    struct storage_link **out, size_t *n)
{
	int	 i, rows = PQntuples(res);

	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < rows; i++) {
		link_row(a, res, i, &(*out)[i]);
		if (extra) {
			(*out)[i].registries = db_int(res, i, 15);
			(*out)[i].is_default = db_bool(res, i, 16);
		}
	}
	*n = (size_t)rows;
	return 0;
}

int
db_storage_new_id(struct db *db, struct arena *a, char **id)
{
	PGresult	*res;

	if ((res = db_run(db, &st_new_id, NULL, NULL)) == NULL)
		return -1;
	*id = db_str(a, res, 0, 0);
	PQclear(res);
	return *id ? 0 : -1;
}

int
db_storage_create(struct db *db, const struct storage_link *in)
{
	const char	*p[13] = { in->id, in->org_id, in->name, in->kind,
	    in->endpoint, in->region, in->bucket, in->prefix,
	    in->path_style ? "true" : "false", in->access_key_id,
	    in->secret_sealed, in->status, in->diagnostic };
	PGresult	*res;
	int		 rc;

	if ((res = db_run(db, &st_create, p, NULL)) == NULL)
		return -1;
	rc = PQntuples(res) == 1 ? 0 : 1;
	PQclear(res);
	return rc;
}

int
db_storage_list(struct db *db, struct arena *a, const char *org_id,
    struct storage_link **out, size_t *n)
{
	const char	*p[1] = { org_id };
	PGresult	*res;
	int		 rc;

	if ((res = db_run(db, &st_list, p, NULL)) == NULL)
		return -1;
	rc = link_rows(a, res, 1, out, n);
	PQclear(res);
	return rc;
}

int
db_storage_get(struct db *db, struct arena *a, const char *id,
    struct storage_link *out)
{
	const char	*p[1] = { id };
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_get, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		link_row(a, res, 0, out);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_storage_in_use(struct db *db, struct arena *a, size_t max,
    struct storage_link **out, size_t *n)
{
	char		 lim[32];
	const char	*p[1] = { lim };
	PGresult	*res;
	int		 rc;

	snprintf(lim, sizeof(lim), "%zu", max);
	if ((res = db_run(db, &st_in_use, p, NULL)) == NULL)
		return -1;
	rc = link_rows(a, res, 0, out, n);
	PQclear(res);
	return rc;
}

int
db_storage_set_status(struct db *db, const char *id, const char *status,
    const char *diagnostic)
{
	const char	*p[3] = { id, status, diagnostic };
	PGresult	*res;

	if ((res = db_run(db, &st_set_status, p, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_storage_of_registry(struct db *db, struct arena *a,
    const char *registry_id, char **link_id)
{
	const char	*p[1] = { registry_id };
	PGresult	*res;
	int		 rc = 1;

	*link_id = NULL;
	if ((res = db_run(db, &st_of_registry, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*link_id = db_str(a, res, 0, 0);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_storage_use(struct db *db, const char *org_id, const char *reg_slug,
    const char *link_id)
{
	const char	*rp[3] = { org_id, reg_slug, link_id };
	const char	*dp[2] = { org_id, link_id };
	PGresult	*res;
	int		 rc;

	if (reg_slug == NULL) {
		if ((res = db_run(db, &st_use_default, dp, NULL)) == NULL)
			return -1;
		rc = PQntuples(res) == 1 ? 0 : 2;
		PQclear(res);
		return rc;
	}
	if ((res = db_run(db, &st_use_registry, rp, NULL)) == NULL)
		return -1;
	rc = PQntuples(res) == 1 ? 0 : 2;
	PQclear(res);
	if (rc == 0)
		return 0;
	if ((res = db_run(db, &st_registry_exists, rp, NULL)) == NULL)
		return -1;
	rc = PQntuples(res) == 1 ? 2 : 1;
	PQclear(res);
	return rc;
}

int
db_blob_intent(struct db *db, const char *storage, const char *sha256)
{
	const char	*p[2] = { storage, sha256 };
	PGresult	*res;

	if ((res = db_run(db, &st_blob_intent, p, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_blob_orphans(struct db *db, struct arena *a, long min_age,
    struct blob_ref **out, size_t *n)
{
	char		 age[32];
	const char	*p[1] = { age };
	PGresult	*res;
	int		 i, rows;

	snprintf(age, sizeof(age), "%ld", min_age);
	if ((res = db_run(db, &st_blob_orphans, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++) {
		(*out)[i].storage = db_str(a, res, i, 0);
		(*out)[i].sha256 = db_str(a, res, i, 1);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
db_blob_wanted(struct db *db, const char *storage, const char *sha256,
    long min_age)
{
	char		 age[32];
	const char	*p[3] = { storage, sha256, age };
	PGresult	*res;
	int		 rc;

	snprintf(age, sizeof(age), "%ld", min_age);
	if ((res = db_run(db, &st_blob_wanted, p, NULL)) == NULL)
		return -1;
	rc = db_bool(res, 0, 0);
	PQclear(res);
	return rc;
}
