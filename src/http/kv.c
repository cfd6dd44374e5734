/* kv.c: lookups in decoded name/value lists */
#include <string.h>

#include "http/kv.h"
#include "util/banned.h"

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}
