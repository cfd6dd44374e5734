/* db_team.h: teams, their members and their access to registries */
#ifndef DEPOT_DB_TEAM_H
#define DEPOT_DB_TEAM_H

#include <stddef.h>

#include "db/db.h"
#include "db/model.h"

/* Registry access levels granted to teams, lowest to highest. */
enum team_level {
	TL_NONE,
	TL_READ_ONLY,
	TL_READ_AND_WRITE,
	TL_READ_WRITE_AND_ADMIN
};

/* Member permissions, as bits. */
enum team_perm {
	TP_CREATE_REGISTRIES	= 1 << 0,
	TP_DELETE_REGISTRIES	= 1 << 1,
	TP_DELETE_PACKAGES	= 1 << 2
};

const char	*team_level_name(enum team_level);
/* TL_NONE for an unknown name. */
enum team_level	 team_level_parse(const char *);

int	 db_org_set_teams(struct db *, const char *org_id, int enabled);
/* 0 created (*id), 1 slug taken, -1. perms: enum team_perm bits. */
int	 db_team_create(struct db *, struct arena *, const char *org_id,
	    const char *slug, const char *name, unsigned perms, char **id);
/* 0 found (*id), 1 not found, -1. */
int	 db_team_find(struct db *, struct arena *, const char *org_id,
	    const char *slug, char **id);
int	 db_team_member_set(struct db *, const char *team_id,
	    const char *user_id, int maintainer);
/* Grant (level > TL_NONE) or revoke (TL_NONE). 0, -1. */
int	 db_team_grant(struct db *, const char *team_id,
	    const char *registry_id, enum team_level);
/* Grant a team of org_id (by id); 1 when it is not a team of that org. */
int	 db_team_grant_in_org(struct db *, const char *org_id,
	    const char *team_id, const char *registry_id, enum team_level);
/*
 * The highest level the user's teams have on the registry, and the member
 * permissions the user holds through teams in the org (a maintainer holds
 * them all). -1 on error.
 */
int	 db_team_access(struct db *, const char *user_id,
	    const char *registry_id, enum team_level *level);
int	 db_team_perms(struct db *, const char *user_id, const char *org_id,
	    unsigned *perms);
/* Ids of the teams with access to the registry. */
int	 db_team_ids(struct db *, struct arena *, const char *registry_id,
	    char ***ids, size_t *n);

#endif
