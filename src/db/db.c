/* db.c: libpq connection handling, lazy prepared statements, transactions */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/log.h"
#include "util/banned.h"

static int
db_connect(struct db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	db->conn = PQconnectdb(db->conninfo);
	db->gen++;
	db->in_tx = 0;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		log_warnx("cannot connect to database: %s",
		    PQerrorMessage(db->conn));
		return -1;
	}
	return 0;
}

int
db_open(struct db *db, const char *conninfo)
{
	memset(db, 0, sizeof(*db));
	if ((db->conninfo = strdup(conninfo)) == NULL)
		return -1;
	return db_connect(db);
}

void
db_close(struct db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	free(db->conninfo);
	memset(db, 0, sizeof(*db));
}

int
db_check(struct db *db)
{
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
		return 0;
	return db_connect(db);
}

static void
db_sqlstate(const PGresult *res, char sqlstate[6])
{
	const char	*s;

	if (sqlstate == NULL)
		return;
	s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (s && strlen(s) == 5)
		memcpy(sqlstate, s, 6);
	else
		sqlstate[0] = '\0';
}

PGresult *
db_run(struct db *db, struct db_stmt *s, const char *const *params,
    char sqlstate[6])
{
	PGresult	*res;
	ExecStatusType	 st;
	int		 retried = 0;

	if (sqlstate)
		sqlstate[0] = '\0';
again:
	if (db_check(db) == -1)
		return NULL;
	if (s->gen != db->gen) {
		res = PQprepare(db->conn, s->name, s->sql, s->nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			log_warnx("cannot prepare '%s': %s", s->name,
			    PQerrorMessage(db->conn));
			PQclear(res);
			return NULL;
		}
		PQclear(res);
		s->gen = db->gen;
	}
	res = PQexecPrepared(db->conn, s->name, s->nparams, params, NULL,
	    NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	db_sqlstate(res, sqlstate);
	/* A dropped connection outside a transaction is retried once. */
	if (PQstatus(db->conn) != CONNECTION_OK && !db->in_tx && !retried) {
		PQclear(res);
		retried = 1;
		if (db_connect(db) == 0)
			goto again;
		return NULL;
	}
	if (sqlstate == NULL || strcmp(sqlstate, "23505") != 0)
		log_warnx("statement '%s' failed: %s", s->name,
		    PQresultErrorMessage(res));
	PQclear(res);
	return NULL;
}

int
db_exec(struct db *db, const char *sql)
{
	PGresult	*res;
	int		 rc = 0;

	if (db_check(db) == -1)
		return -1;
	res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		log_warnx("query failed: %s", PQresultErrorMessage(res));
		rc = -1;
	}
	PQclear(res);
	return rc;
}

int
db_tx_begin(struct db *db)
{
	if (db_exec(db, "BEGIN") == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_tx_commit(struct db *db)
{
	db->in_tx = 0;
	return db_exec(db, "COMMIT");
}

void
db_tx_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->in_tx = 0;
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
		(void)db_exec(db, "ROLLBACK");
}

char *
db_str(struct arena *a, const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return arena_strndup(a, PQgetvalue(res, row, col),
	    (size_t)PQgetlength(res, row, col));
}

long long
db_int(const PGresult *res, int row, int col)
{
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

int
db_bool(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col)[0] == 't';
}

int
db_one(struct db *db, struct arena *a, struct db_stmt *s,
    const char *const *params, db_row_fn row, void *out)
{
	PGresult	*res;
	int		 rc = 1;

	if ((res = db_run(db, s, params, NULL)) == NULL)
		return -1;
	if (PQntuples(res) >= 1) {
		row(a, res, 0, out);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
db_list(struct db *db, struct arena *a, struct db_stmt *s,
    const char *const *params, size_t size, db_row_fn row, void **out,
    size_t *n)
{
	PGresult	*res;
	char		*v;
	int		 i, rows;

	if ((res = db_run(db, s, params, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	if ((v = arena_calloc(a, (size_t)rows + 1, size)) == NULL) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < rows; i++)
		row(a, res, i, v + (size_t)i * size);
	*out = v;
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
db_touch(struct db *db, struct db_stmt *s, const char *const *params)
{
	PGresult	*res;
	int		 rc;

	if ((res = db_run(db, s, params, NULL)) == NULL)
		return -1;
	rc = PQntuples(res) > 0 || strtol(PQcmdTuples(res), NULL, 10) > 0 ?
	    0 : 1;
	PQclear(res);
	return rc;
}

static struct db_stmt st_lock = { "lock",
	"SELECT pg_advisory_lock(hashtextextended($1, 1))", 1, 0 };
static struct db_stmt st_unlock = { "unlock",
	"SELECT pg_advisory_unlock(hashtextextended($1, 1))", 1, 0 };

int
db_lock(struct db *db, const char *key)
{
	const char	*p[1] = { key };

	return db_touch(db, &st_lock, p) == -1 ? -1 : 0;
}

void
db_unlock(struct db *db, const char *key)
{
	const char	*p[1] = { key };

	(void)db_touch(db, &st_unlock, p);
}
