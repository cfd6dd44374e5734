/* s3.c: private storage in an S3-compatible bucket, over libcurl */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "storage/s3.h"
#include "storage/s3_req.h"
#include "storage/s3_xml.h"
#include "storage/sigv4.h"
#include "util/arena.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/spool.h"
#include "util/banned.h"

#define S3_MAX_PARTS	10000
#define S3_MIN_PART	((long long)5 * 1024 * 1024)
#define S3_CONNECT_TIMEOUT	5L
#define CHECK_TIMEOUT		5L	/* seconds, s3_check */
#define S3_ARENA_MAX	((size_t)16 * 1024 * 1024)

struct s3 {
	struct s3_target	 t;
	char			*scheme;
	char			*host;
	char			*bucket;
	char			*prefix;
	char			*region;
	char			*akid;
	char			*secret;
	char			*proxy;
	char			 sigv4[160];	/* aws:amz:REGION:s3 */
	long long		 threshold;
	long long		 part_size;
	long			 presign_ttl;
	long			 timeout;
	int			 no_tagging;	/* NotImplemented */
	CURL			*curl;
	struct arena		 arena;		/* per operation */
};

/* A request body: a range of a file, or memory. */
struct src {
	int		 fd;
	off_t		 off;
	off_t		 left;
	const char	*mem;
	size_t		 memlen;
};

struct resp {
	long		 status;
	struct buf	 body;
	char		 etag[256];
	int		 meta_deleted;
	long		 tag_count;
	char		 curl_err[CURL_ERROR_SIZE];
};

static const struct storage_ops s3_ops;

/* ---------------------------------------------------------------- transport */

static size_t
read_cb(char *out, size_t size, size_t nmemb, void *arg)
{
	struct src	*s = arg;
	size_t		 want = size * nmemb;
	ssize_t		 n;

	if (s->mem) {
		if (want > s->memlen)
			want = s->memlen;
		memcpy(out, s->mem, want);
		s->mem += want;
		s->memlen -= want;
		return want;
	}
	if ((off_t)want > s->left)
		want = (size_t)s->left;
	if (want == 0)
		return 0;
	n = pread(s->fd, out, want, s->off);
	if (n <= 0)
		return CURL_READFUNC_ABORT;
	s->off += n;
	s->left -= n;
	return (size_t)n;
}

static size_t
write_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct resp	*r = arg;
	size_t		 n = size * nmemb;

	/* Answers we read are small XML; more is cut (and fails to parse). */
	if (buf_add(&r->body, p, n) == -1)
		return 0;
	return n;
}

/* "Name: value" header line: is it name (case-insensitive)? Value out. */
static int
header_is(const char *line, size_t len, const char *name, char *val,
    size_t valsz)
{
	size_t	 n = strlen(name), i, j;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return 0;
	for (i = n + 1; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (j = len; j > i && (line[j - 1] == '\r' || line[j - 1] == '\n' ||
	    line[j - 1] == ' '); j--)
		;
	snprintf(val, valsz, "%.*s", (int)(j - i), line + i);
	return 1;
}

static size_t
header_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct resp	*r = arg;
	size_t		 n = size * nmemb;
	char		 v[64];

	if (header_is(p, n, "ETag", r->etag, sizeof(r->etag)))
		return n;
	if (header_is(p, n, S3_META_DELETED, v, sizeof(v)))
		r->meta_deleted = 1;
	else if (header_is(p, n, "x-amz-tagging-count", v, sizeof(v)))
		r->tag_count = strtol(v, NULL, 10);
	return n;
}

static void
resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, S3_XML_MAX);
}

static void
resp_release(struct resp *r)
{
	buf_release(&r->body);
}

/*
 * Send q (body from src, or q->body, or none) and read the answer into r.
 * 0 when an HTTP answer came (any status), -1 on a transport failure (with
 * st->errmsg). long_transfer: no total timeout, only the stall limit.
 */
static int
perform(struct storage *st, const struct s3_req *q, struct src *src,
    struct resp *r, int long_transfer)
{
	struct s3		*s3 = st->priv;
	CURL			*c = s3->curl;
	struct curl_slist	*h = NULL, *nh;
	struct src		 mem;
	char			 line[1024];
	const char		*p, *e;
	CURLcode		 cc;
	off_t			 len = 0;
	int			 rc = -1;

