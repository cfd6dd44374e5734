/* h_pypi.c: the PyPI simple and upload protocols under /{org}/{reg}/pypi/ */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/db_pkg.h"
#include "downloads.h"
#include "eco/pypi.h"
#include "handlers/handlers.h"
#include "handlers/hjson.h"
#include "handlers/publish.h"
#include "http/form.h"
#include "http/query.h"
#include "http/resp.h"
#include "storage/storage.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/spool.h"
#include "util/banned.h"

/*
 * What pip and twine send and expect, as implemented here:
 *   POST   /                          upload (twine's legacy form:
 *                                     ":action=file_upload", the file in
 *                                     "content")
 *   GET    /simple/                   project list
 *   GET    /simple/{name}/            a project's files: PEP 503 HTML or
 *                                     PEP 691 JSON by Accept (or
 *                                     ?format=<type>); other spellings of
 *                                     the name, and the URL without its
 *                                     final '/', redirect (301) to the
 *                                     normalized URL
 *   GET    /files/{name}/{file}       a wheel or sdist, sent by nginx
 *   GET    /files/{name}/{file}.metadata
 *                                     a wheel's METADATA (PEP 658)
 * Name, version and metadata always come from inside the file (a wheel's
 * .dist-info/METADATA, an sdist's PKG-INFO); the form's name, version,
 * filetype and digests are only checked against it. Names are stored
 * normalized (PEP 503); versions normalized (PEP 440).
 *
 * A wheel's METADATA is stored as a file of its own next to the wheel,
 * named "<wheel>.metadata", published right after the wheel: a small blob
 * like any other, so storage backends, copies and deletes treat it as they
 * treat the wheel. If that second publish fails the wheel stays, listed
 * without core metadata (pip then reads the wheel itself).
 *
 * Errors put their message in the status line too: twine and pip print
 * the reason phrase, not the body (PyPI does the same). A file that is
 * already there answers 409 "File already exists ..." (what twine's
 * --skip-existing looks for); so does an identical re-upload.
 *
 * twine's form may carry PYPI_FORM_FIELDS fields of PYPI_FORM_FIELD_MAX
 * bytes each (the long description is one of them; it is not used, the
 * file's own is); the file itself is bounded by upload_max.
 *
 * Yank (PEP 592) is a REST call: POST .../packages/{id}/yank with an
 * optional JSON body {"reason": "..."} yanks every file of that version;
 * DELETE on the same URL unyanks. The reason is kept in packages.deprecated
 * ("" for none) and shown as data-yanked / "yanked".
 */

#define PYPI_FORM_FIELDS	400
#define PYPI_FORM_FIELD_MAX	(512 * 1024)
#define PYPI_REASON_MAX		1024
#define PYPI_META_SUFFIX	".metadata"

static const struct archive_limits pypi_limits = {
	100000,			/* entries */
	PYPI_META_MAX,		/* a wanted entry (METADATA, PKG-INFO) */
	(uint64_t)4 << 30,	/* uncompressed bytes */
	200			/* compression ratio */
};

static const char *const kind_filetype[PYPI_KIND__MAX] = {
	[PYPI_WHEEL] = "bdist_wheel",
	[PYPI_SDIST_TGZ] = "sdist",
	[PYPI_SDIST_ZIP] = "sdist",
};

static const char *const kind_ctype[PYPI_KIND__MAX] = {
	[PYPI_WHEEL] = "application/zip",
	[PYPI_SDIST_TGZ] = "application/gzip",
	[PYPI_SDIST_ZIP] = "application/zip",
};

/* Every failure of these routes carries its message in the status line. */
static enum status
done(struct req *r, enum status st)
{
	if (st != ST_OK && r->errmsg != NULL)
		resp_reason(r, r->errmsg);
	return st;
}

