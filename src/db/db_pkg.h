/* db_pkg.h: packages, their files, dist-tags and download counts */
#ifndef DEPOT_DB_PKG_H
#define DEPOT_DB_PKG_H

#include <stddef.h>

#include "db/db.h"
#include "db/model.h"
#include "util/digest.h"

/*
 * Every change to a registry's packages or tags sends NOTIFY on channel
 * DB_INDEX_CHANNEL with the registry id as payload, in the same transaction,
 * so each worker drops its cached indexes for that registry on commit, on
 * every host sharing the database.
 */
#define DB_INDEX_CHANNEL "depot_index"

struct tag {
	char	*tag;
	char	*version;
};

/* A package to record: one version with one file already in storage. */
struct pkg_new {
	const char		*registry_id;
	const char		*name;
	const char		*version;
	const char		*metadata;	/* JSON text */
	const char		*readme;	/* NULL for none */
	const char		*uploader_id;	/* NULL for none */
	const char		*filename;
	const char		*content_type;
	long long		 size;
	const struct digests	*digests;
	const char *const	*tags;		/* tags to point at it */
	size_t			 ntags;
	int			 add_file;	/* add to an existing version */
	/* Where the blob was stored: "hosted" (NULL) or a storage link id. */
	const char		*storage;
};

/*
 * Record a publish in one transaction: the package, its file, its tags.
 * Holds the blob's advisory lock (db_blob_lock) so a concurrent delete of the
 * same content cannot remove the blob under it; blob_check is then called
 * (with arg) to confirm the blob is still in storage.
 * With add_file the file joins the version if it exists (PyPI wheels and
 * sdists, Maven artifacts), else an existing version is refused.
 * 0 recorded (*id set), 1 that version exists, 2 that file exists, -1 error.
 */
int	 db_pkg_publish(struct db *, struct arena *, const struct pkg_new *,
	    int (*blob_check)(void *arg, const char *sha256), void *arg,
	    char **id);
/* One package by id, with its first file: 0, 1 not found, -1. */
int	 db_pkg_get(struct db *, struct arena *, const char *registry_id,
	    const char *id, struct pkg *out);
/*
 * A page of a registry's packages, newest first, optionally only those
 * named name. Cursor (created_at, id) of a package: after = older than it;
 * before = newer than it (still returned newest first). limit rows.
 */
int	 db_pkg_list(struct db *, struct arena *, const char *registry_id,
	    const char *name, const char *cur_time, const char *cur_id,
	    int before, int limit, struct pkg **out, size_t *n);
/* Delete a package by id; its files' sha256 go to *blobs. 0, 1, -1. */
int	 db_pkg_delete_id(struct db *, struct arena *, const char *registry_id,
	    const char *id, char ***blobs, size_t *nblobs);
/*
 * Copy package id (with its files, which share blobs) into another
 * registry. 0 (*new_id), 1 not found, 2 that version exists there, -1.
 */
int	 db_pkg_copy(struct db *, struct arena *, const char *registry_id,
	    const char *id, const char *dest_registry_id, const char *uploader,
	    char **new_id);
/* Versions of one package, oldest first, with their first file. */
int	 db_pkg_versions(struct db *, struct arena *, const char *registry_id,
	    const char *name, struct pkg **out, size_t *n);
int	 db_pkg_tags(struct db *, struct arena *, const char *registry_id,
	    const char *name, struct tag **out, size_t *n);
/* The file of a package by its file name: 0, 1 not found, -1. */
int	 db_pkg_file_find(struct db *, struct arena *, const char *registry_id,
	    const char *name, const char *filename, struct pkg_file *out,
	    char **pkg_id);
/*
 * Delete one version (its files and the tags pointing at it); if latest is
 * non-NULL, point the "latest" tag there. sha256 of the files it had go to
 * *blobs for db_blob_release. 0, 1 not found, -1.
 */
int	 db_pkg_delete(struct db *, struct arena *, const char *registry_id,
	    const char *name, const char *version, const char *latest,
	    char ***blobs, size_t *nblobs);