	curl_easy_reset(c);
	for (p = q->headers.data; *p; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		if ((nh = curl_slist_append(h, line)) == NULL)
			goto out;
		h = nh;
	}
	snprintf(line, sizeof(line), "x-amz-content-sha256: %s",
	    q->payload_sha256);
	if ((nh = curl_slist_append(h, line)) == NULL)
		goto out;
	h = nh;
	/*
	 * No "Expect:" here to skip the 100-continue round trip: libcurl
	 * 7.88 signs every header of this list, also one it then leaves out.
	 */
	if (src == NULL) {
		memset(&mem, 0, sizeof(mem));
		mem.mem = q->body.data;
		mem.memlen = q->body.len;
		src = &mem;
	}
	len = src->mem ? (off_t)src->memlen : src->left;

	curl_easy_setopt(c, CURLOPT_URL, q->url.data);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_AWS_SIGV4, s3->sigv4);
	curl_easy_setopt(c, CURLOPT_USERNAME, s3->akid);
	curl_easy_setopt(c, CURLOPT_PASSWORD, s3->secret);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->curl_err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, S3_CONNECT_TIMEOUT);
	/* A stalled transfer fails after timeout seconds under 1 KiB/s. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, s3->timeout);
	if (!long_transfer)
		curl_easy_setopt(c, CURLOPT_TIMEOUT, s3->timeout);
	if (strcmp(q->method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(q->method, "PUT") == 0) {
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(c, CURLOPT_READDATA, src);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
		    (curl_off_t)len);
	} else if (strcmp(q->method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS,
		    src->mem ? src->mem : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	} else if (strcmp(q->method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);

	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		snprintf(st->errmsg, sizeof(st->errmsg), "%s",
		    r->curl_err[0] ? r->curl_err : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	rc = 0;
out:
	/* The slist is referenced by the handle until the next reset. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	return rc;
}

/*
 * Describe a failed answer in st->errmsg: "403 SignatureDoesNotMatch: The
 * request signature we calculated ...", from the XML error when there is
 * one. what names the operation. Returns -1.
 */
static int
answer_fail(struct storage *st, const char *what, const struct resp *r)
{
	struct s3	*s3 = st->priv;
	struct s3_xml	 x;
	char		 err[128];

	if (r->body.len > 0 && s3_xml_parse(r->body.data, r->body.len,
	    &s3->arena, &x, err, sizeof(err)) == 0 && x.kind == S3X_ERROR)
		snprintf(st->errmsg, sizeof(st->errmsg), "%s: %ld %s: %s",
		    what, r->status, x.code, x.message);
	else
		snprintf(st->errmsg, sizeof(st->errmsg), "%s: HTTP %ld", what,
		    r->status);
	return -1;
}

/* Code of an XML error answer, "" if none. */
static const char *
error_code(struct storage *st, const struct resp *r)
{
	struct s3	*s3 = st->priv;
	struct s3_xml	 x;
	char		 err[128];

	if (r->body.len > 0 && s3_xml_parse(r->body.data, r->body.len,
	    &s3->arena, &x, err, sizeof(err)) == 0 && x.kind == S3X_ERROR)
		return x.code;
	return "";
}

static int
not_implemented(struct storage *st, const struct resp *r)
{
	return r->status == 501 ||
	    strcmp(error_code(st, r), "NotImplemented") == 0;
}

/* ---------------------------------------------------------------- helpers */

static int
object_key(struct s3 *s3, const char *sha256, char *out, size_t outsz)
{
	if ((size_t)snprintf(out, outsz, "%ssha256/%s", s3->prefix, sha256)
	    >= outsz)
		return -1;
	return 0;
}