static int
is_python(const struct req *r)
{
	return strcmp(r->registry->ecosystem, "python") == 0;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* The {name} parameter normalized, or NULL after a 404. */
static char *
project_name(struct req *r, enum status *st)
{
	const char	*name = req_param(r, "name");
	char		*norm;

	if (!is_python(r)) {
		*st = req_fail(r, ST_NOTFOUND, "registry '%s' holds %s "
		    "packages, not python", r->registry->slug,
		    r->registry->ecosystem);
		return NULL;
	}
	if (name == NULL || !pypi_name_valid(name, strlen(name))) {
		*st = req_fail(r, ST_NOTFOUND, "project not found");
		return NULL;
	}
	if ((norm = pypi_name_normalize(r->arena, name)) == NULL)
		*st = ST_INTERNAL;
	return norm;
}

static char *
base_url(struct req *r)
{
	return arena_strfmt(r->arena, "%s/%s/%s/pypi",
	    r->ctx->conf->packages_url,
	    url_encode(r->arena, r->registry->org_slug),
	    url_encode(r->arena, r->registry->slug));
}

static char *
file_url(struct req *r, const char *base, const char *name, const char *file)
{
	return arena_strfmt(r->arena, "%s/files/%s/%s", base,
	    url_encode(r->arena, name), url_encode(r->arena, file));
}

/* The format asked for: ?format=<type> first, else Accept. */
static enum pypi_format
wanted_format(const struct req *r)
{
	const char	*f = kv_get(&r->query, "format");

	if (f != NULL)
		return pypi_negotiate(f, strlen(f));
	return pypi_negotiate(r->accept, r->accept ? strlen(r->accept) : 0);
}

/* Answer a cached page in the format chosen. */
static enum status
send_page(struct req *r, const struct cache_entry *e, enum pypi_format fmt)
{
	resp_header(r, "Vary", "Accept");
	return resp_send(r, 200, pypi_format_type(fmt), e->data, e->len,
	    e->etag, r->registry->public ? "public, no-cache" :
	    "private, no-cache");
}

/* Store a rendered page under key, then find it again. */
static int
cache_page(struct req *r, const char *key, const struct buf *out,
    const struct cache_entry **e)
{
	unsigned char	 h[32];
	char		 etag[40];

	digest_sha256(out->data, out->len, h);
	etag[0] = '"';
	hex_encode(h, 16, etag + 1);
	memcpy(etag + 33, "\"", 2);
	if (cache_put(key, r->registry->id, out->data, out->len, etag, 0) == -1)
		return -1;
	return (*e = cache_get(key, time(NULL))) == NULL ? -1 : 0;
}

static int
cmp_filename(const void *a, const void *b)
{
	const struct pkg_file_info *const	*x = a, *const *y = b;

	return strcmp((*x)->filename, (*y)->filename);
}

/* The row named file, in rows sorted by file name, or NULL. */
static struct pkg_file_info *
find_file(struct pkg_file_info **sorted, size_t n, const char *file)
{
	struct pkg_file_info	 key, *kp = &key, **hit;

	key.filename = (char *)file;
	hit = bsearch(&kp, sorted, n, sizeof(*sorted), cmp_filename);
	return hit ? *hit : NULL;
}

/*
 * Render (or take from the cache) the simple page of project name.
 * Returns 0, 1 when the project has no files, -1 on error.
 */
static int
project_page(struct req *r, const char *name, int json,
    const struct cache_entry **e)
{
	struct pkg_file_info	*rows, **sorted, *w;
	struct pypi_file	*files;
	struct pypi_project	 proj;
	const char		**versions;
	char			 key[600], *base, *stem;
	size_t			 n, i, nfiles = 0, nvers = 0;
	struct buf		 out;
	int			 rc = -1;

	if ((size_t)snprintf(key, sizeof(key), "pypi:%s:p:%s:%c",
	    r->registry->id, name, json ? 'j' : 'h') >= sizeof(key))
		return -1;
	if ((*e = cache_get(key, time(NULL))) != NULL)
		return 0;
	if (db_pkg_file_infos(r->ctx->db, r->arena, r->registry->id, name,
	    "requires_python", &rows, &n) == -1)
		return -1;
	if (n == 0)
		return 1;
	files = arena_calloc(r->arena, n, sizeof(*files));
	versions = arena_calloc(r->arena, n, sizeof(*versions));
	sorted = arena_calloc(r->arena, n, sizeof(*sorted));
	if (files == NULL || versions == NULL || sorted == NULL ||
	    (base = base_url(r)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		sorted[i] = &rows[i];
	qsort(sorted, n, sizeof(*sorted), cmp_filename);
	for (i = 0; i < n; i++) {
		if (has_suffix(rows[i].filename, PYPI_META_SUFFIX))
			continue;
		if (nvers == 0 || strcmp(versions[nvers - 1],
		    rows[i].version) != 0)
			versions[nvers++] = rows[i].version;
		files[nfiles].filename = rows[i].filename;
		files[nfiles].url = file_url(r, base, name, rows[i].filename);
		files[nfiles].sha256 = rows[i].sha256;
		files[nfiles].requires_python = rows[i].meta;
		files[nfiles].yanked = rows[i].deprecated;
		files[nfiles].upload_time = rows[i].created_at;
		files[nfiles].size = rows[i].size;
		stem = arena_strfmt(r->arena, "%s" PYPI_META_SUFFIX,
		    rows[i].filename);
		if (stem == NULL || files[nfiles].url == NULL)
			return -1;
		if ((w = find_file(sorted, n, stem)) != NULL)
			files[nfiles].core_metadata_sha256 = w->sha256;
		nfiles++;
	}
	if (nfiles == 0)
		return 1;
	memset(&proj, 0, sizeof(proj));
	proj.name = name;
	proj.versions = versions;
	proj.nversions = nvers;
	proj.files = files;
	proj.nfiles = nfiles;
	buf_init(&out, 1 << 30);
	if (pypi_simple_project(&proj, json, &out) == -1 ||
	    cache_page(r, key, &out, e) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&out);
	return rc;
}

/* Redirect to the canonical URL of a simple page: normalized, with '/'. */
static enum status
redirect_canonical(struct req *r, const char *suffix)
{
	char	*loc;

	loc = arena_strfmt(r->arena, "%s/simple/%s%s%s", base_url(r), suffix,
	    r->query_string[0] ? "?" : "", r->query_string);
	if (loc == NULL)
		return ST_INTERNAL;
	return resp_redirect(r, 301, loc);
}

static int
ends_in_slash(const struct req *r)
{
	size_t	 n = strlen(r->path);

	return n > 0 && r->path[n - 1] == '/';
}

static enum status
project(struct req *r)
{
	const struct cache_entry	*e;
	const char			*raw = req_param(r, "name");
	enum pypi_format		 fmt = wanted_format(r);
	enum status			 st;
	char				*name;
	int				 rc;

	if ((name = project_name(r, &st)) == NULL)
		return st;
	if (strcmp(name, raw) != 0 || !ends_in_slash(r))
		return redirect_canonical(r, arena_strfmt(r->arena, "%s/",
		    url_encode(r->arena, name)));
	rc = project_page(r, name, fmt == PYPI_FMT_JSON_V1, &e);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "cannot read the project");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "project '%s' not found", name);
	return send_page(r, e, fmt);
}

enum status
h_pypi_project(struct req *r)
{
	return done(r, project(r));
}

static enum status
index_page(struct req *r)
{
	const struct cache_entry	*e;
	enum pypi_format		 fmt = wanted_format(r);
	char				 key[128], **names;
	size_t				 n;
	struct buf			 out;
	int				 json = fmt == PYPI_FMT_JSON_V1, rc;

	if (!is_python(r))
		return req_fail(r, ST_NOTFOUND, "registry '%s' holds %s "
		    "packages, not python", r->registry->slug,
		    r->registry->ecosystem);
	if (!ends_in_slash(r))
		return redirect_canonical(r, "");
	snprintf(key, sizeof(key), "pypi:%s:index:%c", r->registry->id,
	    json ? 'j' : 'h');
	if ((e = cache_get(key, time(NULL))) == NULL) {
		if (db_pkg_names(r->ctx->db, r->arena, r->registry->id,
		    &names, &n) == -1)
			return req_fail(r, ST_UNAVAIL, "database unavailable");
		buf_init(&out, 1 << 30);
		rc = pypi_simple_index((const char *const *)names, n, json,
		    &out);
		if (rc == 0)
			rc = cache_page(r, key, &out, &e);
		buf_release(&out);
		if (rc == -1)
			return req_fail(r, ST_INTERNAL, "cannot render the "
			    "index");
	}
	return send_page(r, e, fmt);
}

enum status
h_pypi_index(struct req *r)
{
	return done(r, index_page(r));
}

static enum status
file_send(struct req *r)
{
	struct pkg_file	 f;
	const char	*file = req_param(r, "file");
	char		*name, *pkg_id, *uri, *etag;
	enum blob_send	 how;
	enum status	 st;
	int		 rc;

	if ((name = project_name(r, &st)) == NULL)
		return st;
	rc = db_pkg_file_find(r->ctx->db, r->arena, r->registry->id, name,
	    file, &f, &pkg_id);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "file not found");
	if (publish_locate(r, &f, &how, &uri) == -1)
		return req_fail(r, ST_UNAVAIL, "storage unavailable");
	if (r->method == M_GET && !has_suffix(f.filename, PYPI_META_SUFFIX))
		downloads_note(pkg_id);
	etag = arena_strfmt(r->arena, "\"%s\"", f.sha256);
	if (how == BS_REDIRECT)
		return resp_redirect(r, 302, uri);
	return resp_accel(r, uri, f.content_type, f.filename, etag);
}

