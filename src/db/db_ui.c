/* db_ui.c: SQL for the web pages (reads only; changes go through the
 * functions the REST API uses) */
#include <stdio.h>
#include <string.h>

#include "db/db_ui.h"
#include "util/banned.h"

#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

static struct db_stmt st_ui_counts = { "ui_pkg_counts",
	"SELECT p.registry_id, count(*) FROM packages p "
	"JOIN registries r ON r.id = p.registry_id WHERE r.org_id = $1 "
	"GROUP BY p.registry_id", 1, 0 };

#define UI_PKG_JOINS "LEFT JOIN LATERAL (SELECT filename, size, sha1, " \
	"sha256, sha512 FROM package_files WHERE package_id = p.id " \
	"ORDER BY created_at, filename LIMIT 1) f ON true " \
	"LEFT JOIN LATERAL (SELECT sum(size) AS total, count(*) AS n " \
	"FROM package_files WHERE package_id = p.id) t ON true " \
	"LEFT JOIN users u ON u.id = p.uploader_id "

/* $2: filter or NULL (a substring of the name, any case). */
static struct db_stmt st_ui_pkg_page = { "ui_pkg_page",
	"SELECT p.id, p.name, p.version, p.metadata::text, NULL, "
	"p.deprecated, " ISO("p.created_at") ", p.downloads, f.filename, "
	"f.size, f.sha1, f.sha256, f.sha512, u.email, "
	"coalesce(t.total, 0), coalesce(t.n, 0), count(*) OVER () "
	"FROM packages p " UI_PKG_JOINS
	"WHERE p.registry_id = $1 AND ($2::text IS NULL OR "
	"strpos(lower(p.name), lower($2)) > 0) "
	"ORDER BY p.created_at DESC, p.id DESC OFFSET $3 LIMIT $4", 4, 0 };
static struct db_stmt st_ui_pkg_get = { "ui_pkg_get",
	"SELECT p.id, p.name, p.version, p.metadata::text, p.readme, "
	"p.deprecated, " ISO("p.created_at") ", p.downloads, f.filename, "
	"f.size, f.sha1, f.sha256, f.sha512, u.email, "
	"coalesce(t.total, 0), coalesce(t.n, 0) "
	"FROM packages p " UI_PKG_JOINS
	"WHERE p.registry_id = $1 AND p.id = $2", 2, 0 };
static struct db_stmt st_ui_pkg_files = { "ui_pkg_files",
	"SELECT filename, size, md5, sha1, sha256, sha512, content_type, "
	"storage FROM package_files WHERE package_id = $1 "
	"ORDER BY created_at, filename", 1, 0 };
static struct db_stmt st_ui_teams = { "ui_teams",
	"SELECT id, slug, name, NULL FROM teams WHERE org_id = $1 "
	"ORDER BY lower(name), slug", 1, 0 };
static struct db_stmt st_ui_registry_teams = { "ui_registry_teams",
	"SELECT t.id, t.slug, t.name, tr.access_level FROM team_registries tr "
	"JOIN teams t ON t.id = tr.team_id WHERE tr.registry_id = $1 "
	"ORDER BY lower(t.name), t.slug", 1, 0 };
static struct db_stmt st_ui_audit = { "ui_audit",
	"SELECT id, org_id, type, " ISO("occurred_at") ", actor_type, "
	"actor_id, actor_name, subject_type, subject_id, subject_name, "
	"request_ip, user_agent, data::text, context FROM audit_events "
	"WHERE org_id = $1 AND ($2::text IS NULL OR type = $2) "
	"ORDER BY occurred_at DESC, id DESC OFFSET $3 LIMIT $4", 4, 0 };

static void
count_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct ui_count	*c = out;

	c->registry_id = db_str(a, res, i, 0);
	c->packages = db_int(res, i, 1);
}

int
db_ui_pkg_counts(struct db *db, struct arena *a, const char *org_id,
    struct ui_count **out, size_t *n)
{
	const char	*p[1] = { org_id };

	return db_list(db, a, &st_ui_counts, p, sizeof(**out), count_row,
	    (void **)out, n);
}

static void
pkg_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct ui_pkg	*u = out;
	struct pkg	*v = &u->p;

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
	u->uploader = db_str(a, res, i, 13);
	u->total_size = db_int(res, i, 14);
	u->nfiles = db_int(res, i, 15);
}

int
db_ui_pkg_page(struct db *db, struct arena *a, const char *registry_id,
    const char *filter, long offset, int limit, struct ui_pkg **out,
    size_t *n, long long *total)
{
	char		 off[32], lim[32];
	const char	*p[4] = { registry_id, filter, off, lim };
	PGresult	*res;
	int		 i, rows;

	snprintf(off, sizeof(off), "%ld", offset < 0 ? 0 : offset);
	snprintf(lim, sizeof(lim), "%d", limit);
	if ((res = db_run(db, &st_ui_pkg_page, p, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if ((*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out))) ==
	    NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++)
		pkg_row(a, res, i, &(*out)[i]);
	*n = (size_t)rows;
	*total = rows ? db_int(res, 0, 16) : 0;
	PQclear(res);
	return 0;
}

int
db_ui_pkg_get(struct db *db, struct arena *a, const char *registry_id,
    const char *id, struct ui_pkg *out)
{
	const char	*p[2] = { registry_id, id };
	int		 rc;

	memset(out, 0, sizeof(*out));
	rc = db_one(db, a, &st_ui_pkg_get, p, pkg_row, out);
	return rc;
}

static void
file_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct pkg_file	*f = out;

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
db_ui_pkg_files(struct db *db, struct arena *a, const char *pkg_id,
    struct pkg_file **out, size_t *n)
{
	const char	*p[1] = { pkg_id };

	return db_list(db, a, &st_ui_pkg_files, p, sizeof(**out), file_row,
	    (void **)out, n);
}

static void
team_row(struct arena *a, const PGresult *res, int i, void *out)
{
	struct ui_team	*t = out;

	t->id = db_str(a, res, i, 0);
	t->slug = db_str(a, res, i, 1);
	t->name = db_str(a, res, i, 2);
	t->level = db_str(a, res, i, 3);
}

int
db_ui_teams(struct db *db, struct arena *a, const char *org_id,
    struct ui_team **out, size_t *n)
{
	const char	*p[1] = { org_id };

	return db_list(db, a, &st_ui_teams, p, sizeof(**out), team_row,
	    (void **)out, n);
}

int
db_ui_registry_teams(struct db *db, struct arena *a, const char *registry_id,
    struct ui_team **out, size_t *n)
{
	const char	*p[1] = { registry_id };

	return db_list(db, a, &st_ui_registry_teams, p, sizeof(**out),
	    team_row, (void **)out, n);
}

static void
event_row(struct arena *a, const PGresult *res, int i, void *out)
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
db_ui_audit(struct db *db, struct arena *a, const char *org_id,
    const char *type, long offset, int limit, struct audit_event **out,
    size_t *n)
{
	char		 off[32], lim[32];
	const char	*p[4] = { org_id, type, off, lim };

	snprintf(off, sizeof(off), "%ld", offset < 0 ? 0 : offset);
	snprintf(lim, sizeof(lim), "%d", limit);
	return db_list(db, a, &st_ui_audit, p, sizeof(**out), event_row,
	    (void **)out, n);
}
