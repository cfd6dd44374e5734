/* db_storage.h: storage links, each registry's storage, the blob inventory */
#ifndef DEPOT_DB_STORAGE_H
#define DEPOT_DB_STORAGE_H

#include <stddef.h>

#include "db/db.h"

/*
 * A storage reference is the text package_files.storage and blobs.storage
 * hold: "hosted" or the id of a storage link (STORAGE_HOSTED below). Every
 * change of a link or of a registry's storage sends NOTIFY depot_meta, so
 * the workers of every host drop what they cached about links.
 */
#define STORAGE_HOSTED	"hosted"

struct storage_link {
	char		*id;
	char		*org_id;
	char		*name;
	char		*kind;		/* "s3" */
	char		*endpoint;
	char		*region;
	char		*bucket;
	char		*prefix;
	int		 path_style;
	char		*access_key_id;
	char		*secret_sealed;	/* secret_seal(id, secret) */
	char		*status;	/* "active", "failing" */
	char		*diagnostic;	/* JSON array text */
	char		*checked_at;	/* ISO 8601 UTC */
	char		*created_at;
	/* db_storage_list only: */
	long long	 registries;	/* storing new files there */
	int		 is_default;	/* the organization's default */
};

/* A fresh id for a link about to be created (its secret is bound to it). */
int	 db_storage_new_id(struct db *, struct arena *, char **id);
/* All fields of in but the times. 0 created, 1 name taken in the org, -1. */
int	 db_storage_create(struct db *, const struct storage_link *in);
/* The org's links by name (org_id NULL: every organization's). */
int	 db_storage_list(struct db *, struct arena *, const char *org_id,
	    struct storage_link **out, size_t *n);
/* 0, 1 no such link, -1. */
int	 db_storage_get(struct db *, struct arena *, const char *id,
	    struct storage_link *out);
/* Links some registry or organization uses (at most max), for health. */
int	 db_storage_in_use(struct db *, struct arena *, size_t max,
	    struct storage_link **out, size_t *n);
/* Record a diagnostic: status "active"/"failing", steps as JSON text. */
int	 db_storage_set_status(struct db *, const char *id,
	    const char *status, const char *diagnostic);
/*
 * Where registry_id stores new files: *link_id is NULL for hosted storage.
 * 0, 1 no such registry, -1.
 */
int	 db_storage_of_registry(struct db *, struct arena *,
	    const char *registry_id, char **link_id);
/*
 * Switch a registry (by slug) or, with reg_slug NULL, the org's default to
 * link_id (NULL: hosted). The link must belong to the org and be active.
 * 0, 1 no such registry, 2 no such active link in the org, -1.
 */
int	 db_storage_use(struct db *, const char *org_id,
	    const char *reg_slug, const char *link_id);

/*
 * The blob inventory. A publish records (storage, sha256) before it stores
 * the bytes (db_blob_intent), so a crash in between leaves a row; rows go
 * when db_blob_release removes or marks the blob. db_blob_orphans lists
 * rows no package file refers to, older than min_age seconds (younger ones
 * may belong to a publish in flight).
 */
struct blob_ref {
	char	*storage;
	char	*sha256;
};

int	 db_blob_intent(struct db *, const char *storage,
	    const char *sha256);
int	 db_blob_orphans(struct db *, struct arena *, long min_age,
	    struct blob_ref **out, size_t *n);
/*
 * For a blob found in a storage (gc scans): 1 if a package file refers to
 * it there or the inventory has a row younger than min_age; else 0; -1.
 */
int	 db_blob_wanted(struct db *, const char *storage, const char *sha256,
	    long min_age);

#endif
