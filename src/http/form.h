/* form.h: request bodies as fields and spooled files */
#ifndef DEPOT_FORM_H
#define DEPOT_FORM_H

#include <stddef.h>
#include <sys/types.h>

#include "http/kv.h"
#include "util/arena.h"
#include "util/spool.h"

enum form_err {
	FORM_OK,
	FORM_BAD,	/* malformed: answer 400 */
	FORM_TOOBIG,	/* a limit was passed: answer 413 */
	FORM_IO		/* reading the body or writing a spool failed: 500 */
};

struct form_limits {
	size_t		 max_fields;	/* non-file fields */
	size_t		 max_field_size;	/* bytes of one non-file field */
	size_t		 max_files;
	off_t		 max_file_size;	/* bytes of one file part */
	const char	*spool_dir;	/* where file parts are spooled */
};

/*
 * A file part, streamed into its spool while hashed (md5, sha1, sha256,
 * sha512 in spool.digests once read). The caller owns the spools: it hands
 * each to storage or calls form_release to discard them all.
 */
struct form_file {
	const char	*field;
	const char	*filename;	/* as sent, unvalidated */
	const char	*content_type;	/* NULL when absent */
	struct spool	 spool;
};

struct form {
	struct kvlist	 fields;
	struct form_file *files;
	size_t		 nfiles;
};

/* Reads up to n bytes of the body; returns 0 at its end, -1 on error. */
typedef long (*body_read_fn)(void *ctx, char *buf, size_t n);

/*
 * Read a multipart/form-data body through rd, keeping non-file fields in the
 * arena and streaming file parts (those with a filename) into spools. Memory
 * stays bounded by the limits whatever the body size. On failure every spool
 * made so far is discarded, *err is a short message for the client, and the
 * result says which status to answer.
 *
 * Details: body_read_fn is asked for 64 KiB at a time and the body is read
 * to its end. A part's header block may hold 16 KiB; a body may hold
 * max_fields + max_files parts. A part with a filename (even "") is a file.
 * A NUL byte in a non-file field is FORM_BAD (as for url_decode).
 * max_file_size 0 allows only empty files (spool_open takes 0 as no limit).
 * On success *err is NULL; on failure *out is empty. err may be NULL.
 */
enum form_err	 form_read_multipart(struct arena *, const char *content_type,
		    body_read_fn rd, void *ctx, const struct form_limits *,
		    struct form *out, const char **err);

/*
 * Read an application/x-www-form-urlencoded body of at most max bytes into
 * out->fields (no files). FORM_TOOBIG past max bytes or max_fields pairs,
 * FORM_BAD on a bad escape, FORM_IO when reading fails.
 */
enum form_err	 form_read_urlencoded(struct arena *, body_read_fn rd,
		    void *ctx, size_t max, size_t max_fields, struct form *out,
		    const char **err);

/*
 * Discard every spool still held by the form. Safe twice, and after storage
 * took some spools over with spool_release.
 */
void		 form_release(struct form *);

#endif
