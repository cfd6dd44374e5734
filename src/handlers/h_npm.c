/* h_npm.c: the npm registry protocol under /{org}/{reg}/npm/ */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "db/db_pkg.h"
#include "downloads.h"
#include "eco/npm.h"
#include "eco/npm_json.h"
#include "eco/semver.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/publish.h"
#include "http/query.h"
#include "http/resp.h"
#include "storage/storage.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/banned.h"

/*
 * What npm sends and expects, as implemented here:
 *   GET    {pkg}                      packument; abbreviated when Accept
 *                                     asks for vnd.npm.install-v1+json
 *   PUT    {pkg}                      publish (one version, tarball in
 *                                     _attachments), or without attachments
 *                                     a metadata change: deprecations, and
 *                                     removal of versions (unpublish)
 *   DELETE {pkg}/-rev/{rev}           unpublish every version
 *   GET    {pkg}/-/{file}             tarball, sent by nginx
 *   DELETE {pkg}/-/{file}/-rev/{rev}  drop a tarball (after unpublish)
 *   GET/PUT/DELETE -/package/{pkg}/dist-tags[/{tag}]
 *   GET    -/whoami, -/ping
 * Package metadata always comes from package.json inside the tarball; the
 * publish body's JSON is only checked against it.
 */

#define NPM_META_MAX	(16 * 1024 * 1024)
#define NPM_TAG_MAX	64

static const struct archive_limits npm_limits = {
	10000,			/* entries */
	4 * 1024 * 1024,	/* one wanted entry (package.json, README) */
	(uint64_t)2 << 30,	/* uncompressed bytes */
	200			/* compression ratio */
};

static const char *
pkg_name(struct req *r, enum status *st)
{
	const char	*name = req_param(r, "pkg"), *why = NULL;

	if (name == NULL || !npm_name_valid(name, &why)) {
		*st = req_fail(r, ST_BADREQ, "invalid package name: %s",
		    why ? why : "missing");
		return NULL;
	}
	return name;
}

static enum status
ok_json(struct req *r, int code)
{
	static const char	 body[] = "{\"ok\":true}";

	return resp_send(r, code, "application/json", body, sizeof(body) - 1,
	    NULL, "no-store");
}

/* "sha512-<base64>" from the hex digest. */
static char *
integrity(struct arena *a, const char *sha512hex)
{
	unsigned char	 raw[64];
	char		 b64[96], *out;

	if (sha512hex == NULL || hex_decode(sha512hex, 128, raw, 64) == -1)
		return NULL;
	base64_encode(raw, 64, b64);
	out = arena_strfmt(a, "sha512-%s", b64);
	return out;
}

static char *
tarball_url(struct req *r, const char *name, const char *file)
{
	const struct conf	*c = r->ctx->conf;
	const char		*slash = strchr(name, '/');
	char			*ename;

	/* "@scope/name" keeps its "@" and "/" in tarball URLs, as npm's do. */
	if (slash && name[0] == '@')
		ename = arena_strfmt(r->arena, "@%s/%s",
		    url_encode(r->arena, arena_strndup(r->arena, name + 1,
		    (size_t)(slash - name - 1))), url_encode(r->arena, slash + 1));
	else
		ename = url_encode(r->arena, name);
	return arena_strfmt(r->arena, "%s/%s/%s/npm/%s/-/%s", c->packages_url,
	    url_encode(r->arena, r->registry->org_slug),
	    url_encode(r->arena, r->registry->slug), ename,
	    url_encode(r->arena, file));
}

static int
wants_abbreviated(const struct req *r)
{
	const char	*w = kv_get(&r->query, "write");

	if (w && strcmp(w, "true") == 0)
		return 0;
	return strstr(r->accept, "application/vnd.npm.install-v1+json") !=
	    NULL;
}

/*
 * Render (or take from the cache) the packument of name. Returns 0, 1 when
 * the package has no versions, -1 on error. *e stays valid until the next
 * cache change in this request.
 */
