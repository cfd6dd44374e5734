/* auth.h: the one place that decides who the caller is and what they may do */
#ifndef DEPOT_AUTH_H
#define DEPOT_AUTH_H

#include "req.h"

/*
 * auth_authenticate turns the request's credential (Bearer, Basic with any
 * user name and the token as password, or a bare RubyGems key) into
 * r->principal. No credential gives PK_ANON. A malformed or unknown one is
 * ST_UNAUTH with a message. Resolved tokens are cached per worker for
 * auth_cache_ttl seconds (dropped at once on a "depot_meta" NOTIFY).
 */
enum status	 auth_authenticate(struct req *);

/*
 * What r's principal may do with the registry, before scopes: admins full
 * access, members write (or, when the org uses teams, their teams' highest
 * level), a registry token read on its private registry, anyone read on a
 * public one.
 */
enum access	 auth_access(struct req *, const struct registry *);

/*
 * Check the principal against r->registry for an access level and scopes.
 * The answers follow one rule everywhere: a caller without credentials gets
 * 401 (so clients send theirs); one who may not see a private registry gets
 * 404, never 403, so its existence does not leak; one who sees it but lacks
 * the level or a scope gets 403 naming what is missing.
 */
enum status	 auth_require_registry(struct req *, enum access, unsigned scopes);
/* The same for organization-level routes on r->org. */
enum status	 auth_require_org(struct req *, unsigned scopes, int admin);
/*
 * Member permissions (enum team_perm bits: create registries, delete
 * registries, delete packages): admins and members of orgs without teams
 * hold them; with teams, a member holds what a team grants (maintainers
 * all). 403 naming the permission otherwise.
 */
enum status	 auth_require_perm(struct req *, unsigned perm);

#endif
