/* db_pkg.c: SQL for packages, files, dist-tags and downloads */
#include <stdio.h>
#include <string.h>

#include "db/db_pkg.h"
#include "util/log.h"
#include "util/banned.h"

#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

static struct db_stmt st_blob_lock = { "blob_lock",
	"SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", 1, 0 };
static struct db_stmt st_pkg_insert = { "pkg_insert",
	"INSERT INTO packages (registry_id, name, version, metadata, readme, "
	"uploader_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6) "
	"ON CONFLICT (registry_id, name, version) DO NOTHING RETURNING id",
	6, 0 };
static struct db_stmt st_pkg_find = { "pkg_find",
	"SELECT id FROM packages WHERE registry_id = $1 AND name = $2 "
	"AND version = $3", 3, 0 };
static struct db_stmt st_file_insert = { "file_insert",
	"INSERT INTO package_files (package_id, filename, size, md5, sha1, "
	"sha256, sha512, content_type, storage) VALUES ($1, $2, $3, $4, $5, "
	"$6, $7, $8, COALESCE($9, 'hosted')) "
	"ON CONFLICT (package_id, filename) DO NOTHING RETURNING id", 9, 0 };
static struct db_stmt st_tag_upsert = { "tag_upsert",
	"INSERT INTO dist_tags (registry_id, name, tag, version) "
	"VALUES ($1, $2, $3, $4) ON CONFLICT (registry_id, name, tag) "
	"DO UPDATE SET version = EXCLUDED.version", 4, 0 };
static struct db_stmt st_notify = { "notify",
	"SELECT pg_notify('" DB_INDEX_CHANNEL "', $1)", 1, 0 };
static struct db_stmt st_pkg_versions = { "pkg_versions",
	"SELECT p.id, p.name, p.version, p.metadata::text, "
	"CASE WHEN t.version IS NOT NULL THEN p.readme END, p.deprecated, "
	ISO("p.created_at") ", p.downloads, f.filename, f.size, f.sha1, "
	"f.sha256, f.sha512 FROM packages p "
	"LEFT JOIN dist_tags t ON t.registry_id = p.registry_id "
	"AND t.name = p.name AND t.tag = 'latest' AND t.version = p.version "
	"LEFT JOIN LATERAL (SELECT filename, size, sha1, sha256, sha512 "
	"FROM package_files WHERE package_id = p.id "
	"ORDER BY created_at, filename LIMIT 1) f ON true "
	"WHERE p.registry_id = $1 AND p.name = $2 "
	"ORDER BY p.created_at, p.id", 2, 0 };
static struct db_stmt st_pkg_get = { "pkg_get",
	"SELECT p.id, p.name, p.version, p.metadata::text, NULL, "
	"p.deprecated, " ISO("p.created_at") ", p.downloads, f.filename, "
	"f.size, f.sha1, f.sha256, f.sha512 FROM packages p "
	"LEFT JOIN LATERAL (SELECT filename, size, sha1, sha256, sha512 "
	"FROM package_files WHERE package_id = p.id "
	"ORDER BY created_at, filename LIMIT 1) f ON true "
	"WHERE p.registry_id = $1 AND p.id = $2", 2, 0 };
#define ISOUS(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
#define LIST_COLS "p.id, p.name, p.version, p.metadata::text, NULL, " \
	"p.deprecated, " ISOUS("p.created_at") ", p.downloads, f.filename, " \
	"f.size, f.sha1, f.sha256, f.sha512"
#define LIST_FILE "LEFT JOIN LATERAL (SELECT filename, size, sha1, sha256, " \
	"sha512 FROM package_files WHERE package_id = p.id " \
	"ORDER BY created_at, filename LIMIT 1) f ON true "
static struct db_stmt st_pkg_after = { "pkg_after",
	"SELECT " LIST_COLS " FROM packages p " LIST_FILE
	"WHERE p.registry_id = $1 AND ($2::text IS NULL OR p.name = $2) "
	"AND ($3::timestamptz IS NULL OR (p.created_at, p.id) < "
	"($3::timestamptz, $4::uuid)) "
	"ORDER BY p.created_at DESC, p.id DESC LIMIT $5", 5, 0 };
