/* arena.h: request-lived memory, freed all at once (git mem-pool.h) */
#ifndef DEPOT_ARENA_H
#define DEPOT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/*
 * An arena hands out memory that lives until arena_reset(). The worker owns
 * one arena per process and resets it after every response, so no arena
 * pointer may outlive the request. Allocation failure is fatal for the
 * request only: functions return NULL and callers answer 500.
 *
 * The total size is capped (max); past it allocations return NULL.
 */
struct arena_block;

struct arena {
	struct arena_block	*head;
	size_t			 used;	/* bytes handed out since reset */
	size_t			 max;
};

void	 arena_init(struct arena *, size_t max);
void	*arena_alloc(struct arena *, size_t);
void	*arena_calloc(struct arena *, size_t n, size_t size);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strfmt(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vstrfmt(struct arena *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 arena_reset(struct arena *);
void	 arena_release(struct arena *);

#endif
