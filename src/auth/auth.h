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

/*
 * Web sessions, for RT_UI routes only (the REST API and the package host
 * never look at cookies, so a browser cannot be made to act there).
 *
 * auth_session reads the session cookie (AUTH_SESSION_COOKIE) into
 * r->principal: PK_SESSION with the user's role in the {org} of the path
 * (or the organization logged in to), the same rules as an API token of
 * that user with every scope. No cookie, or an unknown or expired session,
 * leaves PK_ANON. ST_UNAVAIL when the database is down.
 */
#define AUTH_SESSION_COOKIE	"depot_session"
/* Before login: the double-submit cookie the login form's token matches. */
#define AUTH_LOGIN_COOKIE	"depot_login_csrf"
#define AUTH_SESSION_TTL	(12L * 3600)	/* seconds, absolute */
/* Failed logins allowed per window, per account and per client address. */
#define AUTH_LOGIN_WINDOW	(15L * 60)
#define AUTH_LOGIN_MAX_USER	5
#define AUTH_LOGIN_MAX_IP	20
enum status	 auth_session(struct req *);
/*
 * Is token (a form's csrf_token field) right? A form of a page that needs
 * no session (the login form: login set) carries the value of the
 * AUTH_LOGIN_COOKIE cookie (double submit); every other form the
 * session's CSRF token. Compared in constant time.
 */
int		 auth_csrf_ok(struct req *, const char *token, int login);
/* The AUTH_LOGIN_COOKIE value the browser sent, or NULL. */
const char	*auth_login_cookie(struct req *);

enum login_result {
	LOGIN_OK,
	LOGIN_BAD,		/* unknown e-mail or wrong password */
	LOGIN_LIMITED,		/* too many failures: *retry_after seconds */
	LOGIN_NO_ORG,		/* the user belongs to no organization */
	LOGIN_ERROR		/* database unavailable */
};
/*
 * Check a login: refused without checking the password while the account
 * or the client address is over its failure limit; otherwise the argon2id
 * hash is verified (a dummy one for unknown users, so both take as long).
 * A failure counts against both keys; success clears the account's count
 * and stores a new session of AUTH_SESSION_TTL: *cookie is the value for
 * AUTH_SESSION_COOKIE (the id; the database keeps its hash), *home the
 * slug of the user's first organization.
 */
enum login_result auth_login(struct req *, const char *email,
		    const char *password, char **cookie, char **home,
		    long *retry_after);
/* End r's session (PK_SESSION) in the database. 0, -1. */
int		 auth_logout(struct req *);

#endif
