/* db_regtoken.h: registry tokens (sealed, found by keyed hash) */
#ifndef DEPOT_DB_REGTOKEN_H
#define DEPOT_DB_REGTOKEN_H

#include <stddef.h>

#include "db/db.h"

struct regtoken {
	char	*id;
	char	*registry_id;
	char	*description;
	char	*sealed;
	char	*created_at;
	char	*updated_at;
	char	*creator_id;		/* NULL when the user is gone */
	char	*creator_email;
	char	*creator_name;
	char	*creator_created_at;
};

/* id is chosen by the caller (the seal is bound to it). 0, -1. */
int	 db_regtoken_create(struct db *, struct arena *, const char *id,
	    const char *registry_id, const char *description,
	    const char *sealed, const char *lookup, const char *created_by,
	    struct regtoken *out);
int	 db_regtoken_list(struct db *, struct arena *, const char *registry_id,
	    struct regtoken **out, size_t *n);
/* 0, 1 not found, -1. */
int	 db_regtoken_get(struct db *, struct arena *, const char *registry_id,
	    const char *id, struct regtoken *out);
int	 db_regtoken_update(struct db *, struct arena *,
	    const char *registry_id, const char *id, const char *description,
	    struct regtoken *out);
/* Also tells workers to forget cached credentials. 0, 1, -1. */
int	 db_regtoken_delete(struct db *, const char *registry_id,
	    const char *id);
/* By keyed hash: 0 (*id, *registry_id), 1 none, -1. */
int	 db_regtoken_lookup(struct db *, struct arena *, const char *lookup,
	    char **id, char **registry_id);

#endif