static int
packument(struct req *r, const char *name, int abbreviated,
    const struct cache_entry **e)
{
	char			 key[600], etag[72];
	struct pkg		*v;
	struct tag		*t;
	struct npm_version	*nv;
	struct npm_tag		*nt;
	struct npm_packument	 doc;
	struct buf		 out, revsrc;
	unsigned char		 h[32];
	size_t			 nvers, ntags, i;
	const char		*readme = NULL, *modified = NULL;
	int			 rc = -1;

	if ((size_t)snprintf(key, sizeof(key), "npm:%s:%s:%c",
	    r->registry->id, name, abbreviated ? 'a' : 'f') >= sizeof(key))
		return -1;
	if ((*e = cache_get(key, time(NULL))) != NULL)
		return 0;
	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, name, &v,
	    &nvers) == -1 ||
	    db_pkg_tags(r->ctx->db, r->arena, r->registry->id, name, &t,
	    &ntags) == -1)
		return -1;
	if (nvers == 0)
		return 1;
	nv = arena_calloc(r->arena, nvers, sizeof(*nv));
	nt = arena_calloc(r->arena, ntags + 1, sizeof(*nt));
	if (nv == NULL || nt == NULL)
		return -1;
	buf_init(&revsrc, 1 << 24);
	buf_init(&out, 1 << 30);
	for (i = 0; i < nvers; i++) {
		nv[i].version = v[i].version;
		nv[i].manifest = v[i].metadata;
		nv[i].tarball_url = tarball_url(r, name, v[i].filename ?
		    v[i].filename : "");
		nv[i].shasum = v[i].sha1;
		nv[i].integrity = integrity(r->arena, v[i].sha512);
		nv[i].deprecated = v[i].deprecated;
		nv[i].created = v[i].created_at;
		if (v[i].readme)
			readme = v[i].readme;
		if (modified == NULL || strcmp(v[i].created_at, modified) > 0)
			modified = v[i].created_at;
		buf_printf(&revsrc, "%s\n%s\n", v[i].version,
		    v[i].deprecated ? v[i].deprecated : "\001");
	}
	for (i = 0; i < ntags; i++) {
		nt[i].tag = t[i].tag;
		nt[i].version = t[i].version;
		buf_printf(&revsrc, "%s=%s\n", t[i].tag, t[i].version);
	}
	digest_sha256(revsrc.data, revsrc.len, h);
	hex_encode(h, 16, etag);
	memset(&doc, 0, sizeof(doc));
	doc.name = name;
	doc.rev = arena_strfmt(r->arena, "%zu-%s", nvers, etag);
	doc.versions = nv;
	doc.nversions = nvers;
	doc.tags = nt;
	doc.ntags = ntags;
	doc.readme = abbreviated ? NULL : readme;
	doc.created = v[0].created_at;
	doc.modified = modified;
	if (npm_packument_render(&doc, abbreviated, &out) == -1)
		goto out;
	digest_sha256(out.data, out.len, h);
	etag[0] = '"';
	hex_encode(h, 16, etag + 1);
	memcpy(etag + 33, "\"", 2);
	if (cache_put(key, r->registry->id, out.data, out.len, etag, 0) == -1 ||
	    (*e = cache_get(key, time(NULL))) == NULL)
		goto out;
	rc = 0;
out:
	buf_release(&out);
	buf_release(&revsrc);
	return rc;
}

enum status
h_npm_packument(struct req *r)
{
	const struct cache_entry	*e;
	const char			*name;
	enum status			 st;
	int				 abbr = wants_abbreviated(r), rc;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	rc = packument(r, name, abbr, &e);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "cannot read package metadata");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "package '%s' not found", name);
	/* Full or abbreviated by Accept: caches must keep them apart. */
	resp_header(r, "Vary", "Accept");
	return resp_send(r, 200, abbr ? "application/vnd.npm.install-v1+json" :
	    "application/json", e->data, e->len, e->etag,
	    r->registry->public ? "public, no-cache" : "private, no-cache");
}

