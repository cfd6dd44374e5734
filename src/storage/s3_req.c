/* s3_req.c: building S3 requests (method, URL, headers, body) as data */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "storage/s3_req.h"
#include "storage/sigv4.h"
#include "util/digest.h"
#include "util/banned.h"

#define REQ_URL_MAX	(16 * 1024)
#define REQ_BODY_MAX	(1024 * 1024)

void
s3_req_init(struct s3_req *q)
{
	q->method = "GET";
	buf_init(&q->host, 1024);
	buf_init(&q->path, REQ_URL_MAX);
	buf_init(&q->query, REQ_URL_MAX);
	buf_init(&q->url, 3 * REQ_URL_MAX);
	buf_init(&q->headers, REQ_URL_MAX);
	buf_init(&q->body, REQ_BODY_MAX);
	snprintf(q->payload_sha256, sizeof(q->payload_sha256), "%s",
	    S3_EMPTY_SHA256);
}

void
s3_req_release(struct s3_req *q)
{
	buf_release(&q->host);
	buf_release(&q->path);
	buf_release(&q->query);
	buf_release(&q->url);
	buf_release(&q->headers);
	buf_release(&q->body);
}

int
s3_req_object(struct s3_req *q, const struct s3_target *t,
    const char *method, const char *key, const char *query)
{
	buf_reset(&q->host);
	buf_reset(&q->path);
	buf_reset(&q->query);
	buf_reset(&q->url);
	buf_reset(&q->headers);
	buf_reset(&q->body);
	snprintf(q->payload_sha256, sizeof(q->payload_sha256), "%s",
	    S3_EMPTY_SHA256);
	q->method = method;
	if (t->path_style) {
		if (buf_adds(&q->host, t->host) == -1 ||
		    buf_addch(&q->path, '/') == -1 ||
		    sigv4_uri_encode(&q->path, t->bucket, 0) == -1)
			return -1;
		if (*key && (buf_addch(&q->path, '/') == -1 ||
		    sigv4_uri_encode(&q->path, key, 1) == -1))
			return -1;
	} else {
		if (buf_printf(&q->host, "%s.%s", t->bucket, t->host) == -1 ||
		    buf_addch(&q->path, '/') == -1 ||
		    sigv4_uri_encode(&q->path, key, 1) == -1)
			return -1;
	}
	if (buf_adds(&q->query, query) == -1)
		return -1;
	if (buf_printf(&q->url, "%s://%s%s%s%s", t->scheme, q->host.data,
	    q->path.data, *query ? "?" : "", query) == -1)
		return -1;
	return 0;
}

int
s3_req_header(struct s3_req *q, const char *name, const char *value)
{
	/* Header injection: values come from our own code, but be sure. */
	if (strpbrk(value, "\r\n") != NULL || strpbrk(name, "\r\n: ") != NULL)
		return -1;
	return buf_printf(&q->headers, "%s: %s\n", name, value);
}

int
s3_req_body(struct s3_req *q, const void *p, size_t len, int md5)
{
	unsigned char	 md[32];
	unsigned int	 mdlen = 0;
	char		 b64[32];

	buf_reset(&q->body);
	if (buf_add(&q->body, p, len) == -1)
		return -1;
	digest_sha256(p, len, md);
	hex_encode(md, 32, q->payload_sha256);
	if (!md5)
		return 0;
	if (EVP_Digest(p, len, md, &mdlen, EVP_md5(), NULL) != 1 ||
	    mdlen != 16)
		return -1;
	base64_encode(md, 16, b64);
	return s3_req_header(q, "Content-MD5", b64);
}

/* Text safe inside XML elements and tag values (no escaping needed). */
static int
plain(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || strchr(" +-=._:/@", *s)))
			return 0;
	return 1;
}

/* Text with XML's five special characters escaped. */
static int
xml_text(struct buf *b, const char *s)
{
	int	 rc = 0;

	for (; *s && rc == 0; s++)
		switch (*s) {
		case '&': rc = buf_adds(b, "&amp;"); break;
		case '<': rc = buf_adds(b, "&lt;"); break;
		case '>': rc = buf_adds(b, "&gt;"); break;
		case '"': rc = buf_adds(b, "&quot;"); break;
		case '\'': rc = buf_adds(b, "&apos;"); break;
		default: rc = buf_addch(b, *s); break;
		}
	return rc;
}

