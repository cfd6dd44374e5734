/* db.h: the PostgreSQL connection, prepared statements and transactions */
#ifndef DEPOT_DB_H
#define DEPOT_DB_H

#include <libpq-fe.h>

#include "util/arena.h"

/*
 * One connection per process, opened after fork. Statements are declared as
 * static struct db_stmt in each db_<area>.c (fixed SQL text, parameters
 * only) and prepared on first use on the current connection; after a
 * reconnect (db->gen changes) they are prepared again. Never put a value into
 * SQL text: pass it as a parameter.
 */
struct db {
	PGconn		*conn;
	char		*conninfo;
	unsigned	 gen;		/* bumped on every (re)connect */
	int		 in_tx;
};

struct db_stmt {
	const char	*name;
	const char	*sql;
	int		 nparams;
	unsigned	 gen;		/* connection it was prepared on */
};

int	 db_open(struct db *, const char *conninfo);
void	 db_close(struct db *);
/* Reconnect if the connection dropped; 0 when usable. */
int	 db_check(struct db *);
/*
 * Run a prepared statement. params has s->nparams entries (NULL = SQL NULL).
 * Returns a result with status COMMAND_OK or TUPLES_OK that the caller must
 * PQclear, or NULL after logging the error. *sqlstate, if given, receives
 * the SQLSTATE of a failure ("23505" unique violation) or "" .
 */
PGresult *db_run(struct db *, struct db_stmt *, const char *const *params,
	    char sqlstate[6]);
/*
 * Rows into structs: row(a, res, i, out) fills one struct from row i.
 * db_one: 0 (one row, out filled), 1 (no row), -1 (error).
 * db_list: every row into a new arena array of elements of size bytes (one
 * spare, zeroed, so the array is never NULL). 0 or -1.
 */
typedef void	(*db_row_fn)(struct arena *, const PGresult *, int, void *);
int	 db_one(struct db *, struct arena *, struct db_stmt *,
	    const char *const *params, db_row_fn, void *out);
int	 db_list(struct db *, struct arena *, struct db_stmt *,
	    const char *const *params, size_t size, db_row_fn, void **out,
	    size_t *n);
/* Run a statement whose rows do not matter: 0, 1 when it touched none, -1. */
int	 db_touch(struct db *, struct db_stmt *, const char *const *params);
/*
 * Serialize work on one thing across workers and hosts: a session-level
 * PostgreSQL advisory lock on the key's hash, held until db_unlock (or the
 * connection ends, so a crashed worker never leaves one behind). 0 or -1.
 */
int	 db_lock(struct db *, const char *key);
void	 db_unlock(struct db *, const char *key);
/* Run constant SQL text (no parameters). 0 or -1. */
int	 db_exec(struct db *, const char *sql);
int	 db_tx_begin(struct db *);
int	 db_tx_commit(struct db *);
/* Safe to call when no transaction is open. */
void	 db_tx_rollback(struct db *);
/* Copy a field of a row into the arena; SQL NULL gives NULL. */
char	*db_str(struct arena *, const PGresult *, int row, int col);
long long db_int(const PGresult *, int row, int col);
int	 db_bool(const PGresult *, int row, int col);

#endif
