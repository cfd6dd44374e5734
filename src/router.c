/* router.c: the route table and the checks run before every handler */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "auth/auth.h"
#include "db/db_org.h"
#include "db/db_registry.h"
#include "handlers/handlers.h"
#include "http/form.h"
#include "http/query.h"
#include "http/resp.h"
#include "router.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/log.h"
#include "views/html.h"
#include "util/banned.h"

#define R_READ	(SC_READ_PACKAGES)
#define R_WRITE	(SC_WRITE_PACKAGES)
#define NPM	"/{org}/{reg}/npm"
#define PYPI	"/{org}/{reg}/pypi"
#define API	"/api/v2/packages/organizations/{org}"
/* The web pages (DESIGN.md section 2); registry pages by access level. */
#define UI	"/organizations/{org}"
#define UIREG	UI "/packages/registries/{reg}"
#define PAGE	(RT_UI | RT_REGISTRY)
#define FORM	(RT_UI | RT_REGISTRY | RT_CSRF)

static const struct route routes[] = {
	{ M_GET, "/-/health", h_health, RT_OPEN, ACC_NONE, 0 },
	{ M_GET, "/", h_root, RT_OPEN, ACC_NONE, 0 },
	{ M_GET, "/api", h_root, RT_OPEN, ACC_NONE, 0 },

	/* Web pages (h_ui_*.c) */
	{ M_GET, "/login", h_ui_login, RT_UI | RT_OPEN, ACC_NONE, 0 },
	{ M_POST, "/login", h_ui_login_post, RT_UI | RT_OPEN | RT_CSRF,
	    ACC_NONE, 0 },
	{ M_GET, "/logout", h_ui_logout, RT_UI | RT_OPEN, ACC_NONE, 0 },
	{ M_POST, "/logout", h_ui_logout_post, RT_UI | RT_CSRF, ACC_NONE, 0 },
	{ M_GET, UI "/packages", h_ui_registries, RT_UI | RT_ORG, ACC_NONE, 0 },
	{ M_GET, UI "/packages/registries/new", h_ui_registry_new,
	    RT_UI | RT_ORG, ACC_NONE, 0 },
	{ M_POST, UI "/packages/registries/new", h_ui_registry_create,
	    RT_UI | RT_ORG | RT_CSRF, ACC_NONE, 0 },
	{ M_GET, UIREG, h_ui_packages, PAGE, ACC_READ, 0 },
	{ M_GET, UIREG "/publish", h_ui_publish, PAGE, ACC_READ, 0 },
	{ M_GET, UIREG "/packages/{id}", h_ui_package, PAGE, ACC_READ, 0 },
	{ M_GET, UIREG "/packages/{id}/download", h_ui_package_download, PAGE,
	    ACC_READ, 0 },
	{ M_GET, UIREG "/packages/{id}/delete", h_ui_package_delete_confirm,
	    PAGE, ACC_WRITE, 0 },
	{ M_POST, UIREG "/packages/{id}/delete", h_ui_package_delete, FORM,
	    ACC_WRITE, 0 },
	{ M_GET, UIREG "/settings", h_ui_settings, PAGE, ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings", h_ui_settings_save, FORM, ACC_ADMIN, 0 },
	{ M_GET, UIREG "/settings/visibility", h_ui_visibility_confirm, PAGE,
	    ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings/visibility", h_ui_visibility, FORM,
	    ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings/delete", h_ui_registry_delete, FORM,
	    ACC_ADMIN, 0 },
	{ M_GET, UIREG "/settings/oidc", h_ui_oidc, PAGE, ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings/oidc", h_ui_oidc_save, FORM, ACC_ADMIN, 0 },
	{ M_GET, UIREG "/settings/tokens", h_ui_tokens, PAGE, ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings/tokens", h_ui_token_create, FORM,
	    ACC_ADMIN, 0 },
	{ M_GET, UIREG "/settings/tokens/{id}", h_ui_token, PAGE, ACC_ADMIN,
	    0 },
	{ M_POST, UIREG "/settings/tokens/{id}", h_ui_token_save, FORM,
	    ACC_ADMIN, 0 },
	{ M_GET, UIREG "/settings/tokens/{id}/delete",
	    h_ui_token_delete_confirm, PAGE, ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings/tokens/{id}/delete", h_ui_token_delete,
	    FORM, ACC_ADMIN, 0 },
	{ M_GET, UIREG "/settings/storage", h_ui_registry_storage, PAGE,
	    ACC_ADMIN, 0 },
	{ M_POST, UIREG "/settings/storage", h_ui_registry_storage_save, FORM,
	    ACC_ADMIN, 0 },
	{ M_GET, UI "/storage", h_ui_storage, RT_UI | RT_ORG | RT_ADMIN,
	    ACC_NONE, 0 },
	{ M_GET, UI "/storage/new", h_ui_storage_new, RT_UI | RT_ORG | RT_ADMIN,
	    ACC_NONE, 0 },
	{ M_POST, UI "/storage/new", h_ui_storage_create,
	    RT_UI | RT_ORG | RT_ADMIN | RT_CSRF, ACC_NONE, 0 },
	{ M_POST, UI "/storage/default", h_ui_storage_default,
	    RT_UI | RT_ORG | RT_ADMIN | RT_CSRF, ACC_NONE, 0 },
	{ M_GET, UI "/audit-log", h_ui_audit, RT_UI | RT_ORG | RT_ADMIN,
	    ACC_NONE, 0 },

	/* REST API (REFERENCE.md section 3) */
	{ M_GET, API "/registries", h_registry_list,
	    RT_API | RT_ORG, ACC_NONE, SC_READ_REGISTRIES },
	{ M_POST, API "/registries", h_registry_create,
	    RT_API | RT_ORG, ACC_NONE, SC_WRITE_REGISTRIES },
	{ M_GET, API "/registries/{reg}", h_registry_get,
	    RT_API | RT_REGISTRY, ACC_READ, SC_READ_REGISTRIES },
	{ M_POST, API "/registries/{reg}", h_registry_update,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_PATCH, API "/registries/{reg}", h_registry_update,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_PUT, API "/registries/{reg}", h_registry_update,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_DELETE, API "/registries/{reg}", h_registry_delete,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_DELETE_REGISTRIES },
	{ M_GET, API "/registries/{reg}/packages", h_package_list,
	    RT_API | RT_REGISTRY, ACC_READ, R_READ },
	{ M_POST, API "/registries/{reg}/packages", h_package_upload,
	    RT_API | RT_REGISTRY | RT_UPLOAD, ACC_WRITE, R_READ | R_WRITE },
	{ M_GET, API "/registries/{reg}/packages/{id}", h_package_get,
	    RT_API | RT_REGISTRY, ACC_READ, R_READ },
	{ M_DELETE, API "/registries/{reg}/packages/{id}", h_package_delete,
	    RT_API | RT_REGISTRY, ACC_WRITE, R_READ | SC_DELETE_PACKAGES },
	{ M_POST, API "/registries/{reg}/packages/{id}/copy", h_package_copy,
	    RT_API | RT_REGISTRY, ACC_READ, R_READ | R_WRITE },
	/* PyPI yank (PEP 592) and unyank of a version (h_pypi.c) */
	{ M_POST, API "/registries/{reg}/packages/{id}/yank", h_pypi_yank,
	    RT_API | RT_REGISTRY, ACC_WRITE, R_READ | R_WRITE },
	{ M_DELETE, API "/registries/{reg}/packages/{id}/yank", h_pypi_unyank,
	    RT_API | RT_REGISTRY, ACC_WRITE, R_READ | R_WRITE },
	{ M_GET, API "/registries/{reg}/tokens", h_regtoken_list,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_READ_REGISTRIES },
	{ M_POST, API "/registries/{reg}/tokens", h_regtoken_create,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_GET, API "/registries/{reg}/tokens/{id}", h_regtoken_get,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_READ_REGISTRIES },
	{ M_POST, API "/registries/{reg}/tokens/{id}", h_regtoken_update,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_PATCH, API "/registries/{reg}/tokens/{id}", h_regtoken_update,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_DELETE, API "/registries/{reg}/tokens/{id}", h_regtoken_delete,
	    RT_API | RT_REGISTRY, ACC_ADMIN, SC_WRITE_REGISTRIES },
	{ M_GET, "/api/v2/organizations/{org}/audit_events", h_audit_list,
	    RT_API | RT_ORG | RT_ADMIN, ACC_NONE, SC_READ_AUDIT_EVENTS },
	{ M_GET, "/api/v2/organizations/{org}/audit_events/{id}", h_audit_get,
	    RT_API | RT_ORG | RT_ADMIN, ACC_NONE, SC_READ_AUDIT_EVENTS },

	/* npm registry protocol, under /{org}/{reg}/npm/ */
	{ M_GET, NPM "/-/ping", h_npm_ping, RT_OPEN, ACC_NONE, 0 },
	{ M_POST, NPM "/-/npm/v1/security/advisories/bulk", h_npm_advisories,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, NPM "/-/whoami", h_npm_whoami,
	    RT_REGISTRY, ACC_READ, 0 },
	{ M_GET, NPM "/-/package/{pkg}/dist-tags", h_npm_tags,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_PUT, NPM "/-/package/{pkg}/dist-tags/{tag}", h_npm_tag_set,
	    RT_REGISTRY, ACC_WRITE, R_READ | R_WRITE },
	{ M_DELETE, NPM "/-/package/{pkg}/dist-tags/{tag}", h_npm_tag_delete,
	    RT_REGISTRY, ACC_WRITE, R_READ | R_WRITE },
	{ M_GET, NPM "/{pkg}", h_npm_packument,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_PUT, NPM "/{pkg}", h_npm_publish,
	    RT_REGISTRY | RT_UPLOAD, ACC_WRITE, R_READ | R_WRITE },
	{ M_PUT, NPM "/{pkg}/-rev/{rev}", h_npm_publish,
	    RT_REGISTRY | RT_UPLOAD, ACC_WRITE, R_READ | R_WRITE },
	{ M_DELETE, NPM "/{pkg}/-rev/{rev}", h_npm_remove,
	    RT_REGISTRY, ACC_WRITE, R_READ | SC_DELETE_PACKAGES },
	{ M_GET, NPM "/{pkg}/-/{file}", h_npm_tarball,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_DELETE, NPM "/{pkg}/-/{file}/-rev/{rev}", h_npm_tarball_remove,
	    RT_REGISTRY, ACC_WRITE, R_READ | SC_DELETE_PACKAGES },
	/*
	 * npm unpublish deletes the tarball at its URL's path taken relative
	 * to the registry URL, which repeats the registry's own path.
	 */
	{ M_DELETE, NPM "/{org2}/{reg2}/npm/{pkg}/-/{file}/-rev/{rev}",
	    h_npm_tarball_remove, RT_REGISTRY, ACC_WRITE,
	    R_READ | SC_DELETE_PACKAGES },

	/* PyPI under /{org}/{reg}/pypi/ (h_pypi.c) */
	{ M_POST, PYPI, h_pypi_upload,
	    RT_REGISTRY | RT_UPLOAD, ACC_WRITE, R_READ | R_WRITE },
	{ M_GET, PYPI "/simple", h_pypi_index,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, PYPI "/simple/{name}", h_pypi_project,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, PYPI "/files/{name}/{file}", h_pypi_file,
	    RT_REGISTRY, ACC_READ, R_READ },

	/* Files under /{org}/{reg}/files/ (h_files.c) */
	{ M_GET, "/{org}/{reg}/files/{file}", h_files_get,
	    RT_REGISTRY, ACC_READ, R_READ },

	/* Maven under /{org}/{reg}/maven2/ (h_maven.c) */
	{ M_GET, "/{org}/{reg}/maven2/{*path}", h_maven_get,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_PUT, "/{org}/{reg}/maven2/{*path}", h_maven_put,
	    RT_REGISTRY | RT_UPLOAD, ACC_WRITE, R_READ | R_WRITE },

	/* RubyGems at the registry root /{org}/{reg}/ (h_ruby.c); last, since
	 * its paths are the least specific */
	{ M_GET, "/{org}/{reg}", h_ruby_root,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_POST, "/{org}/{reg}/api/v1/gems", h_ruby_push,
	    RT_REGISTRY | RT_UPLOAD, ACC_WRITE, R_READ | R_WRITE },
	{ M_DELETE, "/{org}/{reg}/api/v1/gems/yank", h_ruby_yank,
	    RT_REGISTRY, ACC_WRITE, R_READ | SC_DELETE_PACKAGES },
	{ M_GET, "/{org}/{reg}/specs.4.8.gz", h_ruby_specs,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/latest_specs.4.8.gz", h_ruby_specs,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/prerelease_specs.4.8.gz", h_ruby_specs,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/specs.4.8", h_ruby_specs,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/latest_specs.4.8", h_ruby_specs,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/prerelease_specs.4.8", h_ruby_specs,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/quick/Marshal.4.8/{file}", h_ruby_quick,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/gems/{file}", h_ruby_gem,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/versions", h_ruby_versions,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/info/{gem}", h_ruby_info,
	    RT_REGISTRY, ACC_READ, R_READ },
	{ M_GET, "/{org}/{reg}/names", h_ruby_names,
	    RT_REGISTRY, ACC_READ, R_READ },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))
#define MAX_SEGS 32

const char *
req_param(const struct req *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->nparams; i++)
		if (strcmp(r->param_name[i], name) == 0)
			return r->param[i];
	return NULL;
}

