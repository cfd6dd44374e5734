/* publish.h: recording an uploaded file as a package, for every ecosystem */
#ifndef DEPOT_PUBLISH_H
#define DEPOT_PUBLISH_H

#include <stddef.h>

#include "req.h"
#include "storage/storage.h"

struct spool;

/*
 * What the ecosystem read from inside the artifact (never from the client).
 * With add_file the file joins an existing version (PyPI: wheels and sdist
 * of one version; Maven: jar, pom, ...); without it an existing version is a
 * conflict (npm, files).
 */
struct publish {
	const char		*name;
	const char		*version;
	const char		*metadata;	/* JSON text */
	const char		*readme;	/* NULL for none */
	const char		*filename;	/* as served; checked by caller */
	const char		*content_type;
	const char *const	*tags;
	size_t			 ntags;
	int			 add_file;
};

/*
 * Store a finished spool (spool_finish done) as a blob in r->registry's
 * storage (hosted, or its storage link: blobstore.h), then record the
 * package in r->registry in one transaction. The spool is
 * taken over on success. Statuses: ST_CONFLICT with a message naming the
 * version or file when it exists (nothing is left behind), ST_UNAVAIL when
 * storage or the database fail. *pkg_id receives the package id.
 */
enum status	 publish_spool(struct req *, struct spool *,
		    const struct publish *, char **pkg_id);
/*
 * After deletes: for each blob (sha256) no package file refers to any more
 * in a storage it was written to, remove it (hosted) or mark it deleted
 * (a storage link). Failures are logged; `depotctl gc` tries again.
 */
void		 publish_release_blobs(struct req *, char *const *sha256,
		    size_t n);
/*
 * Where the client gets the bytes of file f: from the storage it was
 * published to (f->storage), whatever the registry uses now. 0 with *how
 * and *uri (arena), or -1 (logged): answer 503.
 */
int		 publish_locate(struct req *, const struct pkg_file *,
		    enum blob_send *how, char **uri);

#endif