static void
iso_now(char out[32])
{
	struct tm	 tm;
	time_t		 t = time(NULL);

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Hex sha256 of len bytes of fd from off. */
static int
range_sha256(int fd, off_t off, off_t len, char hex[65])
{
	EVP_MD_CTX	*ctx;
	unsigned char	 md[32];
	char		*chunk;
	ssize_t		 n;
	int		 rc = -1;

	if ((chunk = malloc(1 << 16)) == NULL)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		goto out;
	while (len > 0) {
		n = pread(fd, chunk, len < (1 << 16) ? (size_t)len : 1 << 16,
		    off);
		if (n <= 0)
			goto out;
		if (EVP_DigestUpdate(ctx, chunk, (size_t)n) != 1)
			goto out;
		off += n;
		len -= n;
	}
	if (EVP_DigestFinal_ex(ctx, md, NULL) != 1)
		goto out;
	hex_encode(md, 32, hex);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(chunk);
	return rc;
}

/* ---------------------------------------------------------------- put */

static int
put_single(struct storage *st, const char *key, struct spool *sp)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	struct src	 src;
	int		 rc = -1;

	s3_req_init(&q);
	resp_init(&r);
	if (s3_req_object(&q, &s3->t, "PUT", key, "") == -1 ||
	    s3_req_header(&q, "Content-Type", "application/octet-stream")
	    == -1) {
		snprintf(st->errmsg, sizeof(st->errmsg), "key too long");
		goto out;
	}
	snprintf(q.payload_sha256, sizeof(q.payload_sha256), "%s",
	    sp->digests.sha256);
	memset(&src, 0, sizeof(src));
	src.fd = sp->fd;
	src.left = sp->size;
	if (perform(st, &q, &src, &r, 1) == -1)
		goto out;
	if (r.status != 200) {
		answer_fail(st, "PUT", &r);
		goto out;
	}
	rc = 0;
out:
	s3_req_release(&q);
	resp_release(&r);
	return rc;
}

static void
abort_upload(struct storage *st, const char *key, const char *upload_id)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	char		 keep[sizeof(st->errmsg)];

	memcpy(keep, st->errmsg, sizeof(keep));
	s3_req_init(&q);
	resp_init(&r);
	if (s3_req_abort(&q, &s3->t, key, upload_id) == 0 &&
	    perform(st, &q, NULL, &r, 0) == 0 &&
	    (r.status == 204 || r.status == 200 || r.status == 404))
		log_debug("%s: aborted multipart upload of %s", __func__, key);
	else
		log_warnx("%s: cannot abort the multipart upload of %s "
		    "(the bucket's lifecycle rules should remove it)",
		    st->label, key);
	memcpy(st->errmsg, keep, sizeof(keep));
	s3_req_release(&q);
	resp_release(&r);
}

static int
put_multipart(struct storage *st, const char *key, struct spool *sp)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	struct s3_xml	 x;
	struct src	 src;
	char		 err[128], sha[65], **etags = NULL;
	char		*upload_id = NULL;
	long long	 part_size = s3->part_size, nparts, i, off, len;
	int		 rc = -1;

	while ((sp->size + part_size - 1) / part_size > S3_MAX_PARTS)
		part_size *= 2;
	nparts = (sp->size + part_size - 1) / part_size;
	s3_req_init(&q);
	resp_init(&r);
	if ((etags = calloc((size_t)nparts, sizeof(*etags))) == NULL)
		goto out;
	if (s3_req_initiate(&q, &s3->t, key) == -1 ||
	    perform(st, &q, NULL, &r, 0) == -1)
		goto out;
	if (r.status != 200) {
		answer_fail(st, "multipart upload", &r);
		goto out;
	}
	if (s3_xml_parse(r.body.data, r.body.len, &s3->arena, &x, err,
	    sizeof(err)) == -1 || x.kind != S3X_INITIATE) {
		snprintf(st->errmsg, sizeof(st->errmsg), "multipart upload: "
		    "unexpected answer");
		goto out;
	}
	if ((upload_id = strdup(x.upload_id)) == NULL)
		goto out;
	for (i = 0; i < nparts; i++) {
		off = i * part_size;
		len = sp->size - off < part_size ? sp->size - off : part_size;
		if (range_sha256(sp->fd, (off_t)off, (off_t)len, sha) == -1) {
			snprintf(st->errmsg, sizeof(st->errmsg), "cannot read "
			    "the upload: %s", strerror(errno));
			goto fail;
		}
		buf_reset(&r.body);
		r.etag[0] = '\0';
		memset(&src, 0, sizeof(src));
		src.fd = sp->fd;
		src.off = (off_t)off;
		src.left = (off_t)len;
		if (s3_req_part(&q, &s3->t, key, upload_id, (int)i + 1, sha)
		    == -1 || perform(st, &q, &src, &r, 1) == -1)
			goto fail;
		if (r.status != 200 || r.etag[0] == '\0') {
			answer_fail(st, "multipart upload part", &r);
			goto fail;
		}
		if ((etags[i] = strdup(r.etag)) == NULL)
			goto fail;
	}
	buf_reset(&r.body);
	if (s3_req_complete(&q, &s3->t, key, upload_id, etags, (size_t)nparts)
	    == -1 || perform(st, &q, NULL, &r, 1) == -1)
		goto fail;
	/* An error may come as 200 with an <Error> body. */
	if (r.status != 200 || s3_xml_parse(r.body.data, r.body.len,
	    &s3->arena, &x, err, sizeof(err)) == -1 || x.kind != S3X_COMPLETE) {
		answer_fail(st, "completing the multipart upload", &r);
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	abort_upload(st, key, upload_id);
out:
	if (etags)
		for (i = 0; i < nparts; i++)
			free(etags[i]);
	free(etags);
	free(upload_id);
	s3_req_release(&q);
	resp_release(&r);
	return rc;
}