static struct db_stmt st_pkg_before = { "pkg_before",
	"SELECT * FROM (SELECT " LIST_COLS ", p.created_at AS o FROM packages p "
	LIST_FILE "WHERE p.registry_id = $1 AND ($2::text IS NULL OR "
	"p.name = $2) AND (p.created_at, p.id) > ($3::timestamptz, $4::uuid) "
	"ORDER BY p.created_at, p.id LIMIT $5) x ORDER BY o DESC, id DESC",
	5, 0 };
static struct db_stmt st_pkg_delete_id = { "pkg_delete_id",
	"WITH d AS (DELETE FROM packages WHERE registry_id = $1 AND id = $2 "
	"RETURNING id, registry_id, name, version), "
	"t AS (DELETE FROM dist_tags dt USING d WHERE dt.registry_id = "
	"d.registry_id AND dt.name = d.name AND dt.version = d.version) "
	"SELECT f.sha256 FROM package_files f JOIN d ON d.id = f.package_id "
	"UNION ALL SELECT NULL FROM d", 2, 0 };
static struct db_stmt st_pkg_copy = { "pkg_copy",
	"WITH s AS (SELECT * FROM packages WHERE registry_id = $1 AND id = $2), "
	"n AS (INSERT INTO packages (registry_id, name, version, metadata, "
	"readme, uploader_id) SELECT $3, name, version, metadata, readme, $4 "
	"FROM s ON CONFLICT (registry_id, name, version) DO NOTHING "
	"RETURNING id), "
	"f AS (INSERT INTO package_files (package_id, filename, size, md5, "
	"sha1, sha256, sha512, content_type, storage) SELECT n.id, pf.filename, "
	"pf.size, pf.md5, pf.sha1, pf.sha256, pf.sha512, pf.content_type, "
	"pf.storage FROM n, s JOIN package_files pf ON pf.package_id = s.id), "
	"x AS (SELECT pg_notify('" DB_INDEX_CHANNEL "', $3::text) FROM n) "
	"SELECT (SELECT count(*) FROM s), (SELECT id FROM n), "
	"(SELECT count(*) FROM x)", 4, 0 };
static struct db_stmt st_pkg_tags = { "pkg_tags",
	"SELECT tag, version FROM dist_tags WHERE registry_id = $1 "
	"AND name = $2 ORDER BY tag", 2, 0 };
static struct db_stmt st_file_find = { "file_find",
	"SELECT f.filename, f.size, f.md5, f.sha1, f.sha256, f.sha512, "
	"f.content_type, f.storage, p.id FROM packages p "
	"JOIN package_files f ON f.package_id = p.id "
	"WHERE p.registry_id = $1 AND p.name = $2 AND f.filename = $3", 3, 0 };
static struct db_stmt st_pkg_delete = { "pkg_delete",
	"WITH d AS (DELETE FROM packages WHERE registry_id = $1 AND name = $2 "
	"AND version = $3 RETURNING id) "
	"SELECT f.sha256 FROM package_files f JOIN d ON d.id = f.package_id "
	"UNION ALL SELECT NULL FROM d", 3, 0 };
static struct db_stmt st_tags_drop = { "tags_drop",
	"DELETE FROM dist_tags WHERE registry_id = $1 AND name = $2 "
	"AND version = $3", 3, 0 };
static struct db_stmt st_pkg_deprecate = { "pkg_deprecate",
	"UPDATE packages SET deprecated = $4 WHERE registry_id = $1 "
	"AND name = $2 AND version = $3 RETURNING pg_notify('"
	DB_INDEX_CHANNEL "', registry_id::text)", 4, 0 };
static struct db_stmt st_tag_set = { "tag_set",
	"INSERT INTO dist_tags (registry_id, name, tag, version) "
	"SELECT registry_id, name, $3, version FROM packages "
	"WHERE registry_id = $1 AND name = $2 AND version = $4 "
	"ON CONFLICT (registry_id, name, tag) "
	"DO UPDATE SET version = EXCLUDED.version "
	"RETURNING pg_notify('" DB_INDEX_CHANNEL "', registry_id::text)",
	4, 0 };
