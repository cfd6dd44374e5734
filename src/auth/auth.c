/* auth.c: principals, registry access and scope checks */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/credential.h"
#include "auth/jwks.h"
#include "auth/jwt.h"
#include "auth/oidc_policy.h"
#include "auth/password.h"
#include "auth/scope.h"
#include "auth/token.h"
#include "db/db_org.h"
#include "db/db_regtoken.h"
#include "db/db_session.h"
#include "db/db_team.h"
#include "db/db_token.h"
#include "router.h"
#include "http/cookie.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/banned.h"

#define TOKEN_FIELDS 8

static int
token_pack(const struct token_row *t, struct buf *b)
{
	char		 role[2] = { (char)('0' + (int)t->role), '\0' };
	const char	*f[TOKEN_FIELDS] = { t->id, t->org_id, t->org_slug,
	    t->user_id, t->user_email, t->scopes, role,
	    t->teams ? "1" : "0" };

	return cache_pack(b, f, TOKEN_FIELDS);
}

static int
token_unpack(struct arena *a, const char *p, size_t len, struct token_row *t)
{
	char	*f[TOKEN_FIELDS];

	if (cache_unpack(a, p, len, f, TOKEN_FIELDS) == -1 || f[6] == NULL ||
	    f[7] == NULL)
		return -1;
	t->id = f[0];
	t->org_id = f[1];
	t->org_slug = f[2];
	t->user_id = f[3];
	t->user_email = f[4];
	t->scopes = f[5] ? f[5] : arena_strdup(a, "");
	t->role = (enum role)(f[6][0] - '0');
	t->teams = f[7][0] == '1';
	return 0;
}

static enum status
resolve_token(struct req *r, const char *secret)
{
	unsigned char			 hash[32];
	char				 key[80];
	const struct cache_entry	*ce;
	struct token_row		 t;
	struct principal		*p = &r->principal;
	struct buf			 b;
	const char			*bad;
	time_t				 now = time(NULL);
	int				 rc;

	if (!token_looks_api(secret))
		return req_fail(r, ST_UNAUTH, "invalid token");
	token_hash(secret, strlen(secret), hash);
	memcpy(key, "tok:", 4);
	hex_encode(hash, 32, key + 4);
	if ((ce = cache_get(key, now)) != NULL) {
		if (token_unpack(r->arena, ce->data, ce->len, &t) == -1)
			return ST_INTERNAL;
	} else {
		rc = db_token_lookup(r->ctx->db, r->arena, hash, &t);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if (rc == 1)
			return req_fail(r, ST_UNAUTH, "invalid token");
		buf_init(&b, 4096);
		if (token_pack(&t, &b) == 0 && r->ctx->conf->auth_cache_ttl)
			(void)cache_put(key, "auth", b.data, b.len, NULL,
			    now + r->ctx->conf->auth_cache_ttl);
		buf_release(&b);
	}
	/* A token whose owner left the organization no longer works. */
	if (t.role == ROLE_NONE)
		return req_fail(r, ST_UNAUTH, "invalid token");
	p->kind = PK_API_TOKEN;
	p->token_id = t.id;
	p->user_id = t.user_id;
	p->user_email = t.user_email;
	p->org_id = t.org_id;
	p->org_slug = t.org_slug;
	p->role = t.role;
	p->teams = t.teams;
	if (scope_parse(r->arena, t.scopes, &p->scopes, &bad) == -1)
		log_warnx("token %s has unknown scope '%s'", t.id, bad);
	return ST_OK;
}

/*
 * Registry tokens are found by their keyed hash (HMAC under the server
 * key); the cache keeps only that hash and the registry id.
 */
