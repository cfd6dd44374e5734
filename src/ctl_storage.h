/* ctl_storage.h: depotctl storage (links) and depotctl gc */
#ifndef DEPOT_CTL_STORAGE_H
#define DEPOT_CTL_STORAGE_H

#include "db/db.h"
#include "util/arena.h"
#include "util/conf.h"

/*
 * depotctl's storage commands, kept apart from depotctl.c: argv[0] is
 * "storage" or "gc". The database is opened on first need; the server key
 * must be loaded (secret_load) for `storage add` and for anything that
 * talks to a storage link. Each returns the process exit status (0, 1;
 * 2 after printing usage). See depotctl(8).
 */
int	 ctl_storage_cmd(const struct conf *, struct db *, struct arena *,
	    int argc, char *argv[]);
int	 ctl_storage_gc(const struct conf *, struct db *, struct arena *,
	    int argc, char *argv[]);

#endif