static int
s3_put_spool(struct storage *st, struct spool *sp)
{
	struct s3	*s3 = st->priv;
	char		 key[1024];
	int		 rc;

	st->errmsg[0] = '\0';
	if (object_key(s3, sp->digests.sha256, key, sizeof(key)) == -1)
		return -1;
	if (sp->size >= s3->threshold)
		rc = put_multipart(st, key, sp);
	else
		rc = put_single(st, key, sp);
	arena_reset(&s3->arena);
	if (rc == -1) {
		log_warnx("%s: cannot store %s: %s", st->label,
		    sp->digests.sha256, st->errmsg);
		return -1;
	}
	/* The bytes are in the bucket: the spool file has done its work. */
	spool_discard(sp);
	return 0;
}

/* ---------------------------------------------------------------- marks */

/* GET ?tagging=: 1 and x filled, 0 no such key, 2 not implemented, -1. */
static int
get_tagging(struct storage *st, const char *key, struct s3_xml *x)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	char		 err[128];
	int		 rc = -1;

	s3_req_init(&q);
	resp_init(&r);
	if (s3_req_object(&q, &s3->t, "GET", key, "tagging=") == -1 ||
	    perform(st, &q, NULL, &r, 0) == -1)
		goto out;
	if (r.status == 404)
		rc = 0;
	else if (not_implemented(st, &r))
		rc = 2;
	else if (r.status != 200)
		answer_fail(st, "GET tagging", &r);
	else if (s3_xml_parse(r.body.data, r.body.len, &s3->arena, x, err,
	    sizeof(err)) == -1 || x->kind != S3X_TAGGING)
		snprintf(st->errmsg, sizeof(st->errmsg), "GET tagging: "
		    "unexpected answer");
	else
		rc = 1;
out:
	s3_req_release(&q);
	resp_release(&r);
	return rc;
}

/*
 * Mark key deleted now: tag (keeping other tags), or metadata through a
 * copy in place where tagging is not implemented. 0 (also when the object
 * is gone), -1. *how: "tag" or "metadata".
 */
static int
mark_deleted(struct storage *st, const char *key, const char **how)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	struct s3_xml	 tags, x;
	char		 when[32], err[128];
	int		 rc = -1, got;

	iso_now(when);
	s3_req_init(&q);
	resp_init(&r);
	*how = "tag";
	if (!s3->no_tagging) {
		memset(&tags, 0, sizeof(tags));
		if ((got = get_tagging(st, key, &tags)) == -1)
			goto out;
		if (got == 0) {
			rc = 0;
			goto out;
		}
		if (got == 1) {
			if (s3_req_tag_deleted(&q, &s3->t, key, when, &tags)
			    == -1 || perform(st, &q, NULL, &r, 0) == -1)
				goto out;
			if (r.status == 200 || r.status == 204 ||
			    r.status == 404) {
				rc = 0;
				goto out;
			}
			if (!not_implemented(st, &r)) {
				answer_fail(st, "PUT tagging", &r);
				goto out;
			}
		}
		log_info("%s: the service has no object tagging; marking "
		    "deleted objects with metadata", st->label);
		s3->no_tagging = 1;
	}
	*how = "metadata";
	buf_reset(&r.body);
	if (s3_req_meta_deleted(&q, &s3->t, key, when) == -1 ||
	    perform(st, &q, NULL, &r, 0) == -1)
		goto out;
	if (r.status == 404) {
		rc = 0;
		goto out;
	}
	if (r.status != 200 || (r.body.len > 0 && (s3_xml_parse(r.body.data,
	    r.body.len, &s3->arena, &x, err, sizeof(err)) == -1 ||
	    x.kind == S3X_ERROR))) {
		answer_fail(st, "copy in place (metadata)", &r);
		goto out;
	}
	rc = 0;