/* Latest after removals: highest release, else highest version, or NULL. */
static const char *
pick_latest(struct pkg *v, size_t n, const char *const *gone, size_t ngone)
{
	const char	*best = NULL;
	size_t		 i, j;
	int		 pass, skip;

	for (pass = 0; pass < 2 && best == NULL; pass++)
		for (i = 0; i < n; i++) {
			for (skip = 0, j = 0; j < ngone; j++)
				if (strcmp(v[i].version, gone[j]) == 0)
					skip = 1;
			if (skip || (pass == 0 &&
			    semver_is_prerelease(v[i].version)))
				continue;
			if (best == NULL || semver_cmp(v[i].version, best) > 0)
				best = v[i].version;
		}
	return best;
}

/* Remove versions gone[0..ngone) of name; the tag "latest" moves. */
static enum status
remove_versions(struct req *r, const char *name, struct pkg *v, size_t n,
    const char *const *gone, size_t ngone)
{
	struct tag	*t;
	size_t		 ntags, i, nblobs;
	const char	*latest = NULL, *newlatest;
	char		**blobs;
	int		 rc;

	if (db_pkg_tags(r->ctx->db, r->arena, r->registry->id, name, &t,
	    &ntags) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	for (i = 0; i < ntags; i++)
		if (strcmp(t[i].tag, "latest") == 0)
			latest = t[i].version;
	for (i = 0; i < ngone; i++) {
		newlatest = NULL;
		if (latest == NULL || strcmp(latest, gone[i]) == 0) {
			newlatest = pick_latest(v, n, gone, i + 1);
			latest = newlatest;
		}
		rc = db_pkg_delete(r->ctx->db, r->arena, r->registry->id, name,
		    gone[i], newlatest, &blobs, &nblobs);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		if (rc == 0)
			publish_release_blobs(r, blobs, nblobs);
	}
	return ST_OK;
}

/* PUT without attachments: deprecations and unpublish of versions. */
static enum status
update_meta(struct req *r, const char *name, struct json_object *doc)
{
	struct json_object	*vers, *vo, *dep;
	struct pkg		*v;
	const char		**gone, *msg;
	size_t			 n, i, ngone = 0;
	enum status		 st;
	int			 rc;

	if (!json_object_object_get_ex(doc, "versions", &vers) ||
	    !json_object_is_type(vers, json_type_object))
		return req_fail(r, ST_BADREQ, "body has no versions object");
	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, name, &v,
	    &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (n == 0)
		return req_fail(r, ST_NOTFOUND, "package '%s' not found", name);
	json_object_object_foreach(vers, key, val) {
		(void)val;
		for (i = 0; i < n; i++)
			if (strcmp(v[i].version, key) == 0)
				break;
		if (i == n)
			return req_fail(r, ST_BADREQ, "version '%.64s' has no "
			    "tarball: publish it with npm publish", key);
	}
	if ((gone = arena_calloc(r->arena, n, sizeof(*gone))) == NULL)
		return ST_INTERNAL;
	for (i = 0; i < n; i++)
		if (!json_object_object_get_ex(vers, v[i].version, &vo))
			gone[ngone++] = v[i].version;
	if (ngone) {
		if ((st = auth_require_registry(r, ACC_WRITE,
		    SC_DELETE_PACKAGES)) != ST_OK)
			return st;
		if ((st = remove_versions(r, name, v, n, gone, ngone)) != ST_OK)
			return st;
	}
	for (i = 0; i < n; i++) {
		if (!json_object_object_get_ex(vers, v[i].version, &vo) ||
		    !json_object_is_type(vo, json_type_object))
			continue;
		msg = NULL;
		if (json_object_object_get_ex(vo, "deprecated", &dep) &&
		    json_object_is_type(dep, json_type_string))
			msg = json_object_get_string(dep);
		if (msg && *msg == '\0')
			msg = NULL;
		if ((msg == NULL) == (v[i].deprecated == NULL) &&
		    (msg == NULL || strcmp(msg, v[i].deprecated) == 0))
			continue;
		if (msg && strlen(msg) > 1024)
			return req_fail(r, ST_BADREQ,
			    "deprecation message is too long");
		rc = db_pkg_deprecate(r->ctx->db, r->registry->id, name,
		    v[i].version, msg);
		if (rc == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
	}
	return ok_json(r, 200);
}

/* The one key of versions, which must be a manifest object. */
static const char *
only_version(struct json_object *doc, struct json_object **manifest)
{
	struct json_object	*vers;
	const char		*v = NULL;

	if (!json_object_object_get_ex(doc, "versions", &vers) ||
	    !json_object_is_type(vers, json_type_object) ||
	    json_object_object_length(vers) != 1)
		return NULL;
	json_object_object_foreach(vers, key, val) {
		v = key;
		*manifest = val;
	}
	return json_object_is_type(*manifest, json_type_object) ? v : NULL;
}

static int
valid_tag(const char *t)
{
	size_t	 i, n = strlen(t);

	if (n == 0 || n > NPM_TAG_MAX || semver_valid(t) ||
	    (t[0] == 'v' && semver_valid(t + 1)))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)t[i]) && !strchr("-._", t[i]))
			return 0;
	return 1;
}