enum status
h_pypi_file(struct req *r)
{
	return done(r, file_send(r));
}

/* Does the form's value for key, when sent and not empty, equal want? */
static int
form_hex_matches(const struct form *form, const char *key, const char *want)
{
	const char	*v = kv_get(&form->fields, key);

	return v == NULL || v[0] == '\0' || strcasecmp(v, want) == 0;
}

/* Check what twine says about the file against what is inside it. */
static enum status
check_form(struct req *r, const struct form *form, const struct pypi_dist *d,
    const struct spool *sp)
{
	const char	*v;
	char		*n, ver[PYPI_VERSION_BUF];

	if (!form_hex_matches(form, "sha256_digest", sp->digests.sha256) ||
	    !form_hex_matches(form, "md5_digest", sp->digests.md5))
		return req_fail(r, ST_BADREQ, "The digest supplied does not "
		    "match a digest calculated from the uploaded file.");
	if ((v = kv_get(&form->fields, "name")) != NULL && v[0] != '\0') {
		if ((n = pypi_name_normalize(r->arena, v)) == NULL)
			return ST_INTERNAL;
		if (strcmp(n, d->name) != 0)
			return req_fail(r, ST_BADREQ, "the form's name does "
			    "not match the name in the file's metadata (%s)",
			    d->meta.name);
	}
	if ((v = kv_get(&form->fields, "version")) != NULL && v[0] != '\0' &&
	    (pypi_version_normalize(v, strlen(v), ver, sizeof(ver)) == -1 ||
	    strcmp(ver, d->version) != 0))
		return req_fail(r, ST_BADREQ, "the form's version does not "
		    "match the version in the file's metadata (%s)",
		    d->meta.version);
	if ((v = kv_get(&form->fields, "filetype")) != NULL && v[0] != '\0' &&
	    strcmp(v, kind_filetype[d->fn.kind]) != 0)
		return req_fail(r, ST_BADREQ, "filetype '%.32s' does not match "
		    "the file (%s)", v, kind_filetype[d->fn.kind]);
	return ST_OK;
}