out:
	s3_req_release(&q);
	resp_release(&r);
	return rc;
}

static int
s3_remove(struct storage *st, const char *sha256)
{
	struct s3	*s3 = st->priv;
	const char	*how;
	char		 key[1024];
	int		 rc;

	st->errmsg[0] = '\0';
	if (object_key(s3, sha256, key, sizeof(key)) == -1)
		return -1;
	rc = mark_deleted(st, key, &how);
	arena_reset(&s3->arena);
	if (rc == -1)
		log_warnx("%s: cannot mark %s deleted: %s", st->label, key,
		    st->errmsg);
	else
		log_info("%s: marked %s deleted (%s)", st->label, key, how);
	return rc;
}

/* HEAD key: 1 present and unmarked, 0 absent or marked deleted, -1. */
static int
head_live(struct storage *st, const char *key)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	struct s3_xml	 tags;
	int		 rc = -1, got;

	s3_req_init(&q);
	resp_init(&r);
	if (s3_req_object(&q, &s3->t, "HEAD", key, "") == -1 ||
	    perform(st, &q, NULL, &r, 0) == -1)
		goto out;
	if (r.status == 404) {
		rc = 0;
		goto out;
	}
	if (r.status != 200) {
		answer_fail(st, "HEAD", &r);
		goto out;
	}
	if (r.meta_deleted) {
		rc = 0;
		goto out;
	}
	rc = 1;
	if (r.tag_count > 0 && !s3->no_tagging) {
		memset(&tags, 0, sizeof(tags));
		if ((got = get_tagging(st, key, &tags)) == -1)
			rc = -1;
		else if (got == 0 || (got == 1 &&
		    s3_xml_tag(&tags, S3_TAG_DELETED) != NULL))
			rc = 0;
	}
out:
	s3_req_release(&q);
	resp_release(&r);
	return rc;
}

static int
s3_exists(struct storage *st, const char *sha256)
{
	struct s3	*s3 = st->priv;
	char		 key[1024];
	int		 rc;

	st->errmsg[0] = '\0';
	if (object_key(s3, sha256, key, sizeof(key)) == -1)
		return -1;
	rc = head_live(st, key);
	arena_reset(&s3->arena);
	return rc;
}

/* ---------------------------------------------------------------- locate */

/* Presigned GET of key, dated t (rounded by the caller). */
static int
presign(struct s3 *s3, const char *key, time_t t, long expires,
    struct buf *url, struct s3_req *q)
{
	struct sigv4	 sv;

	if (s3_req_object(q, &s3->t, "GET", key, "") == -1)
		return -1;
	memset(&sv, 0, sizeof(sv));
	sv.access_key_id = s3->akid;
	sv.secret = s3->secret;
	sv.region = s3->region;
	sv.service = "s3";
	sigv4_set_time(&sv, t);
	return sigv4_presign(url, &sv, "GET", s3->scheme, q->host.data,
	    q->path.data, expires, NULL);
}

static int
s3_locate(struct storage *st, struct arena *a, const char *sha256,
    enum blob_send *how, char **uri)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct buf	 url;
	char		 key[1024];
	time_t		 now = time(NULL), t;
	long		 expires;
	size_t		 skip;
	int		 rc = -1;

	if (object_key(s3, sha256, key, sizeof(key)) == -1)
		return -1;
	/* Same URL for a whole window: date rounded down, so expiry too. */
	t = now - now % s3->presign_ttl;
	expires = 2 * s3->presign_ttl;
	if (expires > 604800)
		expires = 604800;
	s3_req_init(&q);
	buf_init(&url, 32 * 1024);
	if (presign(s3, key, t, expires, &url, &q) == -1)
		goto out;
	if (s3->proxy[0]) {
		/* PROXY<scheme>/<host>/<path>?<query>: nginx proxies it. */
		skip = strlen(s3->scheme) + 3;
		*how = BS_ACCEL;
		*uri = arena_strfmt(a, "%s%s/%s", s3->proxy, s3->scheme,
		    url.data + skip);
	} else {
		*how = BS_REDIRECT;
		*uri = arena_strdup(a, url.data);
	}
	rc = *uri ? 0 : -1;