/* Check the client's dist fields, when sent, against what we received. */
static enum status
check_dist(struct req *r, struct json_object *manifest,
    const struct digests *d)
{
	struct json_object	*dist, *f;
	const char		*want;
	char			*ours;

	if (!json_object_object_get_ex(manifest, "dist", &dist) ||
	    !json_object_is_type(dist, json_type_object))
		return ST_OK;
	if (json_object_object_get_ex(dist, "integrity", &f) &&
	    json_object_is_type(f, json_type_string)) {
		want = json_object_get_string(f);
		ours = integrity(r->arena, d->sha512);
		if (strncmp(want, "sha512-", 7) == 0 && ours &&
		    strcmp(want, ours) != 0)
			return req_fail(r, ST_BADREQ, "tarball does not match "
			    "its integrity %s", want);
	}
	if (json_object_object_get_ex(dist, "shasum", &f) &&
	    json_object_is_type(f, json_type_string) &&
	    strcmp(json_object_get_string(f), d->sha1) != 0)
		return req_fail(r, ST_BADREQ, "tarball does not match its "
		    "shasum");
	return ST_OK;
}

/*
 * Record a checked tarball (spooled, finished, inspected) as version
 * tb->version of tb->name with the given tags: refuse a republish before
 * storing anything, put the blob, then record the package in one
 * transaction. The spool is taken over on success. *id: the package id.
 * ST_CONFLICT when the version exists.
 */
enum status
npm_store(struct req *r, struct spool *sp, const struct npm_tarball *tb,
    const char *const *tags, size_t ntags, char **id)
{
	struct publish	 p;
	struct pkg	*v;
	size_t		 n, i;

	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, tb->name,
	    &v, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	for (i = 0; i < n; i++)
		if (strcmp(v[i].version, tb->version) == 0)
			return req_fail(r, ST_CONFLICT, "You cannot publish "
			    "over the previously published versions: %s.",
			    tb->version);
	memset(&p, 0, sizeof(p));
	p.name = tb->name;
	p.version = tb->version;
	p.metadata = tb->manifest;
	p.readme = tb->readme;
	p.filename = npm_tarball_name(r->arena, tb->name, tb->version);
	p.content_type = "application/octet-stream";
	p.tags = tags;
	p.ntags = ntags;
	return publish_spool(r, sp, &p, id);
}

/*
 * Inspect an uploaded tarball (REST upload) and record it with the tag
 * "latest". 400 when it is not a package tarball.
 */