/*
 * Refuse a file name already used by the project (409, in PyPI's words so
 * that twine --skip-existing recognizes it) and a second sdist of one
 * version (400), before anything is stored. The caller holds the
 * version's lock, so two uploads of one version are checked one at a time.
 */
static enum status
check_existing(struct req *r, const struct pypi_dist *d, const char *file)
{
	struct pkg_file_info	*rows;
	size_t			 n, i;

	if (db_pkg_file_infos(r->ctx->db, r->arena, r->registry->id, d->name,
	    NULL, &rows, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].filename, file) == 0)
			return req_fail(r, ST_CONFLICT, "File already exists "
			    "('%s', with sha256 hash %s).", file,
			    rows[i].sha256);
		if (d->fn.kind != PYPI_WHEEL &&
		    strcmp(rows[i].version, d->version) == 0 &&
		    (has_suffix(rows[i].filename, ".tar.gz") ||
		    has_suffix(rows[i].filename, ".zip")))
			return req_fail(r, ST_BADREQ, "Only one sdist may be "
			    "uploaded per release.");
	}
	return ST_OK;
}

/* Store a wheel's METADATA as "<wheel>.metadata" in the same version. */
static void
store_core_metadata(struct req *r, const struct pypi_dist *d,
    const char *file)
{
	struct publish	 p;
	struct spool	 sp;
	char		*id;

	spool_init(&sp);
	memset(&p, 0, sizeof(p));
	p.name = d->name;
	p.version = d->version;
	p.metadata = "{}";
	p.filename = arena_strfmt(r->arena, "%s" PYPI_META_SUFFIX, file);
	p.content_type = "text/plain; charset=utf-8";
	p.add_file = 1;
	if (p.filename == NULL ||
	    spool_open(&sp, r->ctx->storage->spool_dir, 0) == -1 ||
	    spool_write(&sp, d->metadata, d->metadata_len) == -1 ||
	    spool_finish(&sp) == -1 ||
	    publish_spool(r, &sp, &p, &id) != ST_OK)
		log_warnx("cannot store the core metadata of %s in %s/%s: "
		    "%s", file, r->registry->org_slug, r->registry->slug,
		    r->errmsg ? r->errmsg : "spool failed");
	spool_discard(&sp);
	r->errmsg = NULL;
}

