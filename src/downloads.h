/* downloads.h: download counts, added up in memory and written in batches */
#ifndef DEPOT_DOWNLOADS_H
#define DEPOT_DOWNLOADS_H

#include "db/db.h"

/*
 * A registry serves many downloads per publish: one UPDATE per download would
 * double the cost of a tarball GET. Workers count in memory and write the
 * sums every few seconds, and when they exit.
 */
void	 downloads_note(const char *pkg_id);
/* Write the counts if force or the batch is due; drops them on failure. */
void	 downloads_flush(struct db *, int force);

#endif