enum status
npm_upload(struct req *r, const char *filename, struct spool *sp, char **id)
{
	struct npm_tarball	 tb;
	const char		*why = NULL;
	const char		*tags[1] = { "latest" };
	char			 err[256];

	(void)filename;
	if (npm_tarball_inspect(sp->path, &npm_limits, r->arena, &tb, err,
	    sizeof(err)) == -1)
		return req_fail(r, ST_BADREQ, "invalid tarball: %s", err);
	if (!npm_name_valid(tb.name, &why))
		return req_fail(r, ST_BADREQ, "invalid package name in "
		    "package.json: %s", why ? why : "invalid");
	return npm_store(r, sp, &tb, tags, 1, id);
}

static enum status
publish(struct req *r, const char *name, struct json_object *doc,
    struct spool *sp)
{
	struct json_object	*manifest = NULL, *tags, *bname;
	struct npm_tarball	 tb;
	const char		**tagv, *version;
	char			 err[256], *id;
	size_t			 ntags = 0;
	enum status		 st;

	if (!json_object_object_get_ex(doc, "name", &bname) ||
	    !json_object_is_type(bname, json_type_string) ||
	    strcmp(json_object_get_string(bname), name) != 0)
		return req_fail(r, ST_BADREQ, "package name in the body does "
		    "not match the URL");
	if ((version = only_version(doc, &manifest)) == NULL)
		return req_fail(r, ST_BADREQ, "body must carry exactly one "
		    "version manifest");
	if (spool_finish(sp) == -1)
		return req_fail(r, ST_INTERNAL, "cannot store the tarball");
	if (npm_tarball_inspect(sp->path, &npm_limits, r->arena, &tb, err,
	    sizeof(err)) == -1)
		return req_fail(r, ST_BADREQ, "invalid tarball: %s", err);
	if (strcmp(tb.name, name) != 0 || strcmp(tb.version, version) != 0)
		return req_fail(r, ST_BADREQ, "package.json in the tarball "
		    "says %s@%s but the publish is for %s@%s", tb.name,
		    tb.version, name, version);
	if ((st = check_dist(r, manifest, &sp->digests)) != ST_OK)
		return st;

	/* Tags from the body that point at this version; default latest. */
	if ((tagv = arena_calloc(r->arena, 16, sizeof(*tagv))) == NULL)
		return ST_INTERNAL;
	if (json_object_object_get_ex(doc, "dist-tags", &tags) &&
	    json_object_is_type(tags, json_type_object)) {
		json_object_object_foreach(tags, k, val) {
			if (!json_object_is_type(val, json_type_string) ||
			    strcmp(json_object_get_string(val), version) != 0)
				continue;
			if (!valid_tag(k))
				return req_fail(r, ST_BADREQ, "invalid tag "
				    "'%.64s'", k);
			if (ntags < 16)
				tagv[ntags++] = arena_strdup(r->arena, k);
		}
	}
	if (ntags == 0)
		tagv[ntags++] = "latest";

	/* npm shows a republish refused with 403 as "E403 ... cannot publish". */
	if ((st = npm_store(r, sp, &tb, tagv, ntags, &id)) == ST_CONFLICT)
		return ST_FORBIDDEN;
	if (st != ST_OK)
		return st;
	return ok_json(r, 201);
}