/* Set (msg non-NULL, may be "") or clear (NULL) a deprecation: 0, 1, -1. */
int	 db_pkg_deprecate(struct db *, const char *registry_id,
	    const char *name, const char *version, const char *msg);
/* 0, 1 no such version, -1. */
int	 db_tag_set(struct db *, const char *registry_id, const char *name,
	    const char *tag, const char *version);
/* 0, 1 no such tag, -1. */
int	 db_tag_delete(struct db *, const char *registry_id, const char *name,
	    const char *tag);
int	 db_pkg_add_downloads(struct db *, const char *pkg_id, long long n);
/*
 * Remove a blob once nothing references it: under its advisory lock, for
 * each storage the blob inventory (table blobs, db_storage.h) says it was
 * written to and no package file there refers to it, calls remove(arg,
 * storage, sha256) ("hosted" or a storage link id) and forgets the row.
 * A failed remove rolls back; `depotctl gc` tries again later.
 */
int	 db_blob_release(struct db *, const char *sha256,
	    int (*remove)(void *arg, const char *storage, const char *sha256),
	    void *arg);

/*
 * Files one by one (Maven: a version holds jar, pom, classifiers ...).
 * A file of one version by name, with its age in seconds: 0, 1, -1.
 */
int	 db_pkg_file_find_version(struct db *, struct arena *,
	    const char *registry_id, const char *name, const char *version,
	    const char *filename, struct pkg_file *out, char **pkg_id,
	    long long *age);
/* Every file of a package (all versions), oldest first, at most 100000. */
struct pkg_file_row {
	char	*version;
	char	*filename;
	char	*updated;	/* upload time, UTC, yyyyMMddHHmmss */
};
int	 db_pkg_file_rows(struct db *, struct arena *, const char *registry_id,
	    const char *name, struct pkg_file_row **out, size_t *n);
/*
 * Remove one file of a version (and the version when it was its last
 * file) in one transaction; *sha256 receives the file's blob for
 * db_blob_release. 0, 1 not found, -1.
 */
int	 db_pkg_file_remove(struct db *, struct arena *,
	    const char *registry_id, const char *name, const char *version,
	    const char *filename, char **sha256);
/* Replace a version's metadata (JSON text read from the artifact): 0, 1, -1. */
int	 db_pkg_set_metadata(struct db *, const char *registry_id,
	    const char *name, const char *version, const char *metadata);

/*
 * RubyGems (h_ruby.c): the whole registry at once, for specs.4.8 and the
 * compact index's /versions and /names. Every package with its first file,
 * by name (bytewise), then oldest first; at most DB_PKG_ALL_MAX rows
 * (*truncated set when there were more).
 */
#define DB_PKG_ALL_MAX	200000
int	 db_pkg_all(struct db *, struct arena *, const char *registry_id,
	    struct pkg **out, size_t *n, int *truncated);
/*
 * The package holding the file named filename in a registry, with that
 * file in *f (and its fields in p's file members): 0, 1 not found, -1.
 */
int	 db_pkg_by_file(struct db *, struct arena *, const char *registry_id,
	    const char *filename, struct pkg *p, struct pkg_file *f);
/*
 * Every file of a package with its version's state, for indexes that list
 * files (PyPI simple pages): oldest version first, then by upload time and
 * file name, at most 100000. meta is the text of the version's metadata
 * member meta_key, or NULL.
 */
struct pkg_file_info {
	char		*pkg_id;
	char		*version;
	char		*deprecated;	/* NULL when current (PyPI: yanked) */
	char		*meta;
	char		*filename;
	long long	 size;
	char		*sha256;
	char		*created_at;	/* ISO 8601 UTC, milliseconds */
};
int	 db_pkg_file_infos(struct db *, struct arena *, const char *registry_id,
	    const char *name, const char *meta_key, struct pkg_file_info **out,
	    size_t *n);
/* The distinct package names of a registry, sorted. */
int	 db_pkg_names(struct db *, struct arena *, const char *registry_id,
	    char ***out, size_t *n);

#endif