static enum status
resolve_registry_token(struct req *r, const char *secret)
{
	char				 mac[65], key[80];
	char				*f[2], *id, *reg;
	const char			*cf[2];
	const struct cache_entry	*ce;
	struct principal		*p = &r->principal;
	struct buf			 b;
	time_t				 now = time(NULL);
	int				 rc;

	if (!regtoken_looks(secret))
		return req_fail(r, ST_UNAUTH, "invalid token");
	if (secret_mac(secret, strlen(secret), mac) == -1)
		return req_fail(r, ST_UNAVAIL, "registry tokens need the "
		    "server's secret_key_file");
	memcpy(key, "rtok:", 5);
	memcpy(key + 5, mac, 65);
	if ((ce = cache_get(key, now)) != NULL &&
	    cache_unpack(r->arena, ce->data, ce->len, f, 2) == 0) {
		id = f[0];
		reg = f[1];
	} else {
		rc = db_regtoken_lookup(r->ctx->db, r->arena, mac, &id, &reg);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if (rc == 1)
			return req_fail(r, ST_UNAUTH, "invalid token");
		cf[0] = id;
		cf[1] = reg;
		buf_init(&b, 1024);
		if (cache_pack(&b, cf, 2) == 0 && r->ctx->conf->auth_cache_ttl)
			(void)cache_put(key, "auth", b.data, b.len, NULL,
			    now + r->ctx->conf->auth_cache_ttl);
		buf_release(&b);
	}
	p->kind = PK_REGISTRY_TOKEN;
	p->token_id = id;
	p->registry_id = reg;
	p->scopes = SC_READ_PACKAGES;
	return ST_OK;
}

enum status
auth_authenticate(struct req *r)
{
	struct credential	 c;
	const char		*why = NULL;

	memset(&r->principal, 0, sizeof(r->principal));
	r->principal.kind = PK_ANON;
	if (r->authorization == NULL)
		return ST_OK;
	if (credential_parse(r->arena, r->authorization,
	    strlen(r->authorization), &c, &why) == -1)
		return req_fail(r, ST_UNAUTH, "%s", why ? why :
		    "malformed credentials");
	if (c.kind == CRED_NONE)
		return ST_OK;
	if (strncmp(c.secret, REGTOKEN_PREFIX, sizeof(REGTOKEN_PREFIX) - 1)
	    == 0)
		return resolve_registry_token(r, c.secret);
	if (jwt_looks(c.secret) || strlen(c.secret) > JWT_MAX_LEN) {
		/* Checked against the registry it is for (its audience). */
		if (strlen(c.secret) > JWT_MAX_LEN)
			return req_fail(r, ST_UNAUTH, "token is too long");
		r->principal.kind = PK_OIDC;
		r->principal.jwt = c.secret;
		return ST_OK;
	}
	return resolve_token(r, c.secret);
}

/* The member's level through teams, cached per worker for a while. */
static enum access
team_access(struct req *r, const struct registry *reg)
{
	const struct principal		*p = &r->principal;
	const struct cache_entry	*ce;
	enum team_level			 lvl;
	char				 key[128], v[2];
	time_t				 now = time(NULL);

	snprintf(key, sizeof(key), "tacc:%s:%s", p->user_id, reg->id);
	if ((ce = cache_get(key, now)) != NULL && ce->len == 1)
		lvl = (enum team_level)(ce->data[0] - '0');
	else {
		if (db_team_access(r->ctx->db, p->user_id, reg->id, &lvl) == -1)
			return ACC_NONE;
		v[0] = (char)('0' + (int)lvl);
		v[1] = '\0';
		if (r->ctx->conf->auth_cache_ttl)
			(void)cache_put(key, "auth", v, 1, NULL,
			    now + r->ctx->conf->auth_cache_ttl);
	}
	switch (lvl) {
	case TL_READ_ONLY:
		return ACC_READ;
	case TL_READ_AND_WRITE:
		return ACC_WRITE;
	case TL_READ_WRITE_AND_ADMIN:
		return ACC_ADMIN;
	default:
		return ACC_NONE;
	}
}

enum access
auth_access(struct req *r, const struct registry *reg)
{
	const struct principal	*p = &r->principal;
	enum access		 acc = reg->public ? ACC_READ : ACC_NONE, t;

	switch (p->kind) {
	case PK_API_TOKEN:
	case PK_SESSION:
		if (strcmp(p->org_id, reg->org_id) != 0)
			break;
		/*
		 * Admins have full access everywhere. Without teams every
		 * member reads and publishes; with teams, members get the
		 * highest level their teams have on this registry.
		 */
		if (p->role == ROLE_ADMIN)
			acc = ACC_ADMIN;
		else if (p->role == ROLE_MEMBER && !p->teams)
			acc = ACC_WRITE;
		else if (p->role == ROLE_MEMBER &&
		    (t = team_access(r, reg)) > acc)
			acc = t;
		break;
	case PK_REGISTRY_TOKEN:
		if (!reg->public && strcmp(p->registry_id, reg->id) == 0)
			acc = ACC_READ;
		break;
	case PK_OIDC:
		/* Only after oidc_authorize granted scopes on this registry. */
		if (p->registry_id && strcmp(p->registry_id, reg->id) == 0)
			acc = (p->scopes & SC_WRITE_PACKAGES) ? ACC_WRITE :
			    ACC_READ;
		break;
	default:
		break;
	}
	return acc;
}

