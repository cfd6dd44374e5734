/* cache.h: a worker's in-memory cache of derived documents */
#ifndef DEPOT_CACHE_H
#define DEPOT_CACHE_H

#include <stddef.h>
#include <time.h>

/*
 * Process-lived: each worker keeps rendered indexes (packuments ...),
 * resolved credentials and registry rows here, keyed by text. Every entry
 * belongs to a group (a registry id, "auth", ...) so that one NOTIFY from the
 * database drops exactly what a change made stale, on every worker of every
 * host. Entries may also expire. When max entries is reached the whole cache
 * is dropped (simple, and a full rebuild is cheap next to a leak).
 * Entries returned by cache_get stay valid until the next put or drop.
 */
struct cache_entry {
	struct cache_entry	*next;
	char			*key;
	char			*group;
	char			*data;
	size_t			 len;
	char			 etag[72];
	time_t			 expires;	/* 0: never */
};

void	 cache_init(size_t max_entries);
const struct cache_entry *cache_get(const char *key, time_t now);
/* Copies everything given; 0 or -1 (then the cache is unchanged). */
int	 cache_put(const char *key, const char *group, const void *data,
	    size_t len, const char *etag, time_t expires);
void	 cache_drop_group(const char *group);
void	 cache_clear(void);
size_t	 cache_count(void);



/*
 * Rows of strings are cached packed: each field is 'N' (NULL) or 'S' then
 * its text and a NUL. cache_unpack fills n arena strings; -1 if the data does
 * not hold n fields.
 */
struct buf;
struct arena;
int	 cache_pack(struct buf *, const char *const *fields, size_t n);
int	 cache_unpack(struct arena *, const char *data, size_t len,
	    char **fields, size_t n);
#endif