/*
 * Inspect a spooled, finished distribution and record it in r->registry:
 * 400 when it is not a valid wheel or sdist (or disagrees with the form,
 * when one came with it), 409 when the file exists. *id: the package id.
 */
static enum status	store_locked(struct req *, const char *,
			    struct spool *, const struct pypi_dist *, char **);

/*
 * Inspect the uploaded file, check it against the form (twine) and what the
 * project has, and publish it.
 */
static enum status
store(struct req *r, const char *file, struct spool *sp,
    const struct form *form, char **id)
{
	struct pypi_dist	 d;
	char			 err[256], *lock;
	enum status		 st;

	if (!is_python(r))
		return req_fail(r, ST_BADREQ, "registry '%s' holds %s "
		    "packages, not python", r->registry->slug,
		    r->registry->ecosystem);
	if (pypi_dist_inspect(sp->path, file, &pypi_limits, r->arena, &d, err,
	    sizeof(err)) == -1)
		return req_fail(r, ST_BADREQ, "invalid distribution: %s", err);
	if (form != NULL && (st = check_form(r, form, &d, sp)) != ST_OK)
		return st;
	/* Check and record under one lock: one sdist per release holds. */
	lock = arena_strfmt(r->arena, "pypi:%s:%s:%s", r->registry->id,
	    d.name, d.version);
	if (lock == NULL || db_lock(r->ctx->db, lock) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	st = store_locked(r, file, sp, &d, id);
	db_unlock(r->ctx->db, lock);
	return st;
}

static enum status
store_locked(struct req *r, const char *file, struct spool *sp,
    const struct pypi_dist *dist, char **id)
{
	struct pypi_dist	 d = *dist;
	struct publish		 p;
	enum status		 st;

	if ((st = check_existing(r, &d, file)) != ST_OK)
		return st;
	memset(&p, 0, sizeof(p));
	p.name = d.name;
	p.version = d.version;
	if ((p.metadata = pypi_meta_json(r->arena, &d.meta)) == NULL)
		return req_fail(r, ST_INTERNAL, "cannot read the metadata");
	p.readme = pypi_meta_description(&d.meta);
	p.filename = file;
	p.content_type = kind_ctype[d.fn.kind];
	p.add_file = 1;
	if ((st = publish_spool(r, sp, &p, id)) != ST_OK)
		return st;
	if (d.fn.kind == PYPI_WHEEL)
		store_core_metadata(r, &d, file);
	return ST_OK;
}

enum status
pypi_upload(struct req *r, const char *filename, struct spool *sp, char **id)
{
	return store(r, filename ? filename : "", sp, NULL, id);
}

static enum status
send_package(struct req *r, const char *id, int code)
{
	struct pkg		 p;
	struct json_object	*o;
	enum status		 st;
	int			 rc;

	rc = db_pkg_get(r->ctx->db, r->arena, r->registry->id, id, &p);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "package not found");
	o = hjson_package(r, &p);
	json_object_object_add(o, "yanked",
	    json_object_new_boolean(p.deprecated != NULL));
	json_object_object_add(o, "yanked_reason", hjson_str(p.deprecated));
	st = resp_json(r, code, o);
	json_object_put(o);
	return st;
}

