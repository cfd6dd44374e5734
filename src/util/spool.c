/* spool.c: hashed temp files for streamed uploads */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/spool.h"
#include "util/banned.h"

void
spool_init(struct spool *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

int
spool_open(struct spool *s, const char *dir, off_t max)
{
	spool_init(s);
	s->max = max;
	if ((size_t)snprintf(s->path, sizeof(s->path), "%s/upload.XXXXXX",
	    dir) >= sizeof(s->path)) {
		s->path[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((s->fd = mkostemp(s->path, O_CLOEXEC)) == -1) {
		s->path[0] = '\0';
		return -1;
	}
	if ((s->hasher = hasher_new()) == NULL) {
		spool_discard(s);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int
spool_write(struct spool *s, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	if (s->max > 0 && (off_t)n > s->max - s->size) {
		errno = EFBIG;
		return -1;
	}
	if (hasher_update(s->hasher, p, n) == -1) {
		errno = EIO;
		return -1;
	}
	while (n > 0) {
		w = write(s->fd, c, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
		s->size += w;
	}
	return 0;
}

int
spool_finish(struct spool *s)
{
	if (hasher_final(s->hasher, &s->digests) == -1) {
		errno = EIO;
		return -1;
	}
	if (fsync(s->fd) == -1)
		return -1;
	return 0;
}

void
spool_discard(struct spool *s)
{
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	if (s->path[0])
		unlink(s->path);
	s->path[0] = '\0';
	hasher_free(s->hasher);
	s->hasher = NULL;
}

void
spool_release(struct spool *s)
{
	s->path[0] = '\0';
	spool_discard(s);
}