static struct db_stmt st_tag_delete = { "tag_delete",
	"DELETE FROM dist_tags WHERE registry_id = $1 AND name = $2 "
	"AND tag = $3 RETURNING pg_notify('" DB_INDEX_CHANNEL
	"', registry_id::text)", 3, 0 };
static struct db_stmt st_downloads = { "downloads",
	"UPDATE packages SET downloads = downloads + $2 WHERE id = $1", 2, 0 };
/* Where the blob was written (blobs) and no package file refers to it. */
static struct db_stmt st_blob_unused = { "blob_unused",
	"SELECT b.storage FROM blobs b WHERE b.sha256 = $1 AND NOT EXISTS "
	"(SELECT 1 FROM package_files f WHERE f.sha256 = b.sha256 "
	"AND f.storage = b.storage) ORDER BY b.storage", 1, 0 };
static struct db_stmt st_blob_forget = { "blob_forget",
	"DELETE FROM blobs WHERE storage = $1 AND sha256 = $2", 2, 0 };
static struct db_stmt st_file_find_ver = { "file_find_ver",
	"SELECT f.filename, f.size, f.md5, f.sha1, f.sha256, f.sha512, "
	"f.content_type, f.storage, p.id, "
	"extract(epoch FROM now() - f.created_at)::bigint FROM packages p "
	"JOIN package_files f ON f.package_id = p.id "
	"WHERE p.registry_id = $1 AND p.name = $2 AND p.version = $3 "
	"AND f.filename = $4", 4, 0 };
static struct db_stmt st_file_rows = { "file_rows",
	"SELECT p.version, f.filename, to_char(f.created_at AT TIME ZONE "
	"'UTC', 'YYYYMMDDHH24MISS') FROM packages p "
	"JOIN package_files f ON f.package_id = p.id "
	"WHERE p.registry_id = $1 AND p.name = $2 "
	"ORDER BY f.created_at, f.filename LIMIT 100000", 2, 0 };
static struct db_stmt st_file_remove = { "file_remove",
	"DELETE FROM package_files WHERE filename = $4 AND package_id = "
	"(SELECT id FROM packages WHERE registry_id = $1 AND name = $2 "
	"AND version = $3) RETURNING package_id, sha256", 4, 0 };
static struct db_stmt st_pkg_drop_empty = { "pkg_drop_empty",
	"DELETE FROM packages p WHERE p.id = $1 AND NOT EXISTS "
	"(SELECT 1 FROM package_files f WHERE f.package_id = p.id)", 1, 0 };
static struct db_stmt st_pkg_set_meta = { "pkg_set_meta",
	"UPDATE packages SET metadata = $4::jsonb WHERE registry_id = $1 "
	"AND name = $2 AND version = $3 RETURNING pg_notify('"
	DB_INDEX_CHANNEL "', registry_id::text)", 4, 0 };

