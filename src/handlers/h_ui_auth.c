/* h_ui_auth.c: logging in and out of the web interface */
#include <string.h>

#include "auth/auth.h"
#include "auth/token.h"
#include "handlers/handlers.h"
#include "handlers/ui.h"
#include "http/query.h"
#include "http/resp.h"
#include "views/url.h"
#include "util/banned.h"

#define EMAIL_MAX	254
#define PASSWORD_MAX	1024
#define NEXT_MAX	2048

/*
 * Where to go after logging in: a page of this interface given as next=,
 * else the Registries page of the user's organization. Only paths under
 * /organizations/ are taken, so next= can never send the browser to
 * another site ("//evil", "/\evil", "https:...").
 */
static const char *
after_login(struct req *r, const char *next, const char *home)
{
	const char	*p;

	if (next && strlen(next) < NEXT_MAX &&
	    strncmp(next, "/organizations/", 15) == 0) {
		for (p = next; *p; p++)
			if ((unsigned char)*p <= 0x20 || *p == 0x7f ||
			    *p == '\\' || (p[0] == '/' && p[1] == '/'))
				break;
		if (*p == '\0')
			return next;
	}
	return ui_url(r, "organizations", home, "packages", NULL);
}

/*
 * The login CSRF token: the double-submit cookie set here, before there
 * is a session (auth.h AUTH_LOGIN_COOKIE). NULL when no randomness.
 */
static const char *
login_token(struct req *r)
{
	const char	*c = auth_login_cookie(r);
	char		 t[TOKEN_RANDOM_LEN + 1];

	if (c != NULL)
		return c;
	if (token_random(t) == -1)
		return NULL;
	resp_cookie(r, AUTH_LOGIN_COOKIE, t, 3600);
	return arena_strdup(r->arena, t);
}

static enum status
login_page(struct req *r, int code, const char *email, const char *error,
    const char *next)
{
	struct view	 v;
	const char	*tok;

	if ((tok = login_token(r)) == NULL)
		return req_fail(r, ST_INTERNAL, "no randomness");
	ui_view(r, &v);
	v.h.csrf = tok;
	v.user = NULL;
	v.org = NULL;
	v_begin(&v, "Log in", NAV_NONE);
	v_login(&v, email, error, next);
	return ui_send(r, &v, code);
}

/* GET /login: the form, or on to the registries with a session. */
enum status
h_ui_login(struct req *r)
{
	const char	*next = kv_get(&r->query, "next");

	if (r->principal.kind == PK_SESSION)
		return ui_redirect(r, after_login(r, next,
		    r->principal.home_slug), NULL);
	if (next && strlen(next) >= NEXT_MAX)
		next = NULL;
	return login_page(r, 200, NULL, NULL, next);
}

/*
 * POST /login (CSRF checked by the router against the login cookie):
 * 303 to the page asked for with a new session cookie; the form again
 * with 403 for a wrong e-mail or password (one message for both), 429
 * while rate-limited, 503 when the database is down.
 */
enum status
h_ui_login_post(struct req *r)
{
	const char	*email = ui_field(r, "email", 0);
	const char	*pw = ui_field(r, "password", 0);
	const char	*next = ui_field(r, "next", 0);
	char		*cookie, *home;
	long		 wait;

	if (next && strlen(next) >= NEXT_MAX)
		next = NULL;
	if (email == NULL || *email == '\0' || pw == NULL || *pw == '\0')
		return login_page(r, 422, email, "Enter your email and "
		    "password.", next);
	if (strlen(email) > EMAIL_MAX || strlen(pw) > PASSWORD_MAX)
		return login_page(r, 403, NULL, "Wrong email or password.",
		    next);
	if (r->principal.kind == PK_SESSION)
		(void)auth_logout(r);
	switch (auth_login(r, email, pw, &cookie, &home, &wait)) {
	case LOGIN_OK:
		resp_cookie(r, AUTH_SESSION_COOKIE, cookie, AUTH_SESSION_TTL);
		resp_cookie(r, AUTH_LOGIN_COOKIE, "", 0);
		return ui_redirect(r, after_login(r, next, home), NULL);
	case LOGIN_BAD:
		return login_page(r, 403, email, "Wrong email or password.",
		    next);
	case LOGIN_LIMITED:
		resp_header(r, "Retry-After", "%ld", wait);
		return login_page(r, 429, email, arena_strfmt(r->arena,
		    "Too many failed logins. Try again in %ld minute%s.",
		    (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s"), next);
	case LOGIN_NO_ORG:
		return login_page(r, 403, email, "This account belongs to no "
		    "organization yet. Ask an administrator to add it.", next);
	default:
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	}
}

/* GET /logout: a button (logging out changes state: a POST with CSRF). */
enum status
h_ui_logout(struct req *r)
{
	struct view	 v;

	ui_view(r, &v);
	v_begin(&v, "Log out", NAV_NONE);
	v_logout(&v);
	return ui_send(r, &v, 200);
}

/* POST /logout: the session ends in the database and in the browser. */
enum status
h_ui_logout_post(struct req *r)
{
	if (auth_logout(r) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	resp_cookie(r, AUTH_SESSION_COOKIE, "", 0);
	return ui_redirect(r, ui_url(r, "login", NULL), "logged-out");
}