/* 8-4-4-4-12 hex digits: ids are checked before they reach SQL. */
static int
valid_uuid(const char *s)
{
	size_t	 i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return s[36] == '\0';
}

/* Split the raw path into raw segments (not decoded). */
static size_t
split(struct arena *a, const char *path, char **segs, size_t max)
{
	const char	*p = path, *s;
	size_t		 n = 0;

	while (*p == '/')
		p++;
	while (*p && n < max) {
		s = p;
		while (*p && *p != '/')
			p++;
		segs[n++] = arena_strndup(a, s, (size_t)(p - s));
		if (*p == '/')
			p++;
	}
	if (*p)
		return max + 1;
	return n;
}

/*
 * segs[0..n) percent-decoded and joined with '/' (empty ones too, for the
 * handler to refuse); NULL when n is 0, a segment decodes to something
 * with a '/' (so "%2F" never adds a level), or a decoding fails.
 */
static char *
rest(struct arena *a, char **segs, size_t n)
{
	struct buf	 b;
	char		*dec, *out = NULL;
	size_t		 i, dlen;

	buf_init(&b, 4096);
	for (i = 0; i < n; i++) {
		if (url_decode(a, segs[i], strlen(segs[i]), 0, &dec,
		    &dlen) == -1 || strchr(dec, '/') != NULL ||
		    (i && buf_addch(&b, '/') == -1) ||
		    buf_add(&b, dec, dlen) == -1)
			goto out;
	}
	if (n > 0)
		out = arena_strndup(a, b.data, b.len);
out:
	buf_release(&b);
	return out;
}