static enum status
upload(struct req *r)
{
	struct form_limits	 lim;
	struct form		 form;
	struct form_file	*file = NULL;
	const char		*err = "malformed multipart body", *action;
	char			*id;
	size_t			 i;
	enum status		 st;

	memset(&form, 0, sizeof(form));
	if (!is_python(r))
		return req_fail(r, ST_BADREQ, "registry '%s' holds %s "
		    "packages, not python", r->registry->slug,
		    r->registry->ecosystem);
	if (strncmp(r->content_type, "multipart/form-data", 19) != 0)
		return req_fail(r, ST_UNSUPPORTED, "expected a multipart/"
		    "form-data upload (twine upload)");
	memset(&lim, 0, sizeof(lim));
	lim.max_fields = PYPI_FORM_FIELDS;
	lim.max_field_size = PYPI_FORM_FIELD_MAX;
	lim.max_files = 2;	/* content, and a gpg_signature we ignore */
	lim.max_file_size = (off_t)r->ctx->conf->upload_max;
	lim.spool_dir = r->ctx->storage->spool_dir;
	switch (form_read_multipart(r->arena, r->content_type, req_read, r,
	    &lim, &form, &err)) {
	case FORM_OK:
		break;
	case FORM_TOOBIG:
		return req_fail(r, ST_TOOBIG, "%s", err);
	case FORM_IO:
		return req_fail(r, ST_INTERNAL, "cannot store the upload");
	default:
		return req_fail(r, ST_BADREQ, "%s", err);
	}
	action = kv_get(&form.fields, ":action");
	if (action == NULL || strcmp(action, "file_upload") != 0) {
		st = req_fail(r, ST_BADREQ, "unsupported :action; only "
		    "file_upload is");
		goto out;
	}
	for (i = 0; i < form.nfiles; i++)
		if (strcmp(form.files[i].field, "content") == 0) {
			if (file != NULL) {
				st = req_fail(r, ST_BADREQ, "send one file "
				    "in the field 'content'");
				goto out;
			}
			file = &form.files[i];
		}
	if (file == NULL) {
		st = req_fail(r, ST_BADREQ, "no file in the field 'content'");
		goto out;
	}
	if ((st = store(r, file->filename, &file->spool, &form, &id)) ==
	    ST_OK)
		st = send_package(r, id, 200);
out:
	form_release(&form);
	return st;
}

enum status
h_pypi_upload(struct req *r)
{
	return done(r, upload(r));
}

/* POST: yank, with an optional reason; DELETE: unyank. */
static enum status
yank(struct req *r, int on)
{
	struct json_object	*body = NULL;
	struct pkg		 p;
	const char		*id = req_param(r, "id"), *reason = "";
	enum status		 st = ST_OK;
	int			 bad = 0, rc;

	if (!is_python(r))
		return req_fail(r, ST_INVALID, "yanking is for python "
		    "registries; this one holds %s packages",
		    r->registry->ecosystem);
	if (on && r->content_length > 0) {
		if ((st = hjson_read(r, &body)) != ST_OK)
			return st;
		if (!json_object_is_type(body, json_type_object)) {
			st = req_fail(r, ST_BADREQ, "body must be a JSON "
			    "object: {\"reason\": \"...\"}");
			goto out;
		}
		json_object_object_foreach(body, k, v) {
			(void)v;
			if (strcmp(k, "reason") != 0) {
				st = req_fail(r, ST_BADREQ, "unknown field "
				    "'%.64s'", k);
				goto out;
			}
		}
		if ((reason = hjson_get_str(body, "reason", &bad)) == NULL)
			reason = "";
		if (bad || strlen(reason) > PYPI_REASON_MAX ||
		    !pypi_utf8_valid(reason, strlen(reason))) {
			st = req_fail(r, ST_BADREQ, "reason must be a string "
			    "of at most %d bytes of UTF-8", PYPI_REASON_MAX);
			goto out;
		}
		if ((reason = arena_strdup(r->arena, reason)) == NULL) {
			st = ST_INTERNAL;
			goto out;
		}
	}
	rc = db_pkg_get(r->ctx->db, r->arena, r->registry->id, id, &p);
	if (rc == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	if (rc == 1) {
		st = req_fail(r, ST_NOTFOUND, "package not found");
		goto out;
	}
	if (db_pkg_deprecate(r->ctx->db, r->registry->id, p.name, p.version,
	    on ? reason : NULL) == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	log_info("%s %s %s in %s/%s", on ? "yanked" : "unyanked", p.name,
	    p.version, r->registry->org_slug, r->registry->slug);
	st = send_package(r, id, 200);
out:
	if (body)
		json_object_put(body);
	return st;
}

enum status
h_pypi_yank(struct req *r)
{
	return yank(r, 1);
}

enum status
h_pypi_unyank(struct req *r)
{
	return yank(r, 0);
}
