/* h_ruby.c: the RubyGems protocols at the registry root /{org}/{reg}/ */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db_pkg.h"
#include "downloads.h"
#include "eco/ruby.h"
#include "handlers/handlers.h"
#include "handlers/publish.h"
#include "http/form.h"
#include "http/resp.h"
#include "router.h"
#include "storage/storage.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/log.h"
#include "util/spool.h"
#include "util/banned.h"

/*
 * What gem and bundler send and expect, as implemented here (paths below
 * /{org}/{reg}, which is the gem "source" and the push "host"):
 *   GET    (the source URL itself)       200, so gem uses the compact index
 *   POST   api/v1/gems                   gem push: the raw .gem as the body,
 *                                        the API key alone in Authorization
 *   DELETE api/v1/gems/yank              gem yank: form gem_name, version,
 *                                        platform (optional)
 *   GET    specs.4.8.gz, latest_specs.4.8.gz, prerelease_specs.4.8.gz (and
 *          the same without .gz)         Marshal lists for gem install
 *   GET    quick/Marshal.4.8/{full}.gemspec.rz
 *                                        one Gem::Specification, deflated
 *   GET    gems/{full}.gem               the file, sent by nginx
 *   GET    versions, info/{name}, names  the compact index (bundler)
 * {full} is NAME-VERSION, or NAME-VERSION-PLATFORM for a platform other
 * than ruby; Depot stores VERSION[-PLATFORM] as the package version, so each
 * platform's gem is a package of its own. Metadata always comes from the
 * gem's metadata.gz; yank deletes the version (it may then be pushed
 * again). Errors of the push and yank API are plain text, which gem prints
 * as it is (ruby_error_text).
 *
 * Index documents are rendered from the database, cached per worker under
 * the registry id (dropped by the NOTIFY every publish and yank sends) and
 * sent with an ETag that is the quoted MD5 of the body: bundler checks
 * exactly that, and the info checksums of /versions are the same MD5s.
 */

#define RUBY_ECOSYSTEM	"ruby"
#define TEXT		"text/plain; charset=utf-8"
#define BINARY		"application/octet-stream"

static const struct archive_limits gem_limits = {
	1000,			/* entries: metadata, data, sums, sigs */
	1024 * 1024,		/* metadata.gz, compressed */
	(uint64_t)4 << 30,	/* bytes read in all */
	4			/* a tar of compressed members: ~1 */
};

static const struct gem_yaml_limits gem_ylimits = {
	GEM_YAML_MAX_LEN, GEM_YAML_MAX_NODES, GEM_YAML_MAX_SCALAR,
	GEM_YAML_MAX_DEPTH
};

/* The documents built together from the whole registry. */
enum rdoc {
	RD_SPECS,
	RD_SPECS_GZ,
	RD_LATEST,
	RD_LATEST_GZ,
	RD_PRE,
	RD_PRE_GZ,
	RD_VERSIONS,
	RD_NAMES,
	RD__MAX
};

static const char *const rdoc_names[RD__MAX] = {
	[RD_SPECS] = "specs.4.8",
	[RD_SPECS_GZ] = "specs.4.8.gz",
	[RD_LATEST] = "latest_specs.4.8",
	[RD_LATEST_GZ] = "latest_specs.4.8.gz",
	[RD_PRE] = "prerelease_specs.4.8",
	[RD_PRE_GZ] = "prerelease_specs.4.8.gz",
	[RD_VERSIONS] = "versions",
	[RD_NAMES] = "names",
};

static int
is_ruby(const struct req *r)
{
	return strcmp(r->registry->ecosystem, RUBY_ECOSYSTEM) == 0;
}

/* GETs on another ecosystem's registry: nothing of ours is there. */
static enum status
not_ruby(struct req *r)
{
	return req_fail(r, ST_NOTFOUND, "not found: '%s/%s' is a %s registry, "
	    "not a ruby one", r->registry->org_slug, r->registry->slug,
	    r->registry->ecosystem);
}

static const char *
cache_control(const struct req *r)
{
	return r->registry->public ? "public, no-cache" : "private, no-cache";
}

static enum status
send_text(struct req *r, int code, const char *msg)
{
	return resp_send(r, code, TEXT, msg, strlen(msg), NULL, "no-store");
}

