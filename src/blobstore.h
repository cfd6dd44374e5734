/* blobstore.h: which storage holds each file: hosted, or a storage link */
#ifndef DEPOT_BLOBSTORE_H
#define DEPOT_BLOBSTORE_H

#include <stddef.h>

#include <json-c/json.h>

#include "db/db.h"
#include "storage/s3.h"
#include "storage/storage.h"
#include "util/arena.h"
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

/*
 * Creating a storage link, for depotctl and the web UI alike (the caller
 * records STORAGE_CREATED). Fill a link_input (path_style -1: virtual-host
 * for *.amazonaws.com, else path-style), check it with blobstore_link_check
 * (normalises endpoint and prefix in place, arena strings; -1 with what is
 * wrong in err), then blobstore_link_add runs the diagnostic (d gets the
 * steps, Pass or Fail with the service's words) and, only when every step
 * passes, seals the secret under the server key (bound to the new id) and
 * records the link as active. Needs blobstore_init.
 */
struct link_input {
	const char	*org_id;
	const char	*name;
	const char	*endpoint;
	const char	*region;
	const char	*bucket;
	const char	*prefix;
	int		 path_style;
	const char	*access_key_id;
	const char	*secret;
};

enum blobstore_link {
	BL_OK,			/* created, *id set */
	BL_INVALID,		/* err says what */
	BL_DIAG_FAILED,		/* d says which step */
	BL_NAME_TAKEN,		/* the org has a link of that name */
	BL_ERROR		/* err says what */
};

int	 blobstore_link_check(struct arena *, struct link_input *, char *err,
	    size_t errsz);
enum blobstore_link blobstore_link_add(struct db *, struct arena *,
	    const struct link_input *, struct s3_diag *d, char **id, char *err,
	    size_t errsz);
/* The steps of d as the JSON stored in storage_links.diagnostic. */
char	*blobstore_diag_json(struct arena *, const struct s3_diag *);

#endif