static int
match(struct req *r, const struct route *rt, char **segs, size_t nsegs)
{
	char		*pat[MAX_SEGS], *dec, *dec2;
	size_t		 np, i, j, dlen;

	np = split(r->arena, rt->pattern, pat, MAX_SEGS);
	r->nparams = 0;
	for (i = 0, j = 0; i < np; i++, j++) {
		if (j >= nsegs)
			return 0;
		if (pat[i][0] != '{') {
			if (strcmp(pat[i], segs[j]) != 0)
				return 0;
			continue;
		}
		if (pat[i][1] == '*') {
			/* {*rest}: every remaining segment, decoded. */
			if ((dec = rest(r->arena, segs + j, nsegs - j)) == NULL)
				return 0;
			if (r->nparams == REQ_MAX_PARAMS)
				BUG("route '%s' has too many parameters",
				    rt->pattern);
			r->param_name[r->nparams] = arena_strndup(r->arena,
			    pat[i] + 2, strlen(pat[i]) - 3);
			r->param[r->nparams++] = dec;
			return i + 1 == np;
		}
		if (url_decode(r->arena, segs[j], strlen(segs[j]), 0, &dec,
		    &dlen) == -1 || dlen == 0)
			return 0;
		if (strcmp(pat[i], "{id}") == 0 && !valid_uuid(dec))
			return 0;
		/* An organization slug starts with a letter or digit. */
		if (strcmp(pat[i], "{org}") == 0 &&
		    !isalnum((unsigned char)dec[0]))
			return 0;
		if (strcmp(pat[i], "{pkg}") == 0) {
			/* "-" is the npm API's own namespace, never a name. */
			if (strcmp(dec, "-") == 0)
				return 0;
			if (dec[0] == '@' && strchr(dec, '/') == NULL) {
				if (j + 1 >= nsegs || url_decode(r->arena,
				    segs[j + 1], strlen(segs[j + 1]), 0, &dec2,
				    &dlen) == -1 || dlen == 0)
					return 0;
				dec = arena_strfmt(r->arena, "%s/%s", dec, dec2);
				j++;
			}
		}
		if (r->nparams == REQ_MAX_PARAMS)
			BUG("route '%s' has too many parameters", rt->pattern);
		r->param_name[r->nparams] = arena_strndup(r->arena, pat[i] + 1,
		    strlen(pat[i]) - 2);
		r->param[r->nparams++] = dec;
	}
	return j == nsegs;
}

