/* h_maven.c: the maven2 repository layout under /{org}/{reg}/maven2/ */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "db/db_pkg.h"
#include "downloads.h"
#include "eco/archive.h"
#include "eco/maven.h"
#include "handlers/handlers.h"
#include "handlers/publish.h"
#include "http/resp.h"
#include "storage/storage.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/spool.h"
#include "util/banned.h"

/*
 * What Maven (and Gradle) send and get, as implemented here; {path} is
 * parsed by maven_path_parse (eco/maven.h):
 *   PUT  {g}/{a}/{v}/{file}            store a file of version {v} of the
 *                                      package "g:a": 201. A release file
 *                                      that exists is refused (409); a
 *                                      -SNAPSHOT file is replaced. A pom
 *                                      must be XML (no DTD, no entities)
 *                                      naming the same g:a:v, and becomes
 *                                      the version's metadata; jar, war,
 *                                      ear and aar files must be zips
 *                                      within the archive limits (400).
 *   PUT  {...}/{file}.md5|.sha1|.sha256|.sha512
 *                                      checked against the stored file:
 *                                      201 when equal; 400 when not (and a
 *                                      file stored less than 10 minutes
 *                                      ago is removed, so the client can
 *                                      deploy it again); 400 when there is
 *                                      no such file.
 *   PUT  {...}/maven-metadata.xml[.sum] read and checked (well-formed, no
 *                                      DTD, same groupId/artifactId/
 *                                      version as the path), then dropped:
 *                                      the server keeps its own.
 *   GET  {...}/{file}[.sum]            the file (sent by nginx: HEAD and
 *                                      Range work), or its checksum from
 *                                      the digests stored with it
 *   GET  {g}/{a}/maven-metadata.xml[.sum], {g}/{a}/{v}-SNAPSHOT/maven-
 *        metadata.xml[.sum]            rendered from the stored files
 *                                      (eco/maven.h), cached per worker
 *                                      until the registry changes
 * Malformed or unsafe paths are 400; paths outside the layout are 404 to
 * GET and 400 to PUT. Other registries' ecosystems get 404 (GET) or 400.
 */

#define JAVA_ECOSYSTEM	"java"
#define SUM_BODY_MAX	1024
/* A file whose checksum disagrees is removed when this recent (seconds). */
#define FRESH_SECONDS	600

static const struct archive_limits jar_limits = {
	100000,			/* entries */
	0,			/* no entry is read */
	(uint64_t)4 << 30,	/* uncompressed bytes */
	200			/* compression ratio */
};

/* Extensions whose files must be zip archives. */
static int
is_zip_ext(const char *ext)
{
	return strcmp(ext, "jar") == 0 || strcmp(ext, "war") == 0 ||
	    strcmp(ext, "ear") == 0 || strcmp(ext, "aar") == 0;
}

static const char *
content_type(const char *ext)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ "jar", "application/java-archive" },
		{ "war", "application/java-archive" },
		{ "ear", "application/java-archive" },
		{ "pom", "application/xml" },
		{ "xml", "application/xml" },
		{ "module", "application/json" },
		{ "json", "application/json" },
		{ "asc", "application/pgp-signature" },
		{ "zip", "application/zip" },
		{ "tar.gz", "application/gzip" },
	};
	const char	*last;
	size_t		 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].ext, ext) == 0)
			return types[i].type;
	/* "jar.asc" is a signature. */
	if ((last = strrchr(ext, '.')) != NULL && strcmp(last, ".asc") == 0)
		return "application/pgp-signature";
	return "application/octet-stream";
}

static const char *
sum_of(enum maven_sum s, const char *md5, const char *sha1,
    const char *sha256, const char *sha512)
{
	switch (s) {
	case MS_MD5:
		return md5;
	case MS_SHA1:
		return sha1;
	case MS_SHA256:
		return sha256;
	case MS_SHA512:
		return sha512;
	default:
		return NULL;
	}
}

static const char *
cache_control(const struct req *r)
{
	return r->registry->public ? "public, no-cache" : "private, no-cache";
}

/*
 * The {path} parameter parsed; 0, or a status already failed: 400 for
 * malformed paths, 404 (GET) or 400 (PUT) for paths outside the layout or
 * registries of another ecosystem.
 */
