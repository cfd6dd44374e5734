/* router.h: the route table and the checks run before every handler */
#ifndef DEPOT_ROUTER_H
#define DEPOT_ROUTER_H

#include "auth/principal.h"
#include "req.h"

enum rt_flags {
	RT_ORG		= 1 << 0,	/* {org} names an organization to load */
	RT_REGISTRY	= 1 << 1,	/* {org}/{reg} name a registry to load */
	RT_API		= 1 << 2,	/* REST: credentials always required */
	RT_OPEN		= 1 << 3,	/* no authentication at all (health) */
	RT_ADMIN	= 1 << 4,	/* organization administrators only */
	RT_UPLOAD	= 1 << 5,	/* body up to upload_max, else json_max */
	/*
	 * A web page: the session cookie authenticates (never on other
	 * routes), errors are HTML pages, a visitor without a session is
	 * sent to /login (unless RT_OPEN: the page works for anyone), and a
	 * POST's urlencoded form is read into r->form.
	 */
	RT_UI		= 1 << 6,
	/*
	 * The form's csrf_token must be the session's, or on an RT_OPEN page
	 * (login) the login cookie's (auth_csrf_ok); else 403.
	 */
	RT_CSRF		= 1 << 7
};

typedef enum status (*handler_fn)(struct req *);

/*
 * One row per route. Patterns are '/'-separated segments: a literal, a
 * {name} parameter (one percent-decoded segment), {pkg} (an npm package
 * name: one segment, or two when the first starts with '@', since clients
 * send "@scope/name" both encoded and not), {id} (a UUID, or no match),
 * {*name} (last in a pattern: one or more segments, each percent-decoded,
 * none decoding to a '/', joined with '/'; maven2 paths).
 * Rows are tried in order.
 */
struct route {
	enum method	 method;
	const char	*pattern;
	handler_fn	 handler;
	unsigned	 flags;		/* enum rt_flags */
	enum access	 access;	/* for RT_REGISTRY */
	unsigned	 scopes;	/* enum scope bits required */
};

/*
 * Route one request and answer it: parse the query, match, authenticate,
 * load the organization or registry, check access, scopes and body size,
 * read a page's form and check its CSRF token, run the handler, and render
 * any non-OK status as a JSON error (an HTML page for RT_UI routes and
 * paths under /organizations/).
 */
void	 router_dispatch(struct req *);

/*
 * Match path against the table without running anything (unit tests):
 * returns the route or NULL; *allowed is set when the path matched with
 * another method (405).
 */
const struct route *router_match(struct req *, int *allowed);

#endif
