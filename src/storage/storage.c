/* storage.c: dispatch to the backend's ops */
#include <string.h>

#include "storage/storage.h"
#include "util/banned.h"

int
storage_valid_sha256(const char *s)
{
	size_t	 i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

int
storage_put_spool(struct storage *st, struct spool *sp)
{
	return st->ops->put_spool(st, sp);
}

int
storage_exists(struct storage *st, const char *sha256)
{
	if (!storage_valid_sha256(sha256))
		return -1;
	return st->ops->exists(st, sha256);
}

int
storage_remove(struct storage *st, const char *sha256)
{
	if (!storage_valid_sha256(sha256))
		return -1;
	return st->ops->remove(st, sha256);
}

int
storage_locate(struct storage *st, struct arena *a, const char *sha256,
    enum blob_send *how, char **uri)
{
	if (!storage_valid_sha256(sha256))
		return -1;
	return st->ops->locate(st, a, sha256, how, uri);
}

int
storage_check(struct storage *st, char *err, size_t errsz)
{
	return st->ops->check(st, err, errsz);
}

void
storage_free(struct storage *st)
{
	if (st)
		st->ops->free(st);
}