const struct route *
router_match(struct req *r, int *allowed)
{
	char		*segs[MAX_SEGS];
	size_t		 nsegs, i;
	enum method	 m = r->method == M_HEAD ? M_GET : r->method;

	*allowed = 0;
	nsegs = split(r->arena, r->path, segs, MAX_SEGS);
	if (nsegs > MAX_SEGS)
		return NULL;
	for (i = 0; i < NROUTES; i++) {
		if (!match(r, &routes[i], segs, nsegs))
			continue;
		if (routes[i].method == m)
			return &routes[i];
		*allowed = 1;
	}
	r->nparams = 0;
	return NULL;
}

/* Registries are cached per worker, dropped on a "depot_meta" NOTIFY. */
#define REG_FIELDS 13

static int
load_registry(struct req *r, const char *org, const char *slug)
{
	char				 key[512], pub[2];
	char				*f[REG_FIELDS];
	const char			*cf[REG_FIELDS];
	const struct cache_entry	*ce;
	struct registry			*g;
	struct buf			 b;
	int				 rc;

	if ((size_t)snprintf(key, sizeof(key), "reg:%s/%s", org, slug) >=
	    sizeof(key))
		return 1;
	if ((g = arena_calloc(r->arena, 1, sizeof(*g))) == NULL)
		return -1;
	/*
	 * The cache serves the package host, where installs repeat; pages and
	 * the API read the row itself, so whoever just changed a registry sees
	 * the change on the next request whichever worker takes it (a NOTIFY
	 * reaches the other workers a moment later).
	 */
	if (!(r->route->flags & (RT_UI | RT_API)) &&
	    (ce = cache_get(key, time(NULL))) != NULL &&
	    cache_unpack(r->arena, ce->data, ce->len, f, REG_FIELDS) == 0) {
		g->id = f[0]; g->org_id = f[1]; g->org_slug = f[2];
		g->name = f[3]; g->slug = f[4]; g->ecosystem = f[5];
		g->description = f[6]; g->emoji = f[7]; g->color = f[8];
		g->oidc_policy = f[9]; g->public = f[10] && f[10][0] == '1';
		g->created_at = f[11]; g->updated_at = f[12];
		r->registry = g;
		return 0;
	}
	rc = db_registry_get(r->ctx->db, r->arena, org, slug, g);
	if (rc != 0)
		return rc;
	pub[0] = g->public ? '1' : '0';
	pub[1] = '\0';
	cf[0] = g->id; cf[1] = g->org_id; cf[2] = g->org_slug;
	cf[3] = g->name; cf[4] = g->slug; cf[5] = g->ecosystem;
	cf[6] = g->description; cf[7] = g->emoji; cf[8] = g->color;
	cf[9] = g->oidc_policy; cf[10] = pub; cf[11] = g->created_at;
	cf[12] = g->updated_at;
	buf_init(&b, 1 << 20);
	if (cache_pack(&b, cf, REG_FIELDS) == 0)
		(void)cache_put(key, "meta", b.data, b.len, NULL, 0);
	buf_release(&b);
	r->registry = g;
	return 0;
}

