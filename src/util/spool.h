/* spool.h: a bounded temporary file that hashes what is written to it */
#ifndef DEPOT_SPOOL_H
#define DEPOT_SPOOL_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/digest.h"

/*
 * Uploads stream into a spool: an unlinked-on-failure temp file under a
 * directory on the same file system as the blob store, hashed as written, so
 * that storage can rename it into place without reading it again.
 *
 * Call order: spool_open, spool_write (any number), spool_finish (fsyncs and
 * fills digests), then storage takes the path, or spool_discard removes it.
 * spool_discard is safe to call after a failed open and twice.
 * spool_write fails with errno EFBIG past max bytes.
 */
struct spool {
	int		 fd;
	char		 path[PATH_MAX];
	struct hasher	*hasher;
	off_t		 size;
	off_t		 max;
	struct digests	 digests;
};

void	 spool_init(struct spool *);
int	 spool_open(struct spool *, const char *dir, off_t max);
int	 spool_write(struct spool *, const void *, size_t);
int	 spool_finish(struct spool *);
void	 spool_discard(struct spool *);
/* Forget the path after storage took the file over (renamed it). */
void	 spool_release(struct spool *);

#endif