static enum status
check_scopes(struct req *r, unsigned scopes)
{
	unsigned	 missing, bit;

	if (r->principal.kind == PK_ANON)
		return ST_OK;
	missing = scopes & ~r->principal.scopes;
	if (missing == 0)
		return ST_OK;
	for (bit = 1; !(missing & bit); bit <<= 1)
		;
	return req_fail(r, ST_FORBIDDEN, "the token lacks the '%s' scope",
	    scope_name(bit));
}

/*
 * An OIDC token is for one registry: its audience must be the registry's
 * package URL, its signature a trusted issuer's, and the registry's policy
 * decides its scopes (first matching statement). 401 for a token that does
 * not verify, 403 for a valid one the policy does not admit.
 */
static enum status
oidc_authorize(struct req *r)
{
	struct principal	*p = &r->principal;
	const struct registry	*g = r->registry;
	struct policy		 pol;
	struct jwt		 jwt;
	const char		*why, *aud;
	char			 err[256];
	unsigned		 granted;

	aud = arena_strfmt(r->arena, "%s/%s/%s", r->ctx->conf->packages_url,
	    g->org_slug, g->slug);
	if (jwt_verify(p->jwt, strlen(p->jwt), aud, time(NULL), jwks_key,
	    NULL, &jwt, &why) == -1)
		return req_fail(r, ST_UNAUTH, "%s", why);
	granted = 0;
	if (g->oidc_policy == NULL)
		why = "this registry has no OIDC policy";
	else if (policy_parse(r->arena, g->oidc_policy, strlen(g->oidc_policy),
	    &pol, err, sizeof(err)) == -1) {
		log_warnx("registry %s: stored OIDC policy does not parse: %s",
		    g->id, err);
		why = "this registry's OIDC policy is invalid";
	} else if ((granted = policy_match(&pol, jwt.iss, jwt.claims)) == 0)
		why = "no statement of the registry's OIDC policy matches "
		    "this token";
	if (jwt.sub)
		p->oidc_sub = arena_strdup(r->arena, jwt.sub);
	json_object_put(jwt.claims);
	if (granted == 0)
		return req_fail(r, ST_FORBIDDEN, "%s", why);
	p->registry_id = g->id;
	p->scopes = granted;
	p->org_id = g->org_id;
	p->org_slug = g->org_slug;
	return ST_OK;
}

enum status
auth_require_registry(struct req *r, enum access need, unsigned scopes)
{
	enum access	 acc;
	enum status	 st;
	int		 anon = r->principal.kind == PK_ANON;

	if (r->registry == NULL) {
		if (anon)
			return req_fail(r, ST_UNAUTH,
			    "authentication required");
		return req_fail(r, ST_NOTFOUND, "registry not found");
	}
	/*
	 * A registry token stops working while its registry is public
	 * (anyone reads it then) and works again once it is private.
	 */
	if (r->principal.kind == PK_REGISTRY_TOKEN && r->registry->public &&
	    strcmp(r->principal.registry_id, r->registry->id) == 0)
		return req_fail(r, ST_UNAUTH, "registry tokens are not used "
		    "while the registry is public: send no credentials to "
		    "read it");
	if (r->principal.kind == PK_OIDC && r->principal.registry_id == NULL &&
	    (st = oidc_authorize(r)) != ST_OK)
		return st;
	acc = auth_access(r, r->registry);
	if (acc == ACC_NONE)
		return anon ? req_fail(r, ST_UNAUTH, "authentication required") :
		    req_fail(r, ST_NOTFOUND, "registry not found");
	if (acc < need) {
		if (anon)
			return req_fail(r, ST_UNAUTH,
			    "authentication required");
		return req_fail(r, ST_FORBIDDEN, "you do not have %s access "
		    "to this registry", need == ACC_ADMIN ? "full" : "write");
	}
	/*
	 * Reading a public registry on the package host needs no scope:
	 * anyone may, so a credential never gives less than none at all.
	 * (The REST API always wants a token with its scopes.)
	 */
	if (r->registry->public && need <= ACC_READ &&
	    (scopes & ~SC_READ_PACKAGES) == 0 &&
	    !(r->route && (r->route->flags & RT_API)))
		return ST_OK;
	return check_scopes(r, scopes);
}