/* A page's POST body: application/x-www-form-urlencoded into r->form. */
static enum status
read_form(struct req *r, size_t max)
{
	struct form	 f;
	const char	*err = NULL;

	memset(&f, 0, sizeof(f));
	/* No body at all: no fields (and so no CSRF token: 403). */
	if (r->content_length <= 0 && *r->content_type == '\0')
		return ST_OK;
	if (strncmp(r->content_type, "application/x-www-form-urlencoded",
	    33) != 0)
		return req_fail(r, ST_UNSUPPORTED, "expected a form "
		    "(application/x-www-form-urlencoded)");
	switch (form_read_urlencoded(r->arena, req_read, r, max, 256, &f,
	    &err)) {
	case FORM_OK:
		r->form = f.fields;
		return ST_OK;
	case FORM_TOOBIG:
		return req_fail(r, ST_TOOBIG, "%s", err ? err :
		    "the form is too large");
	case FORM_IO:
		return req_fail(r, ST_INTERNAL, "cannot read the form");
	default:
		return req_fail(r, ST_BADREQ, "%s", err ? err :
		    "malformed form");
	}
}

static enum status
checks(struct req *r, const struct route *rt)
{
	const struct conf	*conf = r->ctx->conf;
	long long		 max;
	enum status		 st;
	int			 rc;

	if (rt->flags & RT_UI) {
		if ((st = auth_session(r)) != ST_OK)
			return st;
		if (!(rt->flags & RT_OPEN) && r->principal.kind == PK_ANON)
			return req_fail(r, ST_UNAUTH,
			    "log in to see this page");
	} else if (!(rt->flags & RT_OPEN)) {
		if ((st = auth_authenticate(r)) != ST_OK)
			return st;
		if ((rt->flags & RT_API) && r->principal.kind == PK_ANON)
			return req_fail(r, ST_UNAUTH, "authentication required");
		if ((rt->flags & RT_API) &&
		    r->principal.kind == PK_REGISTRY_TOKEN)
			return req_fail(r, ST_FORBIDDEN, "registry tokens only "
			    "install packages; the REST API needs an API "
			    "access token");
	}
	if (rt->flags & RT_ORG) {
		if ((r->org = arena_calloc(r->arena, 1, sizeof(*r->org))) == NULL)
			return ST_INTERNAL;
		rc = db_org_get(r->ctx->db, r->arena, req_param(r, "org"),
		    r->org);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if (rc == 1)
			r->org = NULL;
		if ((st = auth_require_org(r, rt->scopes,
		    (rt->flags & RT_ADMIN) != 0)) != ST_OK)
			return st;
	}
	if (rt->flags & RT_REGISTRY) {
		rc = load_registry(r, req_param(r, "org"), req_param(r, "reg"));
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if ((st = auth_require_registry(r, rt->access, rt->scopes)) !=
		    ST_OK)
			return st;
	}
	max = (rt->flags & RT_UPLOAD) ? conf->upload_max : conf->json_max;
	if (r->content_length > max)
		return req_fail(r, ST_TOOBIG, "request body is larger than "
		    "the limit of %lld bytes", max);
	if ((rt->flags & RT_UI) && r->method == M_POST &&
	    (st = read_form(r, (size_t)max)) != ST_OK)
		return st;
	if ((rt->flags & RT_CSRF) && !auth_csrf_ok(r, kv_get(&r->form,
	    HTML_CSRF_FIELD), (rt->flags & RT_OPEN) != 0))
		return req_fail(r, ST_FORBIDDEN, "this form has expired or did "
		    "not come from this site: go back, reload the page and try "
		    "again");
	return ST_OK;
}