/* Run a statement whose result is not needed: 0 or -1. */
static int
run(struct db *db, struct db_stmt *s, const char *const *p)
{
	PGresult	*res;

	if ((res = db_run(db, s, p, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* Run a statement that must touch a row: 0, 1 when none, -1. */
static int
run_rows(struct db *db, struct db_stmt *s, const char *const *p)
{
	PGresult	*res;
	int		 rc;

	if ((res = db_run(db, s, p, NULL)) == NULL)
		return -1;
	rc = PQntuples(res) > 0 ? 0 : 1;
	PQclear(res);
	return rc;
}

int
db_pkg_publish(struct db *db, struct arena *a, const struct pkg_new *in,
    int (*blob_check)(void *, const char *), void *arg, char **id)
{
	char		 size[32];
	const char	*lock[1] = { in->digests->sha256 };
	const char	*pp[6] = { in->registry_id, in->name, in->version,
	    in->metadata, in->readme, in->uploader_id };
	const char	*fp[9];
	const char	*tp[4];
	const char	*np[1] = { in->registry_id };
	PGresult	*res = NULL;
	size_t		 i;
	int		 rc = -1;

	if (db_tx_begin(db) == -1)
		return -1;
	if (run(db, &st_blob_lock, lock) == -1)
		goto out;
	if (blob_check && blob_check(arg, in->digests->sha256) == -1)
		goto out;
	if ((res = db_run(db, &st_pkg_insert, pp, NULL)) == NULL)
		goto out;
	if (PQntuples(res) == 0 && in->add_file) {
		PQclear(res);
		if ((res = db_run(db, &st_pkg_find, pp, NULL)) == NULL)
			goto out;
	}
	if (PQntuples(res) == 0) {
		rc = 1;
		goto out;
	}
	*id = db_str(a, res, 0, 0);
	PQclear(res);
	res = NULL;
	snprintf(size, sizeof(size), "%lld", in->size);
	fp[0] = *id;
	fp[1] = in->filename;
	fp[2] = size;
	fp[3] = in->digests->md5;
	fp[4] = in->digests->sha1;
	fp[5] = in->digests->sha256;
	fp[6] = in->digests->sha512;
	fp[7] = in->content_type;
	fp[8] = in->storage;
	if ((rc = run_rows(db, &st_file_insert, fp)) != 0) {
		rc = rc == 1 ? 2 : -1;
		goto out;
	}
	rc = -1;
	for (i = 0; i < in->ntags; i++) {
		tp[0] = in->registry_id;
		tp[1] = in->name;
		tp[2] = in->tags[i];
		tp[3] = in->version;
		if (run(db, &st_tag_upsert, tp) == -1)
			goto out;
	}
	if (run(db, &st_notify, np) == -1)
		goto out;
	if (db_tx_commit(db) == -1)
		goto out;
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		db_tx_rollback(db);
	return rc;
}

static void
pkg_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct pkg	*v = out;

	v->id = db_str(a, res, i, 0);

	v->name = db_str(a, res, i, 1);
	v->version = db_str(a, res, i, 2);
	v->metadata = db_str(a, res, i, 3);
	v->readme = db_str(a, res, i, 4);
	v->deprecated = db_str(a, res, i, 5);
	v->created_at = db_str(a, res, i, 6);
	v->downloads = db_int(res, i, 7);
	v->filename = db_str(a, res, i, 8);
	v->size = PQgetisnull(res, i, 9) ? 0 : db_int(res, i, 9);
	v->sha1 = db_str(a, res, i, 10);
	v->sha256 = db_str(a, res, i, 11);
	v->sha512 = db_str(a, res, i, 12);
}

int
db_pkg_get(struct db *db, struct arena *a, const char *registry_id,
    const char *id, struct pkg *out)
{
	const char	*p[2] = { registry_id, id };

	return db_one(db, a, &st_pkg_get, p, pkg_row, out);
}

int
db_pkg_versions(struct db *db, struct arena *a, const char *registry_id,
    const char *name, struct pkg **out, size_t *n)
{
	const char	*p[2] = { registry_id, name };

	return db_list(db, a, &st_pkg_versions, p, sizeof(**out), pkg_row,
	    (void **)out, n);
}

static void
tag_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct tag	*t = out;

	t->tag = db_str(a, res, i, 0);
	t->version = db_str(a, res, i, 1);
}

int
db_pkg_tags(struct db *db, struct arena *a, const char *registry_id,
    const char *name, struct tag **out, size_t *n)
{
	const char	*p[2] = { registry_id, name };

	return db_list(db, a, &st_pkg_tags, p, sizeof(**out), tag_row,
	    (void **)out, n);
}

/* Columns 0-7 of a file lookup: name, size, digests, type, storage. */
static void
file_row(struct arena *a, const PGresult *res, int i, struct pkg_file *f)
{
	f->filename = db_str(a, res, i, 0);
	f->size = db_int(res, i, 1);
	f->md5 = db_str(a, res, i, 2);
	f->sha1 = db_str(a, res, i, 3);
	f->sha256 = db_str(a, res, i, 4);
	f->sha512 = db_str(a, res, i, 5);
	f->content_type = db_str(a, res, i, 6);
	f->storage = db_str(a, res, i, 7);
}

int
db_pkg_file_find(struct db *db, struct arena *a, const char *registry_id,
    const char *name, const char *filename, struct pkg_file *out,
    char **pkg_id)
{
	const char	*p[3] = { registry_id, name, filename };
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_file_find, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		file_row(a, res, 0, out);
		*pkg_id = db_str(a, res, 0, 8);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_pkg_delete(struct db *db, struct arena *a, const char *registry_id,
    const char *name, const char *version, const char *latest,
    char ***blobs, size_t *nblobs)
{
	const char	*p[3] = { registry_id, name, version };
	const char	*tp[4] = { registry_id, name, "latest", latest };
	const char	*np[1] = { registry_id };
	PGresult	*res = NULL;
	int		 i, rows, rc = -1;
	size_t		 n = 0;

	*blobs = NULL;
	*nblobs = 0;
	if (db_tx_begin(db) == -1)
		return -1;
	if (run(db, &st_tags_drop, p) == -1)
		goto out;
	if ((res = db_run(db, &st_pkg_delete, p, NULL)) == NULL)
		goto out;
	rows = PQntuples(res);
	if (rows == 0) {
		rc = 1;
		goto out;
	}
	if ((*blobs = arena_calloc(a, (size_t)rows, sizeof(char *))) == NULL)
		goto out;
	for (i = 0; i < rows; i++)
		if (!PQgetisnull(res, i, 0))
			(*blobs)[n++] = db_str(a, res, i, 0);
	if (latest && run(db, &st_tag_upsert, tp) == -1)
		goto out;
	if (run(db, &st_notify, np) == -1)
		goto out;
	if (db_tx_commit(db) == -1)
		goto out;
	*nblobs = n;
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		db_tx_rollback(db);
	return rc;
}

int
db_pkg_deprecate(struct db *db, const char *registry_id, const char *name,
    const char *version, const char *msg)
{
	const char	*p[4] = { registry_id, name, version, msg };

	return run_rows(db, &st_pkg_deprecate, p);
}

int
db_tag_set(struct db *db, const char *registry_id, const char *name,
    const char *tag, const char *version)
{
	const char	*p[4] = { registry_id, name, tag, version };

	return run_rows(db, &st_tag_set, p);
}

int
db_tag_delete(struct db *db, const char *registry_id, const char *name,
    const char *tag)
{
	const char	*p[3] = { registry_id, name, tag };

	return run_rows(db, &st_tag_delete, p);
}

int
db_pkg_add_downloads(struct db *db, const char *pkg_id, long long n)
{
	char		 num[32];
	const char	*p[2] = { pkg_id, num };

	snprintf(num, sizeof(num), "%lld", n);
	return run(db, &st_downloads, p);
}

int
db_blob_release(struct db *db, const char *sha256,
    int (*remove)(void *, const char *, const char *), void *arg)
{
	const char	*p[1] = { sha256 };
	const char	*fp[2];
	PGresult	*res = NULL;
	int		 i, rc = -1;

	if (db_tx_begin(db) == -1)
		return -1;
	if (run(db, &st_blob_lock, p) == -1)
		goto out;
	if ((res = db_run(db, &st_blob_unused, p, NULL)) == NULL)
		goto out;
	/* Each storage the blob was written to and is no longer used in. */
	for (i = 0; i < PQntuples(res); i++) {
		fp[0] = PQgetvalue(res, i, 0);
		fp[1] = sha256;
		if (remove(arg, fp[0], sha256) == -1 ||
		    run(db, &st_blob_forget, fp) == -1)
			goto out;
	}
	if (db_tx_commit(db) == -1)
		goto out;
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		db_tx_rollback(db);
	return rc;
}

int
db_pkg_list(struct db *db, struct arena *a, const char *registry_id,
    const char *name, const char *cur_time, const char *cur_id, int before,
    int limit, struct pkg **out, size_t *n)
{
	char		 lim[16];
	const char	*p[5] = { registry_id, name, cur_time, cur_id, lim };

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_list(db, a, before && cur_time ? &st_pkg_before :
	    &st_pkg_after, p, sizeof(**out), pkg_row, (void **)out, n);
}

int
db_pkg_delete_id(struct db *db, struct arena *a, const char *registry_id,
    const char *id, char ***blobs, size_t *nblobs)
{
	const char	*p[2] = { registry_id, id };
	const char	*np[1] = { registry_id };
	PGresult	*res = NULL;
	int		 i, rows, rc = -1;
	size_t		 n = 0;

	*blobs = NULL;
	*nblobs = 0;
	if (db_tx_begin(db) == -1)
		return -1;
	if ((res = db_run(db, &st_pkg_delete_id, p, NULL)) == NULL)
		goto out;
	if ((rows = PQntuples(res)) == 0) {
		rc = 1;
		goto out;
	}
	if ((*blobs = arena_calloc(a, (size_t)rows, sizeof(char *))) == NULL)
		goto out;
	for (i = 0; i < rows; i++)
		if (!PQgetisnull(res, i, 0))
			(*blobs)[n++] = db_str(a, res, i, 0);
	if (run(db, &st_notify, np) == -1 || db_tx_commit(db) == -1)
		goto out;
	*nblobs = n;
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		db_tx_rollback(db);
	return rc;
}

int
db_pkg_copy(struct db *db, struct arena *a, const char *registry_id,
    const char *id, const char *dest, const char *uploader, char **new_id)
{
	const char	*p[4] = { registry_id, id, dest, uploader };
	PGresult	*res;
	int		 rc;

	if ((res = db_run(db, &st_pkg_copy, p, NULL)) == NULL)
		return -1;
	if (db_int(res, 0, 0) == 0)
		rc = 1;
	else if (PQgetisnull(res, 0, 1))
		rc = 2;
	else {
		*new_id = db_str(a, res, 0, 1);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_pkg_file_find_version(struct db *db, struct arena *a,
    const char *registry_id, const char *name, const char *version,
    const char *filename, struct pkg_file *out, char **pkg_id,
    long long *age)
{
	const char	*p[4] = { registry_id, name, version, filename };
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_file_find_ver, p, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		file_row(a, res, 0, out);
		*pkg_id = db_str(a, res, 0, 8);
		*age = db_int(res, 0, 9);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_pkg_file_rows(struct db *db, struct arena *a, const char *registry_id,
    const char *name, struct pkg_file_row **out, size_t *n)
{
	const char	*p[2] = { registry_id, name };
	PGresult	*res;
	int		 i, rows;

	if ((res = db_run(db, &st_file_rows, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++) {
		(*out)[i].version = db_str(a, res, i, 0);
		(*out)[i].filename = db_str(a, res, i, 1);
		(*out)[i].updated = db_str(a, res, i, 2);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
db_pkg_file_remove(struct db *db, struct arena *a, const char *registry_id,
    const char *name, const char *version, const char *filename,
    char **sha256)
{
	const char	*p[4] = { registry_id, name, version, filename };
	const char	*dp[1];
	const char	*np[1] = { registry_id };
	PGresult	*res = NULL;
	int		 rc = -1;

	*sha256 = NULL;
	if (db_tx_begin(db) == -1)
		return -1;
	if ((res = db_run(db, &st_file_remove, p, NULL)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		rc = 1;
		goto out;
	}
	dp[0] = db_str(a, res, 0, 0);
	*sha256 = db_str(a, res, 0, 1);
	if (dp[0] == NULL || *sha256 == NULL)
		goto out;
	if (run(db, &st_pkg_drop_empty, dp) == -1 ||
	    run(db, &st_notify, np) == -1 || db_tx_commit(db) == -1)
		goto out;
	rc = 0;
out:
	PQclear(res);
	if (rc != 0) {
		db_tx_rollback(db);
		*sha256 = NULL;
	}
	return rc;
}

int
db_pkg_set_metadata(struct db *db, const char *registry_id, const char *name,
    const char *version, const char *metadata)
{
	const char	*p[4] = { registry_id, name, version, metadata };

	return run_rows(db, &st_pkg_set_meta, p);
}

/*
 * RubyGems: whole-registry reads (h_ruby.c).
 */

static struct db_stmt st_pkg_all = { "pkg_all",
	"SELECT p.id, p.name, p.version, p.metadata::text, NULL, "
	"p.deprecated, " ISO("p.created_at") ", p.downloads, f.filename, "
	"f.size, f.sha1, f.sha256, f.sha512 FROM packages p "
	"LEFT JOIN LATERAL (SELECT filename, size, sha1, sha256, sha512 "
	"FROM package_files WHERE package_id = p.id "
	"ORDER BY created_at, filename LIMIT 1) f ON true "
	"WHERE p.registry_id = $1 ORDER BY p.name COLLATE \"C\", "
	"p.created_at, p.id "
	"LIMIT $2", 2, 0 };
static struct db_stmt st_pkg_by_file = { "pkg_by_file",
	"SELECT p.id, p.name, p.version, p.metadata::text, NULL, "
	"p.deprecated, " ISO("p.created_at") ", p.downloads, f.filename, "
	"f.size, f.sha1, f.sha256, f.sha512, f.md5, f.content_type, "
	"f.storage FROM packages p "
	"JOIN package_files f ON f.package_id = p.id "
	"WHERE p.registry_id = $1 AND f.filename = $2 "
	"ORDER BY p.created_at LIMIT 1", 2, 0 };

int
db_pkg_all(struct db *db, struct arena *a, const char *registry_id,
    struct pkg **out, size_t *n, int *truncated)
{
	char		 lim[32];
	const char	*p[2] = { registry_id, lim };
	PGresult	*res;
	int		 i, rows;

	snprintf(lim, sizeof(lim), "%d", DB_PKG_ALL_MAX + 1);
	if ((res = db_run(db, &st_pkg_all, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*truncated = rows > DB_PKG_ALL_MAX;
	if (*truncated)
		rows = DB_PKG_ALL_MAX;
	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++)
		pkg_row(a, res, i, &(*out)[i]);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
db_pkg_by_file(struct db *db, struct arena *a, const char *registry_id,
    const char *filename, struct pkg *p, struct pkg_file *f)
{
	const char	*pp[2] = { registry_id, filename };
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, &st_pkg_by_file, pp, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		pkg_row(a, res, 0, p);
		f->filename = p->filename;
		f->size = p->size;
		f->sha1 = p->sha1;
		f->sha256 = p->sha256;
		f->sha512 = p->sha512;
		f->md5 = db_str(a, res, 0, 13);
		f->content_type = db_str(a, res, 0, 14);
		f->storage = db_str(a, res, 0, 15);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/* Indexes that list every file of a package (PyPI simple pages). */
static struct db_stmt st_file_infos = { "file_infos",
	"SELECT p.id, p.version, p.deprecated, p.metadata->>$3, f.filename, "
	"f.size, f.sha256, " ISO("f.created_at") " FROM packages p "
	"JOIN package_files f ON f.package_id = p.id "
	"WHERE p.registry_id = $1 AND p.name = $2 "
	"ORDER BY p.created_at, p.id, f.created_at, f.filename "
	"LIMIT 100000", 3, 0 };
static struct db_stmt st_pkg_names = { "pkg_names",
	"SELECT DISTINCT name FROM packages WHERE registry_id = $1 "
	"ORDER BY name LIMIT 1000000", 1, 0 };

int
db_pkg_file_infos(struct db *db, struct arena *a, const char *registry_id,
    const char *name, const char *meta_key, struct pkg_file_info **out,
    size_t *n)
{
	const char	*p[3] = { registry_id, name, meta_key };
	PGresult	*res;
	int		 i, rows;

	if ((res = db_run(db, &st_file_infos, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++) {
		(*out)[i].pkg_id = db_str(a, res, i, 0);
		(*out)[i].version = db_str(a, res, i, 1);
		(*out)[i].deprecated = db_str(a, res, i, 2);
		(*out)[i].meta = db_str(a, res, i, 3);
		(*out)[i].filename = db_str(a, res, i, 4);
		(*out)[i].size = db_int(res, i, 5);
		(*out)[i].sha256 = db_str(a, res, i, 6);
		(*out)[i].created_at = db_str(a, res, i, 7);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
db_pkg_names(struct db *db, struct arena *a, const char *registry_id,
    char ***out, size_t *n)
{
	const char	*p[1] = { registry_id };
	PGresult	*res;
	int		 i, rows;

	if ((res = db_run(db, &st_pkg_names, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++)
		(*out)[i] = db_str(a, res, i, 0);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}
