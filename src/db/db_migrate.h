/* db_migrate.h: apply sql/NNNN_*.sql migrations in order */
#ifndef DEPOT_DB_MIGRATE_H
#define DEPOT_DB_MIGRATE_H

#include "db/db.h"

/*
 * Apply every migration in dir not yet recorded in schema_migrations, in
 * file-name order, each in its own transaction together with its record,
 * under an advisory lock so two runs cannot interleave. Safe to run again:
 * applied files are skipped. *applied counts what was applied. 0 or -1.
 */
int	 db_migrate(struct db *, const char *dir, int *applied);

#endif