int
s3_req_tag_deleted(struct s3_req *q, const struct s3_target *t,
    const char *key, const char *when, const struct s3_xml *existing)
{
	struct buf	 b;
	size_t		 i;
	int		 rc = -1;

	if (!plain(when))
		return -1;
	buf_init(&b, REQ_BODY_MAX);
	if (s3_req_object(q, t, "PUT", key, "tagging=") == -1)
		goto out;
	if (buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
	    "<TagSet>") == -1)
		goto out;
	/* Keep the object's other tags: PutObjectTagging replaces the set. */
	for (i = 0; existing && existing->kind == S3X_TAGGING &&
	    i < existing->ntags; i++) {
		if (strcmp(existing->tags[i].key, S3_TAG_DELETED) == 0)
			continue;
		if (buf_adds(&b, "<Tag><Key>") == -1 ||
		    xml_text(&b, existing->tags[i].key) == -1 ||
		    buf_adds(&b, "</Key><Value>") == -1 ||
		    xml_text(&b, existing->tags[i].value) == -1 ||
		    buf_adds(&b, "</Value></Tag>") == -1)
			goto out;
	}
	if (buf_printf(&b, "<Tag><Key>%s</Key><Value>%s</Value></Tag>"
	    "</TagSet></Tagging>\n", S3_TAG_DELETED, when) == -1)
		goto out;
	if (s3_req_header(q, "Content-Type", "application/xml") == -1 ||
	    s3_req_body(q, b.data, b.len, 1) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

int
s3_req_meta_deleted(struct s3_req *q, const struct s3_target *t,
    const char *key, const char *when)
{
	struct buf	 src;
	int		 rc = -1;

	if (!plain(when))
		return -1;
	buf_init(&src, REQ_URL_MAX);
	if (s3_req_object(q, t, "PUT", key, "") == -1)
		goto out;
	if (buf_addch(&src, '/') == -1 ||
	    sigv4_uri_encode(&src, t->bucket, 0) == -1 ||
	    buf_addch(&src, '/') == -1 ||
	    sigv4_uri_encode(&src, key, 1) == -1)
		goto out;
	/* REPLACE drops the old metadata: restate the content type. */
	if (s3_req_header(q, "Content-Type", "application/octet-stream")
	    == -1 || s3_req_header(q, "x-amz-copy-source", src.data) == -1 ||
	    s3_req_header(q, "x-amz-metadata-directive", "REPLACE") == -1 ||
	    s3_req_header(q, S3_META_DELETED, when) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&src);
	return rc;
}

int
s3_req_initiate(struct s3_req *q, const struct s3_target *t, const char *key)
{
	if (s3_req_object(q, t, "POST", key, "uploads=") == -1)
		return -1;
	return s3_req_header(q, "Content-Type", "application/octet-stream");
}

/* "name=<encoded value>" appended to b. */
static int
param(struct buf *b, const char *name, const char *value)
{
	if (b->len && buf_addch(b, '&') == -1)
		return -1;
	if (buf_printf(b, "%s=", name) == -1)
		return -1;
	return sigv4_uri_encode(b, value, 0);
}

int
s3_req_part(struct s3_req *q, const struct s3_target *t, const char *key,
    const char *upload_id, int part, const char *part_sha256)
{
	struct buf	 qs;
	char		 num[16];
	int		 rc = -1;

	buf_init(&qs, REQ_URL_MAX);
	snprintf(num, sizeof(num), "%d", part);
	if (param(&qs, "partNumber", num) == -1 ||
	    param(&qs, "uploadId", upload_id) == -1 ||
	    s3_req_object(q, t, "PUT", key, qs.data) == -1)
		goto out;
	if (strlen(part_sha256) != 64)
		goto out;
	snprintf(q->payload_sha256, sizeof(q->payload_sha256), "%s",
	    part_sha256);
	rc = 0;
out:
	buf_release(&qs);
	return rc;
}

int
s3_req_complete(struct s3_req *q, const struct s3_target *t, const char *key,
    const char *upload_id, char *const *etags, size_t n)
{
	struct buf	 qs, b;
	size_t		 i;
	int		 rc = -1;

	buf_init(&qs, REQ_URL_MAX);
	buf_init(&b, REQ_BODY_MAX);
	if (param(&qs, "uploadId", upload_id) == -1 ||
	    s3_req_object(q, t, "POST", key, qs.data) == -1)
		goto out;
	if (buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/"
	    "2006-03-01/\">") == -1)
		goto out;
	for (i = 0; i < n; i++) {
		/* ETags are quoted hex: nothing that needs XML escaping. */
		if (strpbrk(etags[i], "<>&") != NULL)
			goto out;
		if (buf_printf(&b, "<Part><PartNumber>%zu</PartNumber>"
		    "<ETag>%s</ETag></Part>", i + 1, etags[i]) == -1)
			goto out;
	}
	if (buf_adds(&b, "</CompleteMultipartUpload>\n") == -1)
		goto out;
	if (s3_req_header(q, "Content-Type", "application/xml") == -1 ||
	    s3_req_body(q, b.data, b.len, 0) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&qs);
	buf_release(&b);
	return rc;
}

int
s3_req_abort(struct s3_req *q, const struct s3_target *t, const char *key,
    const char *upload_id)
{
	struct buf	 qs;
	int		 rc;

	buf_init(&qs, REQ_URL_MAX);
	rc = param(&qs, "uploadId", upload_id);
	if (rc == 0)
		rc = s3_req_object(q, t, "DELETE", key, qs.data);
	buf_release(&qs);
	return rc;
}

int
s3_req_list(struct s3_req *q, const struct s3_target *t, const char *prefix,
    const char *token)
{
	struct buf	 qs;
	int		 rc = -1;

	buf_init(&qs, REQ_URL_MAX);
	if ((token && param(&qs, "continuation-token", token) == -1) ||
	    param(&qs, "list-type", "2") == -1 ||
	    param(&qs, "max-keys", "1000") == -1 ||
	    param(&qs, "prefix", prefix) == -1 ||
	    s3_req_object(q, t, "GET", "", qs.data) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&qs);
	return rc;
}