out:
	s3_req_release(&q);
	buf_release(&url);
	return rc;
}

/* ---------------------------------------------------------------- check */

static int
s3_check(struct storage *st, char *err, size_t errsz)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	long		 timeout = s3->timeout;
	int		 rc = -1;

	/* A health check must answer quickly, whatever the bucket does. */
	if (s3->timeout > CHECK_TIMEOUT)
		s3->timeout = CHECK_TIMEOUT;
	s3_req_init(&q);
	resp_init(&r);
	if (s3_req_object(&q, &s3->t, "HEAD", "", "") == -1)
		snprintf(st->errmsg, sizeof(st->errmsg), "bad bucket name");
	else if (perform(st, &q, NULL, &r, 0) == 0) {
		if (r.status == 200)
			rc = 0;
		else
			snprintf(st->errmsg, sizeof(st->errmsg), "bucket "
			    "'%s' answered HTTP %ld", s3->bucket, r.status);
	}
	if (rc == -1)
		snprintf(err, errsz, "%s: %s", st->label, st->errmsg);
	s3->timeout = timeout;
	s3_req_release(&q);
	resp_release(&r);
	arena_reset(&s3->arena);
	return rc;
}

static void
s3_free(struct storage *st)
{
	struct s3	*s3;

	if (st == NULL)
		return;
	s3 = st->priv;
	if (s3) {
		if (s3->curl)
			curl_easy_cleanup(s3->curl);
		if (s3->secret) {
			OPENSSL_cleanse(s3->secret, strlen(s3->secret));
			free(s3->secret);
		}
		free(s3->scheme);
		free(s3->host);
		free(s3->bucket);
		free(s3->prefix);
		free(s3->region);
		free(s3->akid);
		free(s3->proxy);
		arena_release(&s3->arena);
		free(s3);
	}
	free(st);
}

static const struct storage_ops s3_ops = {
	"s3", s3_put_spool, s3_exists, s3_remove, s3_locate, s3_check,
	s3_free
};

int
storage_is_s3(const struct storage *st)
{
	return st != NULL && st->ops == &s3_ops;
}

