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

#endif
