/* storage.h: where package bytes live, behind one ops table */
#ifndef DEPOT_STORAGE_H
#define DEPOT_STORAGE_H

#include <stddef.h>

#include "util/arena.h"
#include "util/spool.h"

/*
 * Blobs are addressed by their sha256 (lower-case hex). Publishing is
 * crash-safe: the bytes are put first (complete under their final name or not
 * at all), then one database transaction records the package; a crash
 * leaves at most an unreferenced blob.
 */
enum blob_send {
	BS_ACCEL,	/* uri is an nginx internal location: X-Accel-Redirect */
	BS_REDIRECT	/* uri is an absolute URL to redirect the client to */
};

struct storage;

struct storage_ops {
	const char	*name;
	/* Take over a finished spool as the blob spool->digests.sha256. */
	int		(*put_spool)(struct storage *, struct spool *);
	/* 1 present, 0 absent (or marked deleted), -1 error. */
	int		(*exists)(struct storage *, const char *sha256);
	/*
	 * Called once no package refers to the blob: hosted storage removes
	 * the file; private storage (s3) marks the object deleted=<time>
	 * instead, for the bucket's lifecycle rules (REFERENCE.md 5.4).
	 */
	int		(*remove)(struct storage *, const char *sha256);
	/* How the client gets the bytes. */
	int		(*locate)(struct storage *, struct arena *,
			    const char *sha256, enum blob_send *, char **uri);
	/* Can we write and read now? 0, or -1 with a message. */
	int		(*check)(struct storage *, char *err, size_t errsz);
	void		(*free)(struct storage *);
};

struct storage {
	const struct storage_ops *ops;
	char			 spool_dir[4096];	/* for uploads */
	/* For messages: "hosted storage", "storage link 'name'". */
	char			 label[256];
	/* The last failure of an op, for messages: set by the backend. */
	char			 errmsg[512];
	void			*priv;
};

/* The hosted backend: files under data_dir/blobs, sent by nginx. */
struct storage	*storage_fs_new(const char *data_dir, const char *accel_prefix);
/* An S3-compatible bucket (s3.c; s3.h has the configuration). */
struct s3_conf;
struct storage	*storage_s3_new(const struct s3_conf *, const char *spool_dir,
		    char *err, size_t errsz);

int	 storage_put_spool(struct storage *, struct spool *);
int	 storage_exists(struct storage *, const char *sha256);
int	 storage_remove(struct storage *, const char *sha256);
int	 storage_locate(struct storage *, struct arena *, const char *sha256,
	    enum blob_send *, char **uri);
int	 storage_check(struct storage *, char *err, size_t errsz);
void	 storage_free(struct storage *);
/* 1 if s is 64 lower-case hex digits. */
int	 storage_valid_sha256(const char *s);

#endif