/*
 * npm prints a failed request's body.error ("403 Forbidden - PUT url -
 * <error>") and ignores "message": npm routes carry both.
 */
static void
npm_error_field(struct req *r)
{
	struct json_object	*o;

	if (r->route == NULL || r->errmsg == NULL || r->errextra != NULL ||
	    strncmp(r->route->pattern, NPM "/", sizeof(NPM)) != 0)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(r->errmsg));
	r->errextra = arena_strdup(r->arena,
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/* Paths of the web pages, whose errors are pages even without a route. */
static int
ui_path(const char *path)
{
	return strncmp(path, "/organizations/", 15) == 0 ||
	    strcmp(path, "/login") == 0 || strcmp(path, "/logout") == 0;
}

void
router_dispatch(struct req *r)
{
	const struct route	*rt = NULL;
	enum status		 st;
	int			 allowed;

	if (query_parse(r->arena, r->query_string, strlen(r->query_string),
	    100, &r->query) == -1) {
		st = req_fail(r, ST_BADREQ, "malformed query string");
		goto out;
	}
	if ((rt = router_match(r, &allowed)) == NULL) {
		st = allowed ? ST_BADMETHOD : req_fail(r, ST_NOTFOUND,
		    "not found");
		goto out;
	}
	r->route = rt;
	if ((st = checks(r, rt)) != ST_OK)
		goto out;
	st = rt->handler(r);
out:
	if (st != ST_OK && !r->responded) {
		if (rt ? (rt->flags & RT_UI) != 0 : ui_path(r->path))
			ui_error(r, st);
		else {
			npm_error_field(r);
			if (!ruby_error_text(r, st))
				resp_error(r, st, r->errmsg);
		}
	}
	if (!r->responded)
		BUG("handler for '%s' returned OK without a response",
		    r->route ? r->route->pattern : r->path);
}