int
ruby_error_text(struct req *r, enum status st)
{
	const char	*msg;

	if (r->route == NULL || (r->route->handler != h_ruby_push &&
	    r->route->handler != h_ruby_yank))
		return 0;
	msg = arena_strfmt(r->arena, "%s\n", r->errmsg ? r->errmsg :
	    status_text(status_code(st)));
	send_text(r, status_code(st), msg ? msg : "error\n");
	return 1;
}

/* The quoted MD5 of data: the ETag bundler checks. */
static void
md5_etag(const void *data, size_t len, char etag[35])
{
	etag[0] = '"';
	gem_md5_hex(data, len, etag + 1);
	etag[33] = '"';
	etag[34] = '\0';
}

static int
doc_key(struct req *r, const char *doc, char *key, size_t keysz)
{
	return (size_t)snprintf(key, keysz, "ruby:%s:%s", r->registry->id,
	    doc) < keysz ? 0 : -1;
}

static int
put_doc(struct req *r, const char *doc, const struct buf *b)
{
	char	 key[512], etag[35];

	if (doc_key(r, doc, key, sizeof(key)) == -1)
		return -1;
	md5_etag(b->data, b->len, etag);
	return cache_put(key, r->registry->id, b->data, b->len, etag, 0);
}

/*
 * The specs of rows[0..n), read back from their metadata. Rows whose
 * metadata no longer reads as a gem spec are left out (logged): an index
 * never serves what the checks would refuse. Returns how many specs.
 */
static size_t
read_specs(struct req *r, const struct pkg *rows, size_t n,
    struct gem_spec *specs, const char **sha256)
{
	size_t	 i, m = 0;

	for (i = 0; i < n; i++) {
		if (rows[i].metadata == NULL || rows[i].sha256 == NULL ||
		    gem_spec_from_json(rows[i].metadata,
		    strlen(rows[i].metadata), r->arena, &specs[m]) == -1) {
			log_warnx("gem %s %s in %s/%s: unreadable metadata, "
			    "left out of the indexes", rows[i].name,
			    rows[i].version, r->registry->org_slug,
			    r->registry->slug);
			continue;
		}
		sha256[m++] = rows[i].sha256;
	}
	return m;
}