static enum status
parse(struct req *r, struct maven_path *mp)
{
	const char	*path = req_param(r, "path"), *why;
	int		 put = r->method == M_PUT, rc;

	if (strcmp(r->registry->ecosystem, JAVA_ECOSYSTEM) != 0)
		return req_fail(r, put ? ST_BADREQ : ST_NOTFOUND,
		    "registry '%s' is a %s registry, not a java (Maven) one",
		    r->registry->slug, r->registry->ecosystem);
	if (path == NULL)
		return req_fail(r, ST_NOTFOUND, "not found");
	rc = maven_path_parse(r->arena, path, strlen(path), mp, &why);
	if (rc == -1)
		return req_fail(r, ST_BADREQ, "invalid maven2 path: %s", why);
	if (rc == 1)
		return req_fail(r, put ? ST_BADREQ : ST_NOTFOUND,
		    "%s: %s", put ? "invalid maven2 path" : "not found", why);
	return ST_OK;
}

/*
 * Render (or take from the cache) the artifact-level (version NULL) or
 * snapshot version-level maven-metadata.xml of mp. 0, 1 when there is
 * nothing to describe, -1 on error. *e stays valid until the next cache
 * change in this request.
 */
static int
metadata(struct req *r, const struct maven_path *mp, const char *version,
    const struct cache_entry **e)
{
	char			 key[1200], etag[72];
	struct pkg_file_row	*rows;
	struct maven_file_row	*mr;
	struct buf		 out;
	unsigned char		 h[32];
	size_t			 n, i;
	int			 rc;

	if ((size_t)snprintf(key, sizeof(key), "mvn:%s:%s:%s",
	    r->registry->id, mp->name, version ? version : "") >= sizeof(key))
		return -1;
	if ((*e = cache_get(key, time(NULL))) != NULL)
		return 0;
	if (db_pkg_file_rows(r->ctx->db, r->arena, r->registry->id, mp->name,
	    &rows, &n) == -1)
		return -1;
	if ((mr = arena_calloc(r->arena, n + 1, sizeof(*mr))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		mr[i].version = rows[i].version;
		mr[i].filename = rows[i].filename;
		mr[i].updated = rows[i].updated;
	}
	buf_init(&out, 64 * 1024 * 1024);
	if (version)
		rc = maven_metadata_version(r->arena, mp->group, mp->artifact,
		    version, mr, n, &out);
	else
		rc = maven_metadata_artifact(r->arena, mp->group,
		    mp->artifact, mr, n, &out);
	if (rc != 0)
		goto out;
	rc = -1;
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
	return rc;
}

static enum status
send_sum(struct req *r, const char *hex)
{
	char	*etag;

	etag = arena_strfmt(r->arena, "\"%.64s\"", hex);
	return resp_send(r, 200, "text/plain; charset=us-ascii", hex,
	    strlen(hex), etag, cache_control(r));
}

static enum status
get_metadata(struct req *r, const struct maven_path *mp)
{
	const struct cache_entry	*e;
	struct hasher			*hs;
	struct digests			 d;
	int				 rc;

	rc = metadata(r, mp, mp->kind == MK_META_VERSION ? mp->version : NULL,
	    &e);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "cannot read package metadata");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "'%s%s%s' not found",
		    mp->name, mp->version ? ":" : "",
		    mp->version ? mp->version : "");
	if (mp->sum == MS_NONE)
		return resp_send(r, 200, "application/xml", e->data, e->len,
		    e->etag, cache_control(r));
	if ((hs = hasher_new()) == NULL)
		return ST_INTERNAL;
	rc = hasher_update(hs, e->data, e->len) == -1 ||
	    hasher_final(hs, &d) == -1 ? -1 : 0;
	hasher_free(hs);
	if (rc == -1)
		return ST_INTERNAL;
	return send_sum(r, sum_of(mp->sum, d.md5, d.sha1, d.sha256, d.sha512));
}