struct storage *
storage_s3_new(const struct s3_conf *c, const char *spool_dir, char *err,
    size_t errsz)
{
	static int	 curl_ready;
	struct storage	*st;
	struct s3	*s3;
	const char	*h;

	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			snprintf(err, errsz, "cannot initialise libcurl");
			return NULL;
		}
		curl_ready = 1;
	}
	if (strncmp(c->endpoint, "http://", 7) == 0)
		h = c->endpoint + 7;
	else if (strncmp(c->endpoint, "https://", 8) == 0)
		h = c->endpoint + 8;
	else {
		snprintf(err, errsz, "endpoint must be an http or https URL");
		return NULL;
	}
	if (*h == '\0' || strpbrk(h, "/?#@ ") != NULL) {
		snprintf(err, errsz, "endpoint must be scheme://host[:port] "
		    "with no path");
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	s3 = calloc(1, sizeof(*s3));
	if (st == NULL || s3 == NULL) {
		free(st);
		free(s3);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	st->ops = &s3_ops;
	st->priv = s3;
	snprintf(st->label, sizeof(st->label), "%s", c->label);
	snprintf(st->spool_dir, sizeof(st->spool_dir), "%s", spool_dir);
	arena_init(&s3->arena, S3_ARENA_MAX);
	s3->scheme = strndup(c->endpoint, (size_t)(h - 3 - c->endpoint));
	s3->host = strdup(h);
	s3->bucket = strdup(c->bucket);
	s3->prefix = strdup(c->prefix ? c->prefix : "");
	s3->region = strdup(c->region);
	s3->akid = strdup(c->access_key_id);
	s3->secret = strdup(c->secret);
	s3->proxy = strdup(c->proxy_location ? c->proxy_location : "");
	s3->threshold = c->multipart_threshold;
	s3->part_size = c->part_size > 0 ? c->part_size : S3_MIN_PART;
	s3->presign_ttl = c->presign_ttl > 0 ? c->presign_ttl : 300;
	s3->timeout = c->timeout > 0 ? c->timeout : 30;
	snprintf(s3->sigv4, sizeof(s3->sigv4), "aws:amz:%s:s3", c->region);
	s3->curl = curl_easy_init();
	if (!s3->scheme || !s3->host || !s3->bucket || !s3->prefix ||
	    !s3->region || !s3->akid || !s3->secret || !s3->proxy ||
	    !s3->curl) {
		snprintf(err, errsz, "out of memory");
		s3_free(st);
		return NULL;
	}
	s3->t.scheme = s3->scheme;
	s3->t.host = s3->host;
	s3->t.bucket = s3->bucket;
	s3->t.path_style = c->path_style;
	return st;
}

/* ---------------------------------------------------------------- list */

int
storage_s3_list(struct storage *st, int (*fn)(void *, const char *,
    long long), void *arg)
{
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	struct s3_xml	 x;
	struct tm	 tm;
	char		 prefix[1024], err[128], *token = NULL;
	const char	*sha;
	size_t		 i, plen;
	long long	 mtime;
	int		 rc = -1;

	snprintf(prefix, sizeof(prefix), "%ssha256/", s3->prefix);
	plen = strlen(prefix);
	s3_req_init(&q);
	resp_init(&r);
	for (;;) {
		buf_reset(&r.body);
		if (s3_req_list(&q, &s3->t, prefix, token) == -1 ||
		    perform(st, &q, NULL, &r, 0) == -1)
			goto out;
		if (r.status != 200) {
			answer_fail(st, "list", &r);
			goto out;
		}
		if (s3_xml_parse(r.body.data, r.body.len, &s3->arena, &x, err,
		    sizeof(err)) == -1 || x.kind != S3X_LIST) {
			snprintf(st->errmsg, sizeof(st->errmsg), "list: "
			    "unexpected answer");
			goto out;
		}
		for (i = 0; i < x.nobjects; i++) {
			if (strncmp(x.objects[i].key, prefix, plen) != 0)
				continue;
			sha = x.objects[i].key + plen;
			if (!storage_valid_sha256(sha))
				continue;
			mtime = 0;
			memset(&tm, 0, sizeof(tm));
			if (x.objects[i].last_modified && strptime(
			    x.objects[i].last_modified, "%Y-%m-%dT%H:%M:%S",
			    &tm) != NULL)
				mtime = (long long)timegm(&tm);
			if (fn(arg, sha, mtime) != 0) {
				rc = 0;
				goto out;
			}
		}
		free(token);
		token = NULL;
		if (!x.truncated || x.next_token == NULL ||
		    x.next_token[0] == '\0')
			break;
		if ((token = strdup(x.next_token)) == NULL)
			goto out;
		arena_reset(&s3->arena);
	}
	rc = 0;
out:
	free(token);
	s3_req_release(&q);
	resp_release(&r);
	arena_reset(&s3->arena);
	return rc;
}

/* ---------------------------------------------------------- diagnostic */

static void
step(struct s3_diag *d, enum s3_diag_step i, int ok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
step(struct s3_diag *d, enum s3_diag_step i, int ok, const char *fmt, ...)
{
	va_list	 ap;

	d->step[i].ran = 1;
	d->step[i].ok = ok;
	va_start(ap, fmt);
	vsnprintf(d->step[i].message, sizeof(d->step[i].message), fmt, ap);
	va_end(ap);
}

/* GET url without credentials (a presigned URL) into r. */
static int
plain_get(struct storage *st, const char *url, struct resp *r)
{
	struct s3	*s3 = st->priv;
	CURL		*c = s3->curl;
	CURLcode	 cc;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->curl_err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, S3_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s3->timeout);
	if ((cc = curl_easy_perform(c)) != CURLE_OK) {
		snprintf(st->errmsg, sizeof(st->errmsg), "%s",
		    r->curl_err[0] ? r->curl_err : curl_easy_strerror(cc));
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	return 0;
}

int
storage_s3_diagnose(struct storage *st, struct s3_diag *d)
{
	static const char *const names[S3D__MAX] = {
		"publish (PUT)", "download (GET)", "download (presigned URL)",
		"tag deleted", "delete (DELETE)"
	};
	struct s3	*s3 = st->priv;
	struct s3_req	 q;
	struct resp	 r;
	struct buf	 url;
	unsigned char	 rnd[8];
	char		 key[1024], body[128], hex[17];
	const char	*how = "tag";
	int		 i, rc = -1, live;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < S3D__MAX; i++)
		d->step[i].name = names[i];
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	hex_encode(rnd, sizeof(rnd), hex);
	snprintf(key, sizeof(key), "%sdepot-diagnostic/%s", s3->prefix, hex);
	snprintf(body, sizeof(body), "depot storage diagnostic %s\n", hex);
	s3_req_init(&q);
	resp_init(&r);
	buf_init(&url, 32 * 1024);

	/* PUT */
	if (s3_req_object(&q, &s3->t, "PUT", key, "") == -1 ||
	    s3_req_header(&q, "Content-Type", "text/plain") == -1 ||
	    s3_req_body(&q, body, strlen(body), 0) == -1)
		goto out;
	if (perform(st, &q, NULL, &r, 0) == -1) {
		step(d, S3D_PUT, 0, "%s", st->errmsg);
		goto out;
	}
	if (r.status != 200) {
		answer_fail(st, "PUT", &r);
		step(d, S3D_PUT, 0, "%s", st->errmsg);
		goto out;
	}
	step(d, S3D_PUT, 1, "stored %s", key);

	/* GET */
	buf_reset(&r.body);
	if (s3_req_object(&q, &s3->t, "GET", key, "") == -1)
		goto out;
	if (perform(st, &q, NULL, &r, 0) == -1) {
		step(d, S3D_GET, 0, "%s", st->errmsg);
		goto out;
	}
	if (r.status != 200) {
		answer_fail(st, "GET", &r);
		step(d, S3D_GET, 0, "%s", st->errmsg);
		goto out;
	}
	if (r.body.len != strlen(body) || memcmp(r.body.data, body,
	    r.body.len) != 0) {
		step(d, S3D_GET, 0, "GET answered other bytes than were put");
		goto out;
	}
	step(d, S3D_GET, 1, "read %zu bytes back", r.body.len);

	/* Presigned GET, as clients will download. */
	buf_reset(&r.body);
	if (presign(s3, key, time(NULL), 300, &url, &q) == -1)
		goto out;
	if (plain_get(st, url.data, &r) == -1) {
		step(d, S3D_PRESIGNED_GET, 0, "%s", st->errmsg);
		goto out;
	}
	if (r.status != 200) {
		answer_fail(st, "presigned GET", &r);
		step(d, S3D_PRESIGNED_GET, 0, "%s", st->errmsg);
		goto out;
	}
	if (r.body.len != strlen(body) || memcmp(r.body.data, body,
	    r.body.len) != 0) {
		step(d, S3D_PRESIGNED_GET, 0, "presigned GET answered other "
		    "bytes than were put");
		goto out;
	}
	step(d, S3D_PRESIGNED_GET, 1, "a presigned URL reads the object");

	/* Tag (or metadata), and see the mark. */
	if (mark_deleted(st, key, &how) == -1) {
		step(d, S3D_TAG, 0, "%s", st->errmsg);
		goto out;
	}
	d->mark = how;
	if ((live = head_live(st, key)) != 0) {
		step(d, S3D_TAG, 0, "%s", live == -1 ? st->errmsg :
		    "the object does not show the deleted mark");
		goto out;
	}
	step(d, S3D_TAG, 1, strcmp(how, "tag") == 0 ? "tagged %s=<time>" :
	    "tagging not implemented; marked with metadata %s",
	    strcmp(how, "tag") == 0 ? S3_TAG_DELETED : S3_META_DELETED);

	/* DELETE, and see it gone. */
	buf_reset(&r.body);
	if (s3_req_object(&q, &s3->t, "DELETE", key, "") == -1)
		goto out;
	if (perform(st, &q, NULL, &r, 0) == -1) {
		step(d, S3D_DELETE, 0, "%s", st->errmsg);
		goto out;
	}
	if (r.status != 204 && r.status != 200) {
		answer_fail(st, "DELETE", &r);
		step(d, S3D_DELETE, 0, "%s", st->errmsg);
		goto out;
	}
	if ((live = head_live(st, key)) != 0) {
		step(d, S3D_DELETE, 0, "%s", live == -1 ? st->errmsg :
		    "the object is still there after DELETE");
		goto out;
	}
	step(d, S3D_DELETE, 1, "removed the probe object");
	rc = 0;
out:
	s3_req_release(&q);
	resp_release(&r);
	buf_release(&url);
	arena_reset(&s3->arena);
	return rc;
}