enum status
h_npm_publish(struct req *r)
{
	struct spool		 sp;
	struct npm_body		*nb = NULL;
	struct json_object	*doc = NULL;
	const char		*name, *meta;
	char			 chunk[65536];
	size_t			 mlen, mmax;
	long			 got;
	enum npm_body_err	 e = NPM_BODY_OK;
	enum status		 st;

	spool_init(&sp);
	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	if (strncmp(r->content_type, "application/json", 16) != 0)
		return req_fail(r, ST_UNSUPPORTED, "expected a JSON body "
		    "(Content-Type: application/json)");
	if (spool_open(&sp, r->ctx->storage->spool_dir,
	    (off_t)r->ctx->conf->upload_max) == -1) {
		log_warn("cannot open a spool in '%s'",
		    r->ctx->storage->spool_dir);
		return req_fail(r, ST_INTERNAL, "cannot store the upload");
	}
	mmax = NPM_META_MAX;
	if ((long long)mmax > r->ctx->conf->upload_max)
		mmax = (size_t)r->ctx->conf->upload_max;
	if ((nb = npm_body_new(&sp, mmax, NPM_JSON_DEPTH)) == NULL) {
		st = ST_INTERNAL;
		goto out;
	}
	while ((got = req_read(r, chunk, sizeof(chunk))) > 0)
		if ((e = npm_body_feed(nb, chunk, (size_t)got)) != NPM_BODY_OK)
			break;
	if (got < 0) {
		st = req_fail(r, ST_BADREQ, "cannot read the request body");
		goto out;
	}
	if (e == NPM_BODY_OK)
		e = npm_body_finish(nb);
	switch (e) {
	case NPM_BODY_OK:
		break;
	case NPM_BODY_TOOBIG:
		st = req_fail(r, ST_TOOBIG, "publish body is too large: %s",
		    npm_body_error(nb));
		goto out;
	case NPM_BODY_IO:
		st = req_fail(r, ST_INTERNAL, "cannot store the upload");
		goto out;
	default:
		st = req_fail(r, ST_BADREQ, "malformed publish body: %s",
		    npm_body_error(nb));
		goto out;
	}
	meta = npm_body_meta(nb, &mlen);
	if ((doc = npm_json_parse(meta, mlen, NPM_JSON_DEPTH)) == NULL) {
		st = req_fail(r, ST_BADREQ, "malformed publish body: "
		    "not a JSON object");
		goto out;
	}
	if (npm_body_attachments(nb) == 0)
		st = update_meta(r, name, doc);
	else
		st = publish(r, name, doc, &sp);
out:
	if (doc)
		json_object_put(doc);
	npm_body_free(nb);
	spool_discard(&sp);
	return st;
}

enum status
h_npm_remove(struct req *r)
{
	struct pkg	*v;
	const char	*name, **gone;
	size_t		 n, i;
	enum status	 st;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, name, &v,
	    &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (n == 0)
		return req_fail(r, ST_NOTFOUND, "package '%s' not found", name);
	if ((gone = arena_calloc(r->arena, n, sizeof(*gone))) == NULL)
		return ST_INTERNAL;
	for (i = 0; i < n; i++)
		gone[i] = v[i].version;
	if ((st = remove_versions(r, name, v, n, gone, n)) != ST_OK)
		return st;
	log_info("unpublished %s from %s/%s", name, r->registry->org_slug,
	    r->registry->slug);
	return ok_json(r, 200);
}

enum status
h_npm_tarball(struct req *r)
{
	struct pkg_file	 f;
	const char	*name, *file = req_param(r, "file");
	char		*pkg_id, *uri, *etag;
	enum blob_send	 how;
	enum status	 st;
	int		 rc;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	rc = db_pkg_file_find(r->ctx->db, r->arena, r->registry->id, name,
	    file, &f, &pkg_id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "tarball not found");
	if (publish_locate(r, &f, &how, &uri) == -1)
		return req_fail(r, ST_UNAVAIL, "storage unavailable");
	if (r->method == M_GET)
		downloads_note(pkg_id);
	etag = arena_strfmt(r->arena, "\"%s\"", f.sha256);
	if (how == BS_REDIRECT)
		return resp_redirect(r, 302, uri);
	return resp_accel(r, uri, f.content_type, f.filename, etag);
}

