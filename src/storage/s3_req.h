/* s3_req.h: the requests the S3 backend sends, built without any I/O */
#ifndef DEPOT_S3_REQ_H
#define DEPOT_S3_REQ_H

#include <stddef.h>

#include "storage/s3_xml.h"
#include "util/buf.h"

/*
 * Every request to the bucket is first built here as data (method, URL,
 * canonical path and query, headers, body, payload hash), then sent by
 * s3.c through libcurl, which adds the SigV4 Authorization header. Keeping
 * the two apart lets the unit tests check each request exactly, in
 * particular both ways of marking an object deleted:
 *   - s3_req_tag_deleted: PUT ?tagging= with the object's tags plus
 *     deleted=<time> (S3, GCS, MinIO, Ceph);
 *   - s3_req_meta_deleted: a copy in place with x-amz-metadata-directive:
 *     REPLACE and x-amz-meta-depot-deleted: <time>, for services that
 *     answer tagging with NotImplemented (OpenStack Swift's s3api). Not
 *     "x-amz-meta-deleted": Swift's s3api answers 404 for any object that
 *     carries that metadata.
 *
 * Query strings are canonical as built (parameters sorted, values
 * encoded): libcurl 7.88 signs the query as given.
 */
struct s3_target {
	const char	*scheme;	/* "http" or "https" */
	const char	*host;		/* endpoint host[:port] */
	const char	*bucket;
	/* 1: host/bucket/key, 0: bucket.host/key */
	int		 path_style;
};

#define S3_TAG_DELETED		"deleted"
#define S3_META_DELETED		"x-amz-meta-depot-deleted"
#define S3_EMPTY_SHA256	\
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct s3_req {
	const char	*method;
	struct buf	 host;		/* Host header value */
	struct buf	 path;		/* canonical URI, encoded */
	struct buf	 query;		/* canonical, "" for none */
	struct buf	 url;		/* scheme://host path[?query] */
	struct buf	 headers;	/* "name: value\n" lines, in order */
	struct buf	 body;		/* for small bodies (XML) */
	char		 payload_sha256[65];	/* hex */
};

void	 s3_req_init(struct s3_req *);
void	 s3_req_release(struct s3_req *);
/*
 * method on key of the target's bucket (key "" = the bucket itself) with a
 * canonical query ("" for none); the body is empty (payload hash of "").
 */
int	 s3_req_object(struct s3_req *, const struct s3_target *,
	    const char *method, const char *key, const char *query);
int	 s3_req_header(struct s3_req *, const char *name, const char *value);
/* Set the body and its payload hash; with md5, also Content-MD5. */
int	 s3_req_body(struct s3_req *, const void *, size_t, int md5);

/* when: ISO 8601 UTC "2024-05-01T10:00:00Z". */
int	 s3_req_tag_deleted(struct s3_req *, const struct s3_target *,
	    const char *key, const char *when, const struct s3_xml *existing);
int	 s3_req_meta_deleted(struct s3_req *, const struct s3_target *,
	    const char *key, const char *when);
int	 s3_req_initiate(struct s3_req *, const struct s3_target *,
	    const char *key);
/* part_sha256: hex sha256 of the part's bytes (they are signed). */
int	 s3_req_part(struct s3_req *, const struct s3_target *,
	    const char *key, const char *upload_id, int part,
	    const char *part_sha256);
int	 s3_req_complete(struct s3_req *, const struct s3_target *,
	    const char *key, const char *upload_id, char *const *etags,
	    size_t nparts);
int	 s3_req_abort(struct s3_req *, const struct s3_target *,
	    const char *key, const char *upload_id);
/* ListObjectsV2 under prefix; token NULL for the first page. */
int	 s3_req_list(struct s3_req *, const struct s3_target *,
	    const char *prefix, const char *token);

#endif
