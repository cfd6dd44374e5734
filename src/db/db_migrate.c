/* db_migrate.c: forward-only schema migrations */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_migrate.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/banned.h"

#define MIGRATE_MAX_FILES	1000
#define MIGRATE_MAX_SIZE	(4 * 1024 * 1024)

static struct db_stmt st_applied = { "migrate_applied",
	"SELECT 1 FROM schema_migrations WHERE version = $1", 1, 0 };
static struct db_stmt st_record = { "migrate_record",
	"INSERT INTO schema_migrations (version) VALUES ($1)", 1, 0 };

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_migration(const char *n)
{
	size_t	 len = strlen(n);

	return len > 9 && isdigit((unsigned char)n[0]) &&
	    isdigit((unsigned char)n[1]) && isdigit((unsigned char)n[2]) &&
	    isdigit((unsigned char)n[3]) && n[4] == '_' &&
	    strcmp(n + len - 4, ".sql") == 0;
}

static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return log_err("cannot open '%s'", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) == -1) {
			rc = log_errx("'%s' is too large", path);
			break;
		}
	if (ferror(f))
		rc = log_err("cannot read '%s'", path);
	fclose(f);
	return rc;
}

static int
apply_one(struct db *db, const char *dir, const char *name, int *applied)
{
	struct buf	 sql;
	char		 path[4096], version[5];
	const char	*p[1] = { version };
	PGresult	*res;
	int		 done, rc = -1;

	memcpy(version, name, 4);
	version[4] = '\0';
	buf_init(&sql, MIGRATE_MAX_SIZE);
	if ((res = db_run(db, &st_applied, p, NULL)) == NULL)
		goto out;
	done = PQntuples(res) > 0;
	PQclear(res);
	if (done) {
		rc = 0;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_file(path, &sql) == -1)
		goto out;
	if (db_tx_begin(db) == -1)
		goto out;
	/* Migration files ship with the program: constant text, no values. */
	if (db_exec(db, sql.data) == -1) {
		log_errx("migration '%s' failed", name);
		goto out;
	}
	if ((res = db_run(db, &st_record, p, NULL)) == NULL)
		goto out;
	PQclear(res);
	if (db_tx_commit(db) == -1)
		goto out;
	log_info("applied migration %s", name);
	(*applied)++;
	rc = 0;
out:
	db_tx_rollback(db);
	buf_release(&sql);
	return rc;
}

int
db_migrate(struct db *db, const char *dir, int *applied)
{
	DIR		*d = NULL;
	struct dirent	*de;
	char		*names[MIGRATE_MAX_FILES];
	size_t		 n = 0, i;
	int		 rc = -1;

	*applied = 0;
	if (db_exec(db, "SELECT pg_advisory_lock(7250001)") == -1)
		return -1;
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, "
	    "applied_at timestamptz NOT NULL DEFAULT now())") == -1)
		goto out;
	if ((d = opendir(dir)) == NULL) {
		log_err("cannot open migrations folder '%s'", dir);
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_migration(de->d_name))
			continue;
		if (n == MIGRATE_MAX_FILES) {
			log_errx("too many migrations in '%s'", dir);
			goto out;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto out;
		n++;
	}
	qsort(names, n, sizeof(names[0]), cmpstr);
	for (i = 0; i < n; i++)
		if (apply_one(db, dir, names[i], applied) == -1)
			goto out;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	if (d)
		closedir(d);
	(void)db_exec(db, "SELECT pg_advisory_unlock(7250001)");
	return rc;
}
