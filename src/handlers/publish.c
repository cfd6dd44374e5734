/* publish.c: blob first, then one transaction: the crash-safe publish path */
#include <string.h>

#include "blobstore.h"
#include "db/db_pkg.h"
#include "db/db_storage.h"
#include "handlers/publish.h"
#include "storage/storage.h"
#include "util/log.h"
#include "util/spool.h"
#include "util/banned.h"

static int
blob_present(void *arg, const char *sha256)
{
	return storage_exists(arg, sha256) == 1 ? 0 : -1;
}

/* Release callback: remove (hosted) or mark deleted (a storage link). */
static int
blob_remove(void *arg, const char *ref, const char *sha256)
{
	struct req	*r = arg;
	struct storage	*st;
	char		 err[512];

	if ((st = blobstore_get(r->ctx->db, ref, err, sizeof(err))) == NULL) {
		log_warnx("cannot release blob %s in %s: %s", sha256, ref, err);
		return -1;
	}
	return storage_remove(st, sha256);
}

void
publish_release_blobs(struct req *r, char *const *sha256, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (db_blob_release(r->ctx->db, sha256[i], blob_remove, r)
		    == -1)
			log_warnx("cannot release blob %s", sha256[i]);
}

int
publish_locate(struct req *r, const struct pkg_file *f, enum blob_send *how,
    char **uri)
{
	struct storage	*st;
	char		 err[512];

	if ((st = blobstore_get(r->ctx->db, f->storage, err, sizeof(err)))
	    == NULL) {
		log_warnx("cannot send %s: %s", f->filename, err);
		return -1;
	}
	if (storage_locate(st, r->arena, f->sha256, how, uri) == -1) {
		log_warnx("cannot send %s from %s", f->filename, st->label);
		return -1;
	}
	return 0;
}

enum status
publish_spool(struct req *r, struct spool *sp, const struct publish *p,
    char **pkg_id)
{
	struct pkg_new	 in;
	struct storage	*st;
	char		*blob[1], err[512];
	int		 rc;

	memset(&in, 0, sizeof(in));
	in.registry_id = r->registry->id;
	in.name = p->name;
	in.version = p->version;
	in.metadata = p->metadata;
	in.readme = p->readme;
	in.uploader_id = r->principal.user_id;
	in.filename = p->filename;
	in.content_type = p->content_type;
	in.size = (long long)sp->size;
	in.digests = &sp->digests;
	in.tags = p->tags;
	in.ntags = p->ntags;
	in.add_file = p->add_file;
	if ((blob[0] = arena_strdup(r->arena, sp->digests.sha256)) == NULL)
		return ST_INTERNAL;
	/* The registry's storage now; files published before stay put. */
	if ((st = blobstore_for_registry(r->ctx->db, r->arena, r->registry->id,
	    &in.storage, err, sizeof(err))) == NULL)
		return req_fail(r, ST_UNAVAIL, "cannot store the file: %s",
		    err);
	/* Inventory first: a crash after the put leaves a row for gc. */
	if (db_blob_intent(r->ctx->db, in.storage, blob[0]) == -1)
		return req_fail(r, ST_UNAVAIL, "cannot record the package");
	if (storage_put_spool(st, sp) == -1)
		return req_fail(r, ST_UNAVAIL, "cannot store the file in "
		    "%s: %s", st->label, st->errmsg[0] ? st->errmsg :
		    "unavailable");
	rc = db_pkg_publish(r->ctx->db, r->arena, &in, blob_present, st,
	    pkg_id);
	if (rc == 0) {
		log_info("published %s %s (%s) to %s/%s", p->name, p->version,
		    p->filename, r->registry->org_slug, r->registry->slug);
		return ST_OK;
	}
	/* Nothing refers to the blob we just stored unless it was there. */
	publish_release_blobs(r, blob, 1);
	if (rc == 1)
		return req_fail(r, ST_CONFLICT, "You cannot publish over the "
		    "previously published versions: %s.", p->version);
	if (rc == 2)
		return req_fail(r, ST_CONFLICT, "file '%s' already exists",
		    p->filename);
	return req_fail(r, ST_UNAVAIL, "cannot record the package");
}
