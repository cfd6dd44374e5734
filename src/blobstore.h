/* blobstore.h: which storage holds each file: hosted, or a storage link */
#ifndef DEPOT_BLOBSTORE_H
#define DEPOT_BLOBSTORE_H

#include <stddef.h>

#include <json-c/json.h>

#include "db/db.h"
#include "storage/storage.h"
#include "util/conf.h"

/*
 * A storage reference ("hosted" or a storage link id, db_storage.h) names
 * where bytes are: a registry's storage_id says where new files go, each
 * package_files.storage where a file went. This module turns references
 * into storage backends: the hosted one the process made, and one s3
 * backend per storage link, made on first use from the link's row (secret
 * opened with the server key) and kept for the life of the process, so its
 * connection to the bucket is reused. blobstore_flush drops them (a link
 * changed: NOTIFY depot_meta).
 *
 * Call order: blobstore_init after fork (worker) or at start (depotctl),
 * with the hosted storage the caller owns; blobstore_release before it is
 * freed. Backends returned belong to the module.
 */
void	 blobstore_init(const struct conf *, struct storage *hosted);
void	 blobstore_flush(void);
void	 blobstore_release(void);
/* The backend for ref; NULL with a message in err. */
struct storage	*blobstore_get(struct db *, const char *ref, char *err,
		    size_t errsz);
/*
 * Where registry_id stores new files: the backend, and its reference in
 * *ref (an arena string). NULL with a message in err.
 */
struct storage	*blobstore_for_registry(struct db *, struct arena *,
		    const char *registry_id, const char **ref, char *err,
		    size_t errsz);
/*
 * /-/health: check every storage link in use (cached for a few seconds per
 * process). Returns a JSON array (caller puts it) of {"id", "status"} for
 * the links that fail; *ok is 0 when one does. Details go to the log only.
 */
struct json_object *blobstore_health(struct db *, int *ok);

#endif
