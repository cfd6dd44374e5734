/* buf.h: the one growable, bounded string type */
#ifndef DEPOT_BUF_H
#define DEPOT_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Invariants (git strbuf.h): data is never NULL and always NUL-terminated;
 * len < cap whenever cap > 0; only buf_* functions touch the fields.
 * Every buf has a hard max (bytes of content); growing past it fails with -1
 * and leaves the buf unchanged, so callers bound bodies and entries by
 * construction (curl DYNBUF "toobig").
 *
 * Memory is malloc'd; buf_release frees it, buf_detach hands it over.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
};

#define BUF_MAX_DEFAULT	((size_t)64 * 1024 * 1024)

void	 buf_init(struct buf *, size_t max);
void	 buf_release(struct buf *);
void	 buf_reset(struct buf *);
int	 buf_grow(struct buf *, size_t extra);
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_adds(struct buf *, const char *);
int	 buf_addch(struct buf *, int);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 buf_truncate(struct buf *, size_t);
char	*buf_detach(struct buf *, size_t *lenp);

#endif