enum status
auth_require_org(struct req *r, unsigned scopes, int admin)
{
	const struct principal	*p = &r->principal;

	if (p->kind == PK_ANON)
		return req_fail(r, ST_UNAUTH, "authentication required");
	if (p->kind != PK_API_TOKEN && p->kind != PK_SESSION)
		return req_fail(r, ST_FORBIDDEN, "this needs an API access "
		    "token");
	if (r->org == NULL || strcmp(p->org_id, r->org->id) != 0)
		return req_fail(r, ST_NOTFOUND, "organization not found");
	if (admin && p->role != ROLE_ADMIN)
		return req_fail(r, ST_FORBIDDEN, "only organization "
		    "administrators may do this");
	return check_scopes(r, scopes);
}

enum status
auth_require_perm(struct req *r, unsigned perm)
{
	const struct principal	*p = &r->principal;
	static const char *const names[] = {
		"create registries", "delete registries", "delete packages"
	};
	unsigned		 have = 0;
	int			 i;

	if (p->kind != PK_API_TOKEN && p->kind != PK_SESSION)
		return req_fail(r, ST_FORBIDDEN, "this needs an API access "
		    "token");
	if (p->role == ROLE_ADMIN || !p->teams)
		return ST_OK;
	if (db_team_perms(r->ctx->db, p->user_id, p->org_id, &have) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if ((have & perm) == perm)
		return ST_OK;
	for (i = 0; i < 3; i++)
		if (perm & (1u << i))
			break;
	return req_fail(r, ST_FORBIDDEN, "your teams do not allow you to %s",
	    i < 3 ? names[i] : "do this");
}

/* ---- web sessions */

/* The value of cookie name from the request, or NULL. */
static const char *
cookie_get(struct req *r, const char *name)
{
	struct kvlist	 kv;
	const char	*h = req_env(r, "HTTP_COOKIE");

	if (h == NULL || cookie_parse(r->arena, h, strlen(h), 64, &kv) == -1)
		return NULL;
	return kv_get(&kv, name);
}

static void
hash_hex(const char *id, char out[65])
{
	unsigned char	 h[32];

	digest_sha256(id, strlen(id), h);
	hex_encode(h, 32, out);
}

enum status
auth_session(struct req *r)
{
	struct principal	*p = &r->principal;
	struct session_row	 s;
	const char		*id;
	char			 hex[65];
	int			 rc;

	memset(p, 0, sizeof(*p));
	p->kind = PK_ANON;
	if ((id = cookie_get(r, AUTH_SESSION_COOKIE)) == NULL ||
	    !token_random_looks(id))
		return ST_OK;
	hash_hex(id, hex);
	rc = db_session_lookup(r->ctx->db, r->arena, hex, req_param(r, "org"),
	    &s);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return ST_OK;
	p->kind = PK_SESSION;
	p->user_id = s.user_id;
	p->user_email = s.user_email;
	p->role = s.org_id ? s.role : ROLE_NONE;
	p->org_id = s.org_id && s.role != ROLE_NONE ? s.org_id : "";
	p->org_slug = s.org_slug ? s.org_slug : "";
	p->teams = s.teams;
	p->scopes = SC__ALL;
	p->csrf = s.csrf;
	p->session_hash = arena_strdup(r->arena, hex);
	p->home_slug = s.home_slug;
	return ST_OK;
}

const char *
auth_login_cookie(struct req *r)
{
	const char	*v = cookie_get(r, AUTH_LOGIN_COOKIE);

	return v && token_random_looks(v) ? v : NULL;
}

int
auth_csrf_ok(struct req *r, const char *token, int login)
{
	const char	*want = NULL;

	if (token == NULL)
		return 0;
	if (login)
		want = auth_login_cookie(r);
	else if (r->principal.kind == PK_SESSION)
		want = r->principal.csrf;
	if (want == NULL || strlen(want) != strlen(token) || *want == '\0')
		return 0;
	return digest_equal(want, token, strlen(want));
}

/*
 * The hash an unknown user's password is checked against, so a login for
 * an unknown e-mail costs what a wrong password does.
 */
static const char *
dummy_hash(void)
{
	static char	 h[PASSWORD_HASH_MAX];

	if (h[0] == '\0' && password_hash("depot dummy password", h) == -1)
		h[0] = '\0';
	return h;
}

enum login_result
auth_login(struct req *r, const char *email, const char *password,
    char **cookie, char **home, long *retry_after)
{
	struct db		*db = r->ctx->db;
	struct user		 u;
	struct session_row	 s;
	char		 id[TOKEN_RANDOM_LEN + 1], csrf[TOKEN_RANDOM_LEN + 1];
	char		 hex[65];
	char		*ukey, *ikey, *org_id, *p;
	long		 wait_u, wait_i;
	int		 fail_u, fail_i, rc, good;

	*retry_after = 0;
	if ((ukey = arena_strfmt(r->arena, "user:%s", email)) == NULL ||
	    (ikey = arena_strfmt(r->arena, "ip:%s", r->remote_addr)) == NULL)
		return LOGIN_ERROR;
	for (p = ukey; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (db_login_failures(db, ukey, AUTH_LOGIN_WINDOW, &fail_u,
	    &wait_u) == -1 || db_login_failures(db, ikey, AUTH_LOGIN_WINDOW,
	    &fail_i, &wait_i) == -1)
		return LOGIN_ERROR;
	if (fail_u >= AUTH_LOGIN_MAX_USER || fail_i >= AUTH_LOGIN_MAX_IP) {
		*retry_after = fail_u >= AUTH_LOGIN_MAX_USER ? wait_u : 0;
		if (fail_i >= AUTH_LOGIN_MAX_IP && wait_i > *retry_after)
			*retry_after = wait_i;
		if (*retry_after < 1)
			*retry_after = 1;
		log_info("login for '%s' from %s refused: too many failures",
		    email, r->remote_addr);
		return LOGIN_LIMITED;
	}
	rc = db_user_get(db, r->arena, email, &u);
	if (rc == -1)
		return LOGIN_ERROR;
	if (rc == 0 && u.password_hash != NULL)
		good = password_verify(u.password_hash, password);
	else {
		(void)password_verify(dummy_hash(), password);
		good = 0;
	}
	if (!good) {
		if (db_login_fail(db, ukey, AUTH_LOGIN_WINDOW) == -1 ||
		    db_login_fail(db, ikey, AUTH_LOGIN_WINDOW) == -1)
			return LOGIN_ERROR;
		return LOGIN_BAD;
	}
	(void)db_login_reset(db, ukey);
	rc = db_session_home_org(db, r->arena, u.id, &org_id);
	if (rc == -1)
		return LOGIN_ERROR;
	if (rc == 1)
		return LOGIN_NO_ORG;
	if (token_random(id) == -1 || token_random(csrf) == -1)
		return LOGIN_ERROR;
	hash_hex(id, hex);
	(void)db_session_purge(db, AUTH_LOGIN_WINDOW);
	if (db_session_create(db, hex, u.id, org_id, csrf, AUTH_SESSION_TTL,
	    r->remote_addr, r->user_agent) == -1)
		return LOGIN_ERROR;
	if (db_session_lookup(db, r->arena, hex, NULL, &s) != 0)
		return LOGIN_ERROR;
	*cookie = arena_strdup(r->arena, id);
	*home = s.home_slug;
	if (*cookie == NULL || *home == NULL)
		return LOGIN_ERROR;
	return LOGIN_OK;
}

int
auth_logout(struct req *r)
{
	if (r->principal.kind != PK_SESSION)
		return 0;
	return db_session_delete(r->ctx->db, r->principal.session_hash) == -1 ?
	    -1 : 0;
}