/* /info/NAME of specs[0..n), all of one gem, into out (reset first). */
static int
render_info(struct req *r, const struct gem_spec *specs,
    const char *const *sha256, size_t n, struct buf *out)
{
	struct gem_info_ver	*iv;
	size_t			 i;

	buf_reset(out);
	if ((iv = arena_calloc(r->arena, n + 1, sizeof(*iv))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		iv[i].spec = &specs[i];
		iv[i].sha256 = sha256[i];
	}
	return gem_info_render(iv, n, out);
}

/* Marshal list, then its gzip: the two documents a specs file has. */
static int
put_specs(struct req *r, enum rdoc raw, const struct gem_tuple *t, size_t n,
    struct buf *m, struct buf *z)
{
	buf_reset(m);
	buf_reset(z);
	if (gem_specs_render(t, n, m) == -1 || gem_gzip(m->data, m->len,
	    z) == -1)
		return -1;
	if (put_doc(r, rdoc_names[raw], m) == -1 ||
	    put_doc(r, rdoc_names[raw + 1], z) == -1)
		return -1;
	return 0;
}

/*
 * Build every whole-registry document from one read of the registry and
 * cache them all. 0 or -1.
 */
static int
build_indexes(struct req *r)
{
	struct pkg		*rows;
	struct gem_spec		*specs;
	struct gem_tuple	*rel, *pre, *lat;
	struct gem_versions_row	*vr;
	const char		**sha256, **names, **vers;
	const char		*newest = NULL;
	struct buf		 m, z, info;
	char			 md5[33];
	size_t			 n, ns, i, j, nlat;
	size_t			 nrel = 0, npre = 0, ngems = 0;
	int			 truncated, rc = -1;

	if (db_pkg_all(r->ctx->db, r->arena, r->registry->id, &rows, &n,
	    &truncated) == -1)
		return -1;
	if (truncated)
		log_warnx("registry %s/%s has more than %d gem versions: the "
		    "indexes list the first ones", r->registry->org_slug,
		    r->registry->slug, DB_PKG_ALL_MAX);
	specs = arena_calloc(r->arena, n + 1, sizeof(*specs));
	sha256 = arena_calloc(r->arena, n + 1, sizeof(*sha256));
	rel = arena_calloc(r->arena, n + 1, sizeof(*rel));
	pre = arena_calloc(r->arena, n + 1, sizeof(*pre));
	lat = arena_calloc(r->arena, n + 1, sizeof(*lat));
	vr = arena_calloc(r->arena, n + 1, sizeof(*vr));
	names = arena_calloc(r->arena, n + 1, sizeof(*names));
	vers = arena_calloc(r->arena, n + 1, sizeof(*vers));
	if (specs == NULL || sha256 == NULL || rel == NULL || pre == NULL ||
	    lat == NULL || vr == NULL || names == NULL || vers == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (newest == NULL || strcmp(rows[i].created_at, newest) > 0)
			newest = rows[i].created_at;
	ns = read_specs(r, rows, n, specs, sha256);
	for (i = 0; i < ns; i++) {
		if (gem_version_prerelease(specs[i].version))
			pre[npre++] = (struct gem_tuple){ specs[i].name,
			    specs[i].version, specs[i].platform };
		else
			rel[nrel++] = (struct gem_tuple){ specs[i].name,
			    specs[i].version, specs[i].platform };
		vers[i] = gem_index_version(r->arena, specs[i].version,
		    specs[i].platform);
		if (vers[i] == NULL)
			return -1;
	}
	nlat = gem_latest(rel, nrel, lat);
	buf_init(&m, (size_t)1 << 30);
	buf_init(&z, (size_t)1 << 30);
	buf_init(&info, (size_t)1 << 28);
	if (put_specs(r, RD_SPECS, rel, nrel, &m, &z) == -1 ||
	    put_specs(r, RD_LATEST, lat, nlat, &m, &z) == -1 ||
	    put_specs(r, RD_PRE, pre, npre, &m, &z) == -1)
		goto out;
	/* Specs are by name, oldest first: one /versions line per run. */
	for (i = 0; i < ns; i = j) {
		for (j = i + 1; j < ns && strcmp(specs[j].name,
		    specs[i].name) == 0; j++)
			;
		if (render_info(r, specs + i, sha256 + i, j - i, &info) == -1)
			goto out;
		gem_md5_hex(info.data, info.len, md5);
		names[ngems] = specs[i].name;
		vr[ngems].name = specs[i].name;
		vr[ngems].versions = vers + i;
		vr[ngems].nversions = j - i;
		if ((vr[ngems].info_md5 = arena_strdup(r->arena, md5)) == NULL)
			goto out;
		ngems++;
	}
	buf_reset(&m);
	if (gem_versions_render(newest ? newest : "1970-01-01T00:00:00.000Z",
	    vr, ngems, &m) == -1 || put_doc(r, rdoc_names[RD_VERSIONS],
	    &m) == -1)
		goto out;
	buf_reset(&m);
	if (gem_names_render(names, ngems, &m) == -1 ||
	    put_doc(r, rdoc_names[RD_NAMES], &m) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&m);
	buf_release(&z);
	buf_release(&info);
	return rc;
}

static enum status
send_doc(struct req *r, enum rdoc d)
{
	const struct cache_entry	*e;
	char				 key[512];

	if (!is_ruby(r))
		return not_ruby(r);
	if (doc_key(r, rdoc_names[d], key, sizeof(key)) == -1)
		return ST_INTERNAL;
	if ((e = cache_get(key, time(NULL))) == NULL) {
		if (build_indexes(r) == -1 ||
		    (e = cache_get(key, time(NULL))) == NULL)
			return req_fail(r, ST_UNAVAIL, "cannot build the gem "
			    "index");
	}
	return resp_send(r, 200, d == RD_VERSIONS || d == RD_NAMES ? TEXT :
	    BINARY, e->data, e->len, e->etag, cache_control(r));
}

/*
 * The source URL itself. gem (3.3) sends HEAD here first and, given a 2xx,
 * resolves through the compact index (info/NAME) instead of downloading
 * the whole specs.4.8.gz: the only way it installs platform gems.
 */
enum status
h_ruby_root(struct req *r)
{
	char	*msg;

	if (!is_ruby(r))
		return not_ruby(r);
	msg = arena_strfmt(r->arena, "RubyGems source %s/%s: gem install NAME "
	    "--source URL, or source \"URL\" in a Gemfile\n",
	    r->registry->org_slug, r->registry->slug);
	return resp_send(r, 200, TEXT, msg ? msg : "", msg ? strlen(msg) : 0,
	    NULL, cache_control(r));
}

enum status
h_ruby_specs(struct req *r)
{
	const char	*file = strrchr(r->path, '/');
	size_t		 i;

	file = file ? file + 1 : r->path;
	for (i = RD_SPECS; i <= RD_PRE_GZ; i++)
		if (strcmp(file, rdoc_names[i]) == 0)
			return send_doc(r, (enum rdoc)i);
	return req_fail(r, ST_NOTFOUND, "not found");
}

enum status
h_ruby_versions(struct req *r)
{
	return send_doc(r, RD_VERSIONS);
}

enum status
h_ruby_names(struct req *r)
{
	return send_doc(r, RD_NAMES);
}

enum status
h_ruby_info(struct req *r)
{
	const struct cache_entry	*e;
	const char			*name = req_param(r, "gem"), *why;
	struct pkg			*rows;
	struct gem_spec			*specs;
	const char			**sha256;
	struct buf			 b;
	char				 key[512], etag[35];
	size_t				 n, ns;
	enum status			 st;

	if (!is_ruby(r))
		return not_ruby(r);
	if (name == NULL || !gem_name_valid(name, &why))
		return req_fail(r, ST_NOTFOUND, "gem not found");
	if ((size_t)snprintf(key, sizeof(key), "ruby:%s:info:%s",
	    r->registry->id, name) >= sizeof(key))
		return ST_INTERNAL;
	if ((e = cache_get(key, time(NULL))) != NULL)
		return resp_send(r, 200, TEXT, e->data, e->len, e->etag,
		    cache_control(r));
	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, name,
	    &rows, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	specs = arena_calloc(r->arena, n + 1, sizeof(*specs));
	sha256 = arena_calloc(r->arena, n + 1, sizeof(*sha256));
	if (specs == NULL || sha256 == NULL)
		return ST_INTERNAL;
	if ((ns = read_specs(r, rows, n, specs, sha256)) == 0)
		return req_fail(r, ST_NOTFOUND, "gem '%s' not found", name);
	buf_init(&b, (size_t)1 << 28);
	if (render_info(r, specs, sha256, ns, &b) == -1) {
		st = req_fail(r, ST_INTERNAL, "cannot render the gem index");
		goto out;
	}
	md5_etag(b.data, b.len, etag);
	/* A cache failure costs the next request a render, nothing more. */
	(void)cache_put(key, r->registry->id, b.data, b.len, etag, 0);
	st = resp_send(r, 200, TEXT, b.data, b.len, etag, cache_control(r));
out:
	buf_release(&b);
	return st;
}

/*
 * The package whose file is {file}: name, its spec read back, and the file.
 * suffix is what {file} must end with after the gem's full name.
 */
static enum status
find_gem(struct req *r, const char *suffix, struct pkg *p,
    struct pkg_file *f, struct gem_spec *s)
{
	const char	*file = req_param(r, "file");
	char		*stem, *full;
	size_t		 fl, sl = strlen(suffix);
	int		 rc;

	if (!is_ruby(r))
		return not_ruby(r);
	if (file == NULL || (fl = strlen(file)) <= sl ||
	    strcmp(file + fl - sl, suffix) != 0)
		return req_fail(r, ST_NOTFOUND, "not found");
	if ((stem = arena_strndup(r->arena, file, fl - sl)) == NULL)
		return ST_INTERNAL;
	rc = db_pkg_by_file(r->ctx->db, r->arena, r->registry->id,
	    arena_strfmt(r->arena, "%s.gem", stem), p, f);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1 || p->metadata == NULL || gem_spec_from_json(p->metadata,
	    strlen(p->metadata), r->arena, s) == -1 ||
	    (full = gem_full_name(r->arena, s->name, s->version,
	    s->platform)) == NULL || strcmp(full, stem) != 0)
		return req_fail(r, ST_NOTFOUND, "gem '%.200s' not found",
		    stem);
	return ST_OK;
}

enum status
h_ruby_quick(struct req *r)
{
	struct pkg	 p;
	struct pkg_file	 f;
	struct gem_spec	 s;
	struct buf	 m, z;
	char		 etag[35];
	enum status	 st;

	if ((st = find_gem(r, ".gemspec.rz", &p, &f, &s)) != ST_OK)
		return st;
	buf_init(&m, (size_t)64 << 20);
	buf_init(&z, (size_t)64 << 20);
	if (gem_quick_render(&s, &m) == -1 ||
	    gem_deflate(m.data, m.len, &z) == -1) {
		st = req_fail(r, ST_INTERNAL, "cannot render the gemspec");
		goto out;
	}
	md5_etag(z.data, z.len, etag);
	st = resp_send(r, 200, BINARY, z.data, z.len, etag, cache_control(r));
out:
	buf_release(&m);
	buf_release(&z);
	return st;
}

enum status
h_ruby_gem(struct req *r)
{
	struct pkg	 p;
	struct pkg_file	 f;
	struct gem_spec	 s;
	enum blob_send	 how;
	char		*uri, *etag;
	enum status	 st;

	if ((st = find_gem(r, ".gem", &p, &f, &s)) != ST_OK)
		return st;
	if (publish_locate(r, &f, &how, &uri) == -1)
		return req_fail(r, ST_UNAVAIL, "storage unavailable");
	if (r->method == M_GET)
		downloads_note(p.id);
	etag = arena_strfmt(r->arena, "\"%s\"", f.sha256);
	if (how == BS_REDIRECT)
		return resp_redirect(r, 302, uri);
	return resp_accel(r, uri, BINARY, f.filename, etag);
}

/*
 * Record a finished spool holding a .gem: read its spec, refuse a version
 * that exists (409, nothing stored), then publish_spool. *spec and *id are
 * set on success. 400 when the file is not a gem.
 */
static enum status
ruby_store(struct req *r, struct spool *sp, struct gem_spec *spec, char **id)
{
	struct publish	 p;
	struct pkg	*v;
	struct buf	 meta;
	char		 err[256], *version;
	size_t		 n, i;
	enum status	 st;

	if (gem_inspect(sp->path, &gem_limits, &gem_ylimits, r->arena, spec,
	    err, sizeof(err)) == -1)
		return req_fail(r, ST_BADREQ, "invalid gem: %s", err);
	if ((version = gem_index_version(r->arena, spec->version,
	    spec->platform)) == NULL)
		return ST_INTERNAL;
	if (db_pkg_versions(r->ctx->db, r->arena, r->registry->id, spec->name,
	    &v, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	for (i = 0; i < n; i++)
		if (strcmp(v[i].version, version) == 0)
			return req_fail(r, ST_CONFLICT, "Repushing of gem "
			    "versions is not allowed. %s (%s) already exists "
			    "in %s/%s: use `gem yank` to remove it first, or "
			    "bump the version number.", spec->name, version,
			    r->registry->org_slug, r->registry->slug);
	buf_init(&meta, GEM_YAML_MAX_LEN * 2);
	if (gem_spec_to_json(spec, &meta) == -1) {
		buf_release(&meta);
		return req_fail(r, ST_INTERNAL, "cannot record the gem");
	}
	memset(&p, 0, sizeof(p));
	p.name = spec->name;
	p.version = version;
	p.metadata = meta.data;
	p.filename = arena_strfmt(r->arena, "%s.gem", gem_full_name(r->arena,
	    spec->name, spec->version, spec->platform));
	p.content_type = BINARY;
	st = p.filename ? publish_spool(r, sp, &p, id) : ST_INTERNAL;
	buf_release(&meta);
	return st;
}

enum status
ruby_upload(struct req *r, const char *filename, struct spool *sp, char **id)
{
	struct gem_spec	 spec;

	(void)filename;
	return ruby_store(r, sp, &spec, id);
}

enum status
h_ruby_push(struct req *r)
{
	struct spool	 sp;
	struct gem_spec	 spec;
	char		 chunk[65536], *id, *msg;
	long		 got;
	enum status	 st;

	spool_init(&sp);
	if (!is_ruby(r))
		return req_fail(r, ST_BADREQ, "'%s/%s' is a %s registry: gem "
		    "push needs a ruby registry", r->registry->org_slug,
		    r->registry->slug, r->registry->ecosystem);
	if (spool_open(&sp, r->ctx->storage->spool_dir,
	    (off_t)r->ctx->conf->upload_max) == -1) {
		log_warn("cannot open a spool in '%s'",
		    r->ctx->storage->spool_dir);
		return req_fail(r, ST_INTERNAL, "cannot store the upload");
	}
	while ((got = req_read(r, chunk, sizeof(chunk))) > 0)
		if (spool_write(&sp, chunk, (size_t)got) == -1) {
			st = errno == EFBIG ? req_fail(r, ST_TOOBIG, "gem is "
			    "larger than the limit of %lld bytes",
			    r->ctx->conf->upload_max) : req_fail(r,
			    ST_INTERNAL, "cannot store the upload");
			goto out;
		}
	if (got < 0) {
		st = req_fail(r, ST_BADREQ, "cannot read the request body");
		goto out;
	}
	if (sp.size == 0) {
		st = req_fail(r, ST_BADREQ, "send the .gem file as the "
		    "request body");
		goto out;
	}
	if (spool_finish(&sp) == -1) {
		st = req_fail(r, ST_INTERNAL, "cannot store the upload");
		goto out;
	}
	if ((st = ruby_store(r, &sp, &spec, &id)) != ST_OK)
		goto out;
	msg = arena_strfmt(r->arena, "Successfully registered gem: %s (%s)\n",
	    spec.name, gem_index_version(r->arena, spec.version,
	    spec.platform));
	st = send_text(r, 200, msg ? msg : "Successfully registered gem\n");
out:
	spool_discard(&sp);
	return st;
}

enum status
h_ruby_yank(struct req *r)
{
	struct form	 form;
	const char	*name, *version, *platform, *why, *err = NULL;
	char		*norm, *iv, **blobs, *msg;
	size_t		 nblobs;
	int		 rc;

	memset(&form, 0, sizeof(form));
	if (!is_ruby(r))
		return req_fail(r, ST_BADREQ, "'%s/%s' is a %s registry: gem "
		    "yank needs a ruby registry", r->registry->org_slug,
		    r->registry->slug, r->registry->ecosystem);
	switch (form_read_urlencoded(r->arena, req_read, r, 64 * 1024, 16,
	    &form, &err)) {
	case FORM_OK:
		break;
	case FORM_TOOBIG:
		return req_fail(r, ST_TOOBIG, "%s", err ? err : "too large");
	case FORM_IO:
		return req_fail(r, ST_INTERNAL, "cannot read the request");
	default:
		return req_fail(r, ST_BADREQ, "%s", err ? err : "bad form");
	}
	/* gem sends a form body; curl users may send a query string. */
	if ((name = kv_get(&form.fields, "gem_name")) == NULL)
		name = kv_get(&r->query, "gem_name");
	if ((version = kv_get(&form.fields, "version")) == NULL)
		version = kv_get(&r->query, "version");
	if ((platform = kv_get(&form.fields, "platform")) == NULL)
		platform = kv_get(&r->query, "platform");
	if (platform == NULL || *platform == '\0')
		platform = "ruby";
	if (name == NULL || version == NULL)
		return req_fail(r, ST_BADREQ, "gem_name and version are "
		    "required");
	if (!gem_name_valid(name, &why))
		return req_fail(r, ST_BADREQ, "invalid gem name: %s", why);
	if ((norm = gem_version_norm(r->arena, version, strlen(version))) ==
	    NULL || !gem_version_valid(norm))
		return req_fail(r, ST_BADREQ, "invalid version '%.64s'",
		    version);
	if (!gem_platform_valid(platform))
		return req_fail(r, ST_BADREQ, "invalid platform '%.64s'",
		    platform);
	if ((iv = gem_index_version(r->arena, norm, platform)) == NULL)
		return ST_INTERNAL;
	rc = db_pkg_delete(r->ctx->db, r->arena, r->registry->id, name, iv,
	    NULL, &blobs, &nblobs);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "The version %s of %s does "
		    "not exist.", iv, name);
	publish_release_blobs(r, blobs, nblobs);
	log_info("yanked %s %s from %s/%s", name, iv, r->registry->org_slug,
	    r->registry->slug);
	msg = arena_strfmt(r->arena, "Successfully deleted gem: %s (%s)\n",
	    name, iv);
	return send_text(r, 200, msg ? msg : "Successfully deleted gem\n");
}
