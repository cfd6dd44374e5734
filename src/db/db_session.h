/* db_session.h: web sessions and failed-login counters */
#ifndef DEPOT_DB_SESSION_H
#define DEPOT_DB_SESSION_H

#include <stddef.h>

#include "db/db.h"
#include "db/model.h"

/*
 * A session is found by the SHA-256 of its id (hex), never by the id. It
 * belongs to a user and names the organization the user logged in to; a
 * page of another organization the user belongs to is served with the role
 * the user has there (db_session_lookup's org_slug).
 */
struct session_row {
	char		*user_id;
	char		*user_email;
	char		*user_name;
	char		*csrf;
	char		*home_slug;	/* the organization logged in to */
	/* The organization asked about (or the home one): */
	char		*org_id;	/* NULL when there is no such org */
	char		*org_slug;
	enum role	 role;		/* ROLE_NONE: not a member */
	int		 teams;		/* the org uses teams */
};

/*
 * A live (unexpired) session by hash, with the user's role in the
 * organization org_slug (NULL: the session's own). 0, 1 none, -1.
 */
int	 db_session_lookup(struct db *, struct arena *, const char *hash_hex,
	    const char *org_slug, struct session_row *out);
/* A new session of ttl seconds. 0, -1. */
int	 db_session_create(struct db *, const char *hash_hex,
	    const char *user_id, const char *org_id, const char *csrf,
	    long ttl, const char *ip, const char *user_agent);
/* Log out: 0, 1 no such session, -1. */
int	 db_session_delete(struct db *, const char *hash_hex);
/* Remove expired sessions and stale failure counters. 0, -1. */
int	 db_session_purge(struct db *, long period);
/*
 * The organization a user's session starts in: their oldest membership.
 * 0 (*org_id), 1 the user belongs to none, -1.
 */
int	 db_session_home_org(struct db *, struct arena *, const char *user_id,
	    char **org_id);
/* Organizations the user belongs to (slug and name), by slug. */
int	 db_session_orgs(struct db *, struct arena *, const char *user_id,
	    struct org **out, size_t *n);

/*
 * Failed logins under key ("user:<email>", "ip:<address>") in the window of
 * period seconds now running: *failures, and *retry_after seconds until the
 * window ends (0 when there is none). 0, -1.
 */
int	 db_login_failures(struct db *, const char *key, long period,
	    int *failures, long *retry_after);
/* Count one more failure under key (a stale window restarts). 0, -1. */
int	 db_login_fail(struct db *, const char *key, long period);
/* Forget key's failures (after a successful login). 0, -1. */
int	 db_login_reset(struct db *, const char *key);

#endif
