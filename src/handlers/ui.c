/* ui.c: the frame every page handler shares, and error pages */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db_session.h"
#include "db/db_ui.h"
#include "handlers/handlers.h"
#include "handlers/ui.h"
#include "http/query.h"
#include "http/resp.h"
#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

/* ?done= names one of these; the page shows the text. */
static const struct {
	const char	*key;
	const char	*text;
} notices[] = {
	{ "created", "Registry created." },
	{ "saved", "Registry updated." },
	{ "public", "The registry is now public." },
	{ "private", "The registry is now private." },
	{ "deleted", "Registry deleted." },
	{ "policy", "OIDC policy saved." },
	{ "storage-created", "Storage link created: its diagnostic "
	    "passed." },
	{ "storage-default", "Default storage for new registries saved." },
	{ "storage", "Storage changed. New packages go there; earlier ones "
	    "stay where they are." },
	{ "token-created", "Token created. You can view and copy it here "
	    "again later." },
	{ "token-saved", "Token description saved." },
	{ "token-deleted", "Token deleted." },
	{ "package-deleted", "Package deleted." },
	{ "logged-out", "You are logged out." },
};

void
ui_view(struct req *r, struct view *v)
{
	const struct principal	*p = &r->principal;
	const char		*done = kv_get(&r->query, "done");
	size_t			 i;

	memset(v, 0, sizeof(*v));
	html_init(&v->h, p->kind == PK_SESSION ? p->csrf : NULL);
	v->a = r->arena;
	v->base = url_base_path(r->arena, r->ctx->conf->web_url);
	v->api_url = r->ctx->conf->api_url;
	v->packages_url = r->ctx->conf->packages_url;
	if (p->kind == PK_SESSION) {
		v->user = p->user_email;
		/* The organization of the page when the user is in it. */
		v->org = p->role != ROLE_NONE ? p->org_slug : p->home_slug;
		v->admin = p->role == ROLE_ADMIN;
		/* Without the list the header just names the organization. */
		if (db_session_orgs(r->ctx->db, r->arena, p->user_id,
		    (struct org **)&v->orgs, &v->norgs) == -1)
			v->norgs = 0;
	}
	for (i = 0; done && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(done, notices[i].key) == 0)
			v->notice = notices[i].text;
}

enum status
ui_send(struct req *r, struct view *v, int code)
{
	enum status	 st;

	if (v_end(v) == -1) {
		html_release(&v->h);
		return req_fail(r, ST_INTERNAL, "cannot render the page");
	}
	st = resp_send(r, code, "text/html; charset=utf-8", v->h.out.data,
	    v->h.out.len, NULL, "no-store");
	html_release(&v->h);
	return st;
}

enum status
ui_redirect(struct req *r, const char *url, const char *what)
{
	if (url == NULL)
		return ST_INTERNAL;
	if (what)
		url = url_query(r->arena, url, "done", what, NULL);
	return resp_redirect(r, 303, url);
}

char *
ui_url(struct req *r, ...)
{
	va_list	 ap;
	char	*u;

	va_start(ap, r);
	u = url_vpath(r->arena, url_base_path(r->arena,
	    r->ctx->conf->web_url), ap);
	va_end(ap);
	return u;
}

char *
ui_reg_url(struct req *r, const struct registry *g, ...)
{
	va_list	 ap;
	char	*base, *u;

	if ((base = ui_url(r, "organizations", g->org_slug, "packages",
	    "registries", g->slug, NULL)) == NULL)
		return NULL;
	va_start(ap, g);
	u = url_vpath(r->arena, base, ap);
	va_end(ap);
	return u;
}

int
ui_may(struct req *r, unsigned perm)
{
	const char	*keep = r->errmsg;
	int		 ok = auth_require_perm(r, perm) == ST_OK;

	r->errmsg = keep;
	return ok;
}

const char *
ui_field(struct req *r, const char *name, int multiline)
{
	const char	*v = kv_get(&r->form, name);
	char		*o, *q;
	const char	*p;

	if (v == NULL || !multiline || strchr(v, '\r') == NULL)
		return v;
	if ((o = arena_strdup(r->arena, v)) == NULL)
		return v;
	for (p = v, q = o; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			*q++ = *p;
	*q = '\0';
	return o;
}

long
ui_page(struct req *r)
{
	const char	*s = kv_get(&r->query, "page");
	char		*end;
	long		 n;

	if (s == NULL)
		return 1;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 1 ||
	    n > DB_UI_MAX_OFFSET / UI_PER_PAGE)
		return 1;
	return n;
}

/* Where a browser without a session goes: the login form, back here. */
static enum status
to_login(struct req *r)
{
	const char	*base = url_base_path(r->arena,
	    r->ctx->conf->web_url);
	char		*login = arena_strfmt(r->arena, "%s/login", base);

	if (r->method == M_GET && r->uri && strncmp(r->path, "/organizations/",
	    15) == 0)
		login = url_query(r->arena, login, "next", r->uri, NULL);
	return resp_redirect(r, 303, login);
}

static const char *
title_of(int code)
{
	switch (code) {
	case 400: return "Bad request";
	case 403: return "Not allowed";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 409: return "Not possible now";
	case 413: return "Too large";
	case 415: return "Not a form";
	case 422: return "Not valid";
	case 503: return "Unavailable";
	default: return code >= 500 ? "Something went wrong" : "Error";
	}
}

void
ui_error(struct req *r, enum status st)
{
	struct view	 v;
	int		 code = status_code(st);
	const char	*msg = r->errmsg;

	if (st == ST_UNAUTH) {
		(void)to_login(r);
		return;
	}
	if (code >= 500 && st != ST_UNAVAIL)
		msg = "The server could not answer. It has been logged; try "
		    "again later.";
	if (st == ST_NOTFOUND && msg == NULL)
		msg = "There is nothing here, or you do not have access to it.";
	ui_view(r, &v);
	v.notice = NULL;
	v_begin(&v, title_of(code), NAV_NONE);
	v_error(&v, code, title_of(code), msg);
	if (ui_send(r, &v, code) != ST_OK || !r->responded)
		(void)resp_send(r, code, "text/plain; charset=utf-8",
		    "error\n", 6, NULL, "no-store");
}
