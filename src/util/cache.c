/* cache.c: chained hash table of malloc'd entries */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/banned.h"

#define NBUCKETS 1024

static struct cache_entry	*buckets[NBUCKETS];
static size_t			 count, max_count = 4096;

static unsigned
hash(const char *s)
{
	unsigned	 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % NBUCKETS;
}

static void
entry_free(struct cache_entry *e)
{
	free(e->key);
	free(e->group);
	free(e->data);
	free(e);
}

void
cache_init(size_t max_entries)
{
	cache_clear();
	max_count = max_entries;
}

const struct cache_entry *
cache_get(const char *key, time_t now)
{
	struct cache_entry	*e;

	for (e = buckets[hash(key)]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0) {
			if (e->expires && e->expires <= now)
				return NULL;
			return e;
		}
	return NULL;
}

static void
cache_remove_key(const char *key)
{
	struct cache_entry	**pp, *e;

	for (pp = &buckets[hash(key)]; (e = *pp) != NULL; pp = &e->next)
		if (strcmp(e->key, key) == 0) {
			*pp = e->next;
			entry_free(e);
			count--;
			return;
		}
}

int
cache_put(const char *key, const char *group, const void *data, size_t len,
    const char *etag, time_t expires)
{
	struct cache_entry	*e;
	unsigned		 h;

	if (max_count == 0)
		return 0;
	cache_remove_key(key);
	if (count >= max_count)
		cache_clear();
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -1;
	e->key = strdup(key);
	e->group = strdup(group);
	e->data = malloc(len + 1);
	if (e->key == NULL || e->group == NULL || e->data == NULL) {
		entry_free(e);
		return -1;
	}
	memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
	snprintf(e->etag, sizeof(e->etag), "%s", etag ? etag : "");
	e->expires = expires;
	h = hash(key);
	e->next = buckets[h];
	buckets[h] = e;
	count++;
	return 0;
}

void
cache_drop_group(const char *group)
{
	struct cache_entry	**pp, *e;
	size_t			 i;

	for (i = 0; i < NBUCKETS; i++)
		for (pp = &buckets[i]; (e = *pp) != NULL;) {
			if (strcmp(e->group, group) == 0) {
				*pp = e->next;
				entry_free(e);
				count--;
			} else
				pp = &e->next;
		}
}

void
cache_clear(void)
{
	struct cache_entry	*e, *next;
	size_t			 i;

	for (i = 0; i < NBUCKETS; i++) {
		for (e = buckets[i]; e != NULL; e = next) {
			next = e->next;
			entry_free(e);
		}
		buckets[i] = NULL;
	}
	count = 0;
}

size_t
cache_count(void)
{
	return count;
}

int
cache_pack(struct buf *b, const char *const *fields, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (fields[i] == NULL) {
			if (buf_addch(b, 'N') == -1)
				return -1;
			continue;
		}
		if (buf_addch(b, 'S') == -1 || buf_adds(b, fields[i]) == -1 ||
		    buf_addch(b, '\0') == -1)
			return -1;
	}
	return 0;
}

int
cache_unpack(struct arena *a, const char *p, size_t len, char **fields,
    size_t n)
{
	const char	*end = p + len, *z;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (p >= end)
			return -1;
		if (*p == 'N') {
			fields[i] = NULL;
			p++;
			continue;
		}
		if (*p != 'S')
			return -1;
		p++;
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			return -1;
		if ((fields[i] = arena_strndup(a, p, (size_t)(z - p))) == NULL)
			return -1;
		p = z + 1;
	}
	return 0;
}
