/* db_org.h: organizations, users and memberships */
#ifndef DEPOT_DB_ORG_H
#define DEPOT_DB_ORG_H

#include "db/db.h"
#include "db/model.h"

/* 0 found, 1 not found, -1 error. */
int	 db_org_get(struct db *, struct arena *, const char *slug,
	    struct org *out);
/* 0 created, 1 slug taken, -1 error. */
int	 db_org_create(struct db *, struct arena *, const char *slug,
	    const char *name, struct org *out);
int	 db_user_get(struct db *, struct arena *, const char *email,
	    struct user *out);
/* 0 created, 1 email taken, -1 error. */
int	 db_user_create(struct db *, struct arena *, const char *email,
	    const char *name, const char *password_hash, struct user *out);
/* Adds or changes the membership. */
int	 db_member_set(struct db *, const char *org_id, const char *user_id,
	    enum role);
/* ROLE_NONE when not a member; -1 on error. */
int	 db_member_role(struct db *, const char *org_id, const char *user_id,
	    enum role *out);

#endif
