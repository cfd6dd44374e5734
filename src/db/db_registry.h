/* db_registry.h: registries */
#ifndef DEPOT_DB_REGISTRY_H
#define DEPOT_DB_REGISTRY_H

#include <stddef.h>

#include "db/db.h"
#include "db/model.h"

/* 0 found, 1 not found, -1 error. */
int	 db_registry_get(struct db *, struct arena *, const char *org_slug,
	    const char *slug, struct registry *out);
/* All registries of the org, by name. */
int	 db_registry_list(struct db *, struct arena *, const char *org_id,
	    struct registry **out, size_t *n);
/* in->org_id, name, slug, ecosystem, description, emoji, color, oidc_policy;
 * 0 created (out filled), 1 slug taken in the org, -1 error. */
int	 db_registry_create(struct db *, struct arena *,
	    const struct registry *in, struct registry *out);
/*
 * Write in's name, slug, description, emoji, color and oidc_policy to the
 * registry in->id and tell every worker (NOTIFY depot_meta). 0 (out filled),
 * 1 the slug is taken, -1.
 */
int	 db_registry_update(struct db *, struct arena *,
	    const struct registry *in, struct registry *out);
int	 db_registry_set_public(struct db *, const char *id, int public);
/*
 * Delete a registry with its packages, tokens and grants; *blobs receives
 * the sha256 of the files it held, for publish_release_blobs. 0, 1, -1.
 */
int	 db_registry_delete(struct db *, struct arena *, const char *id,
	    char ***blobs, size_t *nblobs);

#endif
