/* s3.h: the S3-compatible storage backend: configuration and diagnostic */
#ifndef DEPOT_S3_H
#define DEPOT_S3_H

#include <stddef.h>

#include "storage/storage.h"

/*
 * Private storage in an S3-compatible bucket (AWS S3, Google Cloud Storage
 * through its XML API with HMAC keys, MinIO, Ceph, OpenStack Swift's
 * s3api), over libcurl: requests signed with SigV4 by libcurl
 * (CURLOPT_AWS_SIGV4), presigned URLs by sigv4.c, answers parsed by
 * s3_xml.c. Objects are PREFIX sha256/<hex>.
 *
 * put_spool streams the spool file: one PUT below multipart_threshold,
 * else a multipart upload of part_size parts (aborted on failure); each
 * body is signed with its sha256 so the service checks the bytes. remove
 * marks the object deleted (tag, or metadata where tagging is not
 * implemented) and never deletes it. locate answers a presigned GET whose
 * date is rounded down to presign_ttl seconds, so the URL of a file stays
 * the same within that window (client caches keyed on URLs keep working)
 * and is valid for presign_ttl to 2 * presign_ttl seconds; with
 * proxy_location set it answers an nginx internal location instead
 * (BS_ACCEL, PROXY/<scheme>/<host>/<path>?<signed query>), so clients
 * never see the bucket. check HEADs the bucket.
 *
 * Strings are copied; the secret is wiped on free.
 */
struct s3_conf {
	const char	*label;		/* "storage link 'name'" */
	const char	*endpoint;	/* http(s)://host[:port], no path */
	const char	*region;
	const char	*bucket;
	const char	*prefix;	/* "" or ending in '/' */
	int		 path_style;
	const char	*access_key_id;
	const char	*secret;
	long long	 multipart_threshold;
	long long	 part_size;	/* >= 5 MiB except for tests */
	long		 presign_ttl;	/* seconds */
	const char	*proxy_location;	/* "" = redirect */
	long		 timeout;	/* s: small requests, stalls */
};

enum s3_diag_step {
	S3D_PUT,
	S3D_GET,
	S3D_PRESIGNED_GET,
	S3D_TAG,
	S3D_DELETE,
	S3D__MAX
};

struct s3_diag {
	struct {
		const char	*name;	/* "publish (PUT)" ... */
		int		 ok;
		int		 ran;
		/* The service's words. */
		char		 message[512];
	} step[S3D__MAX];
	/* How deletion marks objects: "tag" or "metadata". */
	const char	*mark;
};

/*
 * REFERENCE.md 5.2: put, get (and a presigned get), tag, delete a probe
 * object under PREFIX depot-diagnostic/. Stops at the first failing step
 * (later steps are not run). 0 when every step passed, else -1.
 */
int	 storage_s3_diagnose(struct storage *, struct s3_diag *);
/* 1 if st is an s3 backend. */
int	 storage_is_s3(const struct storage *);
/*
 * Call fn for every object under PREFIX sha256/ (gc): its sha256 and its
 * last-modified time (seconds since the epoch, 0 if unknown). fn returns
 * 0 to go on. 0, or -1 with st->errmsg.
 */
int	 storage_s3_list(struct storage *,
	    int (*fn)(void *arg, const char *sha256, long long mtime),
	    void *arg);

#endif
