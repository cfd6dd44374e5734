/* downloads.c: batched download counters */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db_pkg.h"
#include "downloads.h"
#include "util/log.h"
#include "util/banned.h"

#define DL_MAX		256	/* distinct packages per batch */
#define DL_INTERVAL	5	/* seconds */

static struct {
	char		 id[40];
	long long	 n;
} counts[DL_MAX];
static size_t	 ncounts;
static time_t	 last_flush;

void
downloads_note(const char *pkg_id)
{
	size_t	 i;

	if (strlen(pkg_id) >= sizeof(counts[0].id))
		return;
	for (i = 0; i < ncounts; i++)
		if (strcmp(counts[i].id, pkg_id) == 0) {
			counts[i].n++;
			return;
		}
	if (ncounts == DL_MAX)
		return;
	memcpy(counts[ncounts].id, pkg_id, strlen(pkg_id) + 1);
	counts[ncounts++].n = 1;
}

void
downloads_flush(struct db *db, int force)
{
	time_t	 now = time(NULL);
	size_t	 i;

	if (ncounts == 0 || (!force && ncounts < DL_MAX &&
	    now - last_flush < DL_INTERVAL))
		return;
	for (i = 0; i < ncounts; i++)
		if (db_pkg_add_downloads(db, counts[i].id, counts[i].n) == -1)
			log_warnx("cannot record downloads of %s", counts[i].id);
	ncounts = 0;
	last_flush = now;
}
