/* kv.h: decoded name/value pairs from queries, forms and cookies */
#ifndef DEPOT_KV_H
#define DEPOT_KV_H

#include <stddef.h>

/* Keys and values are NUL-terminated arena strings; vlen excludes the NUL. */
struct kv {
	const char	*key;
	const char	*val;
	size_t		 vlen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

/* First value for key, or NULL. */
const char	*kv_get(const struct kvlist *, const char *key);

#endif
