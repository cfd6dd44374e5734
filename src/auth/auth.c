/* auth.c: principals, registry access and scope checks */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/credential.h"
#include "auth/scope.h"
#include "auth/token.h"
#include "db/db_token.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/banned.h"

#define TOKEN_FIELDS 7

static int
token_pack(const struct token_row *t, struct buf *b)
{
	char		 role[2] = { (char)('0' + (int)t->role), '\0' };
	const char	*f[TOKEN_FIELDS] = { t->id, t->org_id, t->org_slug,
	    t->user_id, t->user_email, t->scopes, role };

	return cache_pack(b, f, TOKEN_FIELDS);
}

static int
token_unpack(struct arena *a, const char *p, size_t len, struct token_row *t)
{
	char	*f[TOKEN_FIELDS];

	if (cache_unpack(a, p, len, f, TOKEN_FIELDS) == -1 || f[6] == NULL)
		return -1;
	t->id = f[0];
	t->org_id = f[1];
	t->org_slug = f[2];
	t->user_id = f[3];
	t->user_email = f[4];
	t->scopes = f[5] ? f[5] : arena_strdup(a, "");
	t->role = (enum role)(f[6][0] - '0');
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
	if (scope_parse(r->arena, t.scopes, &p->scopes, &bad) == -1)
		log_warnx("token %s has unknown scope '%s'", t.id, bad);
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
	return resolve_token(r, c.secret);
}

enum access
auth_access(const struct principal *p, const struct registry *reg)
{
	enum access	 acc = reg->public ? ACC_READ : ACC_NONE;

	if (p->kind == PK_API_TOKEN && strcmp(p->org_id, reg->org_id) == 0) {
		/*
		 * Without teams every member reads and publishes; settings,
		 * deletion of the registry and grants are for admins.
		 */
		if (p->role == ROLE_ADMIN)
			acc = ACC_ADMIN;
		else if (p->role == ROLE_MEMBER)
			acc = ACC_WRITE;
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

enum status
auth_require_registry(struct req *r, enum access need, unsigned scopes)
{
	enum access	 acc;
	int		 anon = r->principal.kind == PK_ANON;

	if (r->registry == NULL) {
		if (anon)
			return req_fail(r, ST_UNAUTH,
			    "authentication required");
		return req_fail(r, ST_NOTFOUND, "registry not found");
	}
	acc = auth_access(&r->principal, r->registry);
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
	/* Anonymous readers of a public registry need no scope. */
	return check_scopes(r, scopes);
}

enum status
auth_require_org(struct req *r, unsigned scopes, int admin)
{
	const struct principal	*p = &r->principal;

	if (p->kind == PK_ANON)
		return req_fail(r, ST_UNAUTH, "authentication required");
	if (r->org == NULL || strcmp(p->org_id, r->org->id) != 0)
		return req_fail(r, ST_NOTFOUND, "organization not found");
	if (admin && p->role != ROLE_ADMIN)
		return req_fail(r, ST_FORBIDDEN, "only organization "
		    "administrators may do this");
	return check_scopes(r, scopes);
}