static enum status
get_file(struct req *r, const struct maven_path *mp)
{
	struct pkg_file	 f;
	char		*pkg_id, *uri, *etag;
	long long	 age;
	enum blob_send	 how;
	int		 rc;

	rc = db_pkg_file_find_version(r->ctx->db, r->arena, r->registry->id,
	    mp->name, mp->version, mp->filename, &f, &pkg_id, &age);
	if (rc == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	if (rc == 1)
		return req_fail(r, ST_NOTFOUND, "'%s' not found", mp->filename);
	if (mp->sum != MS_NONE)
		return send_sum(r, sum_of(mp->sum, f.md5, f.sha1, f.sha256,
		    f.sha512));
	if (publish_locate(r, &f, &how, &uri) == -1)
		return req_fail(r, ST_UNAVAIL, "storage unavailable");
	/* A build fetches pom and jar: count the artifact, not its pom. */
	if (r->method == M_GET && strcmp(mp->extension, "pom") != 0)
		downloads_note(pkg_id);
	if (how == BS_REDIRECT)
		return resp_redirect(r, 302, uri);
	etag = arena_strfmt(r->arena, "\"%s\"", f.sha256);
	return resp_accel(r, uri, f.content_type, f.filename, etag);
}

/* GET/HEAD /{org}/{reg}/maven2/{path} */
enum status
h_maven_get(struct req *r)
{
	struct maven_path	 mp;
	enum status		 st;

	if ((st = parse(r, &mp)) != ST_OK)
		return st;
	if (mp.kind == MK_FILE)
		return get_file(r, &mp);
	return get_metadata(r, &mp);
}

static enum status
created(struct req *r)
{
	return resp_send(r, 201, NULL, "", 0, NULL, "no-store");
}

/*
 * Read a small body (checksums, metadata) of at most max bytes into b,
 * whose own max must be larger. 413 past max, 400 on a read error.
 */
static enum status
read_small(struct req *r, size_t max, struct buf *b, const char *what)
{
	char	 chunk[16384];
	long	 n;

	while ((n = req_read(r, chunk, sizeof(chunk))) > 0)
		if (buf_add(b, chunk, (size_t)n) == -1 || b->len > max)
			return req_fail(r, ST_TOOBIG, "%s is larger than %zu "
			    "bytes", what, max);
	if (n < 0)
		return req_fail(r, ST_BADREQ, "cannot read the request body");
	return ST_OK;
}

static enum status
put_metadata(struct req *r, const struct maven_path *mp)
{
	struct maven_meta_in	 in;
	struct buf		 b;
	char			 err[256], hex[129];
	enum status		 st;

	buf_init(&b, MAVEN_POM_MAX + 1);
	if (mp->sum != MS_NONE) {
		if ((st = read_small(r, SUM_BODY_MAX, &b, "checksum file")) !=
		    ST_OK)
			goto out;
		if (maven_checksum_parse(b.data, b.len, mp->sum, hex) == -1) {
			st = req_fail(r, ST_BADREQ, "malformed .%s file: "
			    "expected %zu hex digits", maven_sum_ext(mp->sum),
			    maven_sum_hexlen(mp->sum));
			goto out;
		}
		st = created(r);
		goto out;
	}
	if ((st = read_small(r, MAVEN_POM_MAX, &b, "maven-metadata.xml")) !=
	    ST_OK)
		goto out;
	if (maven_metadata_read(r->arena, b.data, b.len, &in, err,
	    sizeof(err)) == -1) {
		st = req_fail(r, ST_BADREQ, "invalid maven-metadata.xml: %s",
		    err);
		goto out;
	}
	/* Group-level metadata (plugin prefixes) has no groupId to check. */
	if (!in.plugins && ((in.group && strcmp(in.group, mp->group) != 0) ||
	    (in.artifact && strcmp(in.artifact, mp->artifact) != 0) ||
	    (mp->kind == MK_META_VERSION && in.version &&
	    strcmp(in.version, mp->version) != 0))) {
		st = req_fail(r, ST_BADREQ, "maven-metadata.xml is for "
		    "%.100s:%.100s%s%.100s, not for its path %s%s%s",
		    in.group ? in.group : "?", in.artifact ? in.artifact : "?",
		    in.version ? ":" : "", in.version ? in.version : "",
		    mp->name, mp->kind == MK_META_VERSION ? ":" : "",
		    mp->kind == MK_META_VERSION ? mp->version : "");
		goto out;
	}
	st = created(r);
out:
	buf_release(&b);
	return st;
}

/* Remove a stored file and release its blob: 0, 1 gone already, -1. */
static int
remove_file(struct req *r, const struct maven_path *mp)
{
	char	*sha256;
	int	 rc;

	rc = db_pkg_file_remove(r->ctx->db, r->arena, r->registry->id,
	    mp->name, mp->version, mp->filename, &sha256);
	if (rc == 0)
		publish_release_blobs(r, &sha256, 1);
	return rc;
}

static enum status
put_sum(struct req *r, const struct maven_path *mp)
{
	struct pkg_file	 f;
	struct buf	 b;
	const char	*ours;
	char		 hex[129], *pkg_id;
	long long	 age;
	enum status	 st;
	int		 rc;

	buf_init(&b, SUM_BODY_MAX + 1);
	if ((st = read_small(r, SUM_BODY_MAX, &b, "checksum file")) != ST_OK)
		goto out;
	if (maven_checksum_parse(b.data, b.len, mp->sum, hex) == -1) {
		st = req_fail(r, ST_BADREQ, "malformed .%s file: expected %zu "
		    "hex digits", maven_sum_ext(mp->sum),
		    maven_sum_hexlen(mp->sum));
		goto out;
	}
	rc = db_pkg_file_find_version(r->ctx->db, r->arena, r->registry->id,
	    mp->name, mp->version, mp->filename, &f, &pkg_id, &age);
	if (rc == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	if (rc == 1) {
		st = req_fail(r, ST_BADREQ, "no file '%s' to check this "
		    "checksum against: deploy the file first", mp->filename);
		goto out;
	}
	ours = sum_of(mp->sum, f.md5, f.sha1, f.sha256, f.sha512);
	if (ours && strcmp(ours, hex) == 0) {
		st = created(r);
		goto out;
	}
	/* The client did not get what it sent: a deploy in progress retries. */
	if (age < FRESH_SECONDS && remove_file(r, mp) == 0) {
		log_info("removed %s of %s %s in %s/%s: %s mismatch",
		    mp->filename, mp->name, mp->version, r->registry->org_slug,
		    r->registry->slug, maven_sum_ext(mp->sum));
		st = req_fail(r, ST_BADREQ, "checksum mismatch for '%s': "
		    "the server received %s %s but the client sent %s; the "
		    "file was removed, deploy it again", mp->filename,
		    maven_sum_ext(mp->sum), ours, hex);
	} else
		st = req_fail(r, ST_BADREQ, "checksum mismatch for '%s': the "
		    "stored file has %s %s but the client sent %s",
		    mp->filename, maven_sum_ext(mp->sum), ours, hex);
out:
	buf_release(&b);
	return st;
}

/* Does the pom name what the path names? ${...} values are not checked. */
static enum status
check_pom(struct req *r, const struct maven_path *mp,
    const struct maven_pom *pom)
{
	if ((strstr(pom->group, "${") == NULL &&
	    strcmp(pom->group, mp->group) != 0) ||
	    (strstr(pom->artifact, "${") == NULL &&
	    strcmp(pom->artifact, mp->artifact) != 0) ||
	    (strstr(pom->version, "${") == NULL &&
	    strcmp(pom->version, mp->version) != 0))
		return req_fail(r, ST_BADREQ, "pom is for %.100s:%.100s:%.100s "
		    "but its path is for %s:%s", pom->group, pom->artifact,
		    pom->version, mp->name, mp->version);
	return ST_OK;
}

static char *
plain_metadata(struct arena *a, const struct maven_path *mp)
{
	struct json_object	*o;
	char			*out;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "groupId", json_object_new_string(mp->group));
	json_object_object_add(o, "artifactId",
	    json_object_new_string(mp->artifact));
	json_object_object_add(o, "version",
	    json_object_new_string(mp->version));
	out = arena_strdup(a, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}

/* Stream the body into sp, keeping a copy in keep when keep is not NULL. */
static enum status
read_spool(struct req *r, struct spool *sp, struct buf *keep)
{
	char	 chunk[65536];
	long	 n;

	while ((n = req_read(r, chunk, sizeof(chunk))) > 0) {
		if (spool_write(sp, chunk, (size_t)n) == -1) {
			if (errno == EFBIG)
				return req_fail(r, ST_TOOBIG, "request body is "
				    "larger than the limit of %lld bytes",
				    r->ctx->conf->upload_max);
			return req_fail(r, ST_INTERNAL, "cannot store the "
			    "upload");
		}
		if (keep && buf_add(keep, chunk, (size_t)n) == -1)
			return req_fail(r, ST_BADREQ, "pom is larger than %d "
			    "bytes", MAVEN_POM_MAX);
	}
	if (n < 0)
		return req_fail(r, ST_BADREQ, "cannot read the request body");
	if (spool_finish(sp) == -1)
		return req_fail(r, ST_INTERNAL, "cannot store the upload");
	return ST_OK;
}

static enum status
put_file(struct req *r, const struct maven_path *mp)
{
	struct spool	 sp;
	struct buf	 pombuf;
	struct maven_pom pom;
	struct publish	 p;
	struct pkg_file	 f;
	char		 err[256], *pkg_id, *id;
	long long	 age;
	enum status	 st;
	int		 is_pom, exists;

	spool_init(&sp);
	buf_init(&pombuf, MAVEN_POM_MAX);
	is_pom = mp->classifier == NULL && strcmp(mp->extension, "pom") == 0;
	memset(&p, 0, sizeof(p));
	exists = db_pkg_file_find_version(r->ctx->db, r->arena,
	    r->registry->id, mp->name, mp->version, mp->filename, &f, &pkg_id,
	    &age);
	if (exists == -1) {
		st = req_fail(r, ST_UNAVAIL, "database unavailable");
		goto out;
	}
	exists = exists == 0;
	if (exists && !mp->snapshot) {
		st = req_fail(r, ST_CONFLICT, "cannot redeploy '%s': %s is a "
		    "release, and releases cannot be changed", mp->filename,
		    mp->version);
		goto out;
	}
	if (spool_open(&sp, r->ctx->storage->spool_dir,
	    (off_t)r->ctx->conf->upload_max) == -1) {
		log_warn("cannot open a spool in '%s'",
		    r->ctx->storage->spool_dir);
		st = req_fail(r, ST_INTERNAL, "cannot store the upload");
		goto out;
	}
	if ((st = read_spool(r, &sp, is_pom ? &pombuf : NULL)) != ST_OK)
		goto out;
	if (is_pom) {
		if (maven_pom_read(r->arena, pombuf.data, pombuf.len, &pom,
		    err, sizeof(err)) == -1) {
			st = req_fail(r, ST_BADREQ, "invalid pom: %s", err);
			goto out;
		}
		if ((st = check_pom(r, mp, &pom)) != ST_OK)
			goto out;
		p.metadata = maven_pom_json(r->arena, &pom);
	} else {
		if (is_zip_ext(mp->extension) && archive_scan(sp.path, AF_ZIP,
		    &jar_limits, NULL, NULL, NULL, err, sizeof(err)) == -1) {
			st = req_fail(r, ST_BADREQ, "invalid %s: %s",
			    mp->extension, err);
			goto out;
		}
		p.metadata = plain_metadata(r->arena, mp);
	}
	if (p.metadata == NULL) {
		st = ST_INTERNAL;
		goto out;
	}
	/* A snapshot file deployed again replaces the one stored. */
	if (exists && remove_file(r, mp) == -1) {
		st = req_fail(r, ST_UNAVAIL, "cannot replace '%s'",
		    mp->filename);
		goto out;
	}
	p.name = mp->name;
	p.version = mp->version;
	p.filename = mp->filename;
	p.content_type = content_type(mp->extension);
	p.add_file = 1;
	if ((st = publish_spool(r, &sp, &p, &id)) != ST_OK)
		goto out;
	if (is_pom && db_pkg_set_metadata(r->ctx->db, r->registry->id,
	    mp->name, mp->version, p.metadata) == -1)
		log_warnx("cannot record the pom of %s %s", mp->name,
		    mp->version);
	st = created(r);
out:
	buf_release(&pombuf);
	spool_discard(&sp);
	return st;
}

/* PUT /{org}/{reg}/maven2/{path} */
enum status
h_maven_put(struct req *r)
{
	struct maven_path	 mp;
	enum status		 st;

	if ((st = parse(r, &mp)) != ST_OK)
		return st;
	if (mp.kind != MK_FILE)
		return put_metadata(r, &mp);
	if (mp.sum != MS_NONE)
		return put_sum(r, &mp);
	return put_file(r, &mp);
}

/*
 * REST upload to a java registry: a jar alone does not say where it
 * belongs in the maven2 layout, so Maven's own deploy is the way in.
 */
enum status
maven_upload(struct req *r, const char *filename, struct spool *sp,
    char **id)
{
	(void)filename;
	(void)sp;
	(void)id;
	return req_fail(r, ST_INVALID, "Java packages are published with "
	    "mvn deploy (or gradle publish) to %s/%s/%s/maven2/",
	    r->ctx->conf->packages_url, r->registry->org_slug,
	    r->registry->slug);
}