enum status
h_npm_tarball_remove(struct req *r)
{
	struct pkg_file	 f;
	struct pkg	*v;
	const char	*name, *file = req_param(r, "file"), *gone[1];
	char		*pkg_id;
	size_t		 n, i;
	enum status	 st;
	int		 rc;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	rc = db_pkg_file_find(r->ctx->db, r->arena, r->registry->id, name,
	    file, &f, &pkg_id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	/* Already gone with its version (npm unpublish's last step). */
	if (rc == 1)
		return ok_json(r, 200);
	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, name, &v,
	    &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	for (i = 0; i < n; i++)
		if (strcmp(v[i].id, pkg_id) == 0)
			break;
	if (i == n)
		return ok_json(r, 200);
	gone[0] = v[i].version;
	if ((st = remove_versions(r, name, v, n, gone, 1)) != ST_OK)
		return st;
	return ok_json(r, 200);
}

enum status
h_npm_tags(struct req *r)
{
	struct tag		*t;
	struct json_object	*o;
	const char		*name;
	size_t			 n, i;
	enum status		 st;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	if (db_pkg_tags(r->ctx->db, r->arena, r->registry->id, name, &t,
	    &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (n == 0)
		return req_fail(r, ST_NOTFOUND, "package '%s' not found", name);
	o = json_object_new_object();
	for (i = 0; i < n; i++)
		json_object_object_add(o, t[i].tag,
		    json_object_new_string(t[i].version));
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_npm_tag_set(struct req *r)
{
	struct json_object	*body = NULL;
	const char		*name, *tag = req_param(r, "tag"), *version;
	enum status		 st;
	int			 rc;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	if (!valid_tag(tag))
		return req_fail(r, ST_BADREQ, "invalid tag '%.64s'", tag);
	if ((st = hjson_read(r, &body)) != ST_OK)
		return st;
	if (!json_object_is_type(body, json_type_string)) {
		st = req_fail(r, ST_BADREQ, "body must be a JSON string: "
		    "the version");
		goto out;
	}
	version = json_object_get_string(body);
	rc = db_tag_set(r->ctx->db, r->registry->id, name, tag, version);
	if (rc == -1)
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
	else if (rc == 1)
		st = req_fail(r, ST_NOTFOUND, "version '%.64s' of '%s' not "
		    "found", version, name);
	else
		st = ok_json(r, 200);
out:
	json_object_put(body);
	return st;
}

enum status
h_npm_tag_delete(struct req *r)
{
	const char	*name, *tag = req_param(r, "tag");
	enum status	 st;
	int		 rc;

	if ((name = pkg_name(r, &st)) == NULL)
		return st;
	if (strcmp(tag, "latest") == 0)
		return req_fail(r, ST_BADREQ, "the latest tag cannot be "
		    "removed");
	rc = db_tag_delete(r->ctx->db, r->registry->id, name, tag);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "tag '%.64s' not found", tag);
	return ok_json(r, 200);
}

enum status
h_npm_whoami(struct req *r)
{
	struct json_object	*o;
	enum status		 st;

	if (r->principal.kind == PK_ANON)
		return req_fail(r, ST_UNAUTH, "authentication required");
	/* Registry and OIDC tokens read or publish, but belong to no one. */
	if (r->principal.user_email == NULL)
		return req_fail(r, ST_UNAUTH, "this credential is not a "
		    "user's: registry and OIDC tokens have no user name");
	o = json_object_new_object();
	json_object_object_add(o, "username",
	    json_object_new_string(r->principal.user_email));
	st = resp_json(r, 200, o);
	json_object_put(o);
	return st;
}

enum status
h_npm_ping(struct req *r)
{
	return resp_send(r, 200, "application/json", "{}", 2, NULL,
	    "no-store");
}

/*
 * POST -/npm/v1/security/advisories/bulk (npm audit): this registry keeps no
 * advisory database, so it knows of no advisory for any package: {}. The
 * body (package names and versions, gzip-compressed by npm) is not needed;
 * it is read to its end, at most json_max bytes.
 */
enum status
h_npm_advisories(struct req *r)
{
	char		 chunk[16384];
	long		 n;
	long long	 total = 0;

	while ((n = req_read(r, chunk, sizeof(chunk))) > 0)
		if ((total += n) > r->ctx->conf->json_max)
			return req_fail(r, ST_TOOBIG, "request body is larger "
			    "than the limit of %lld bytes",
			    r->ctx->conf->json_max);
	if (n < 0)
		return req_fail(r, ST_BADREQ, "cannot read the request body");
	return resp_send(r, 200, "application/json", "{}", 2, NULL,
	    "no-store");
}
