/* archive.h: bounded reading of uploaded archives with libarchive */
#ifndef DEPOT_ARCHIVE_H
#define DEPOT_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every ecosystem reads uploaded artifacts through archive_scan, so that the
 * caps below apply everywhere: a hostile archive (zip bomb, millions of
 * entries, absolute or ".." paths) is refused with a clear message instead of
 * filling memory or disk.
 */
struct archive_limits {
	size_t		 max_entries;	/* entries in the archive */
	size_t		 max_entry_size;	/* bytes of one wanted entry */
	uint64_t	 max_total;	/* uncompressed bytes read in all */
	unsigned	 max_ratio;	/* uncompressed / compressed size */
};

/*
 * Called for each regular-file entry (not hard links): return 1 to receive
 * its content. Paths given to both callbacks have leading "./" removed.
 */
typedef int	(*archive_want_fn)(void *arg, const char *path);
/* The whole content of a wanted entry, NUL-terminated; return -1 to stop. */
typedef int	(*archive_entry_fn)(void *arg, const char *path,
		    const char *data, size_t len);

enum archive_format {
	AF_TAR_GZ,	/* tar, gzip-compressed (npm, sdists, gems' inner) */
	AF_TAR,		/* tar, uncompressed (.gem outer) */
	AF_ZIP		/* zip (wheels, jars) */
};

/*
 * Read the archive at path, which must be of the given format, walking every
 * entry (so the caps are checked over the whole archive, not only up to what
 * the caller wants). Entries with absolute paths or ".." components, and
 * more entries, bytes or compression than the limits allow, fail the scan.
 * max_total counts entry data plus at least 512 bytes per header (for tar,
 * what the decompressor produced, if more); max_ratio compares that with
 * the file's size, taken as at least 16 KiB; max_ratio 0 turns that check
 * off. A wanted entry bigger than max_entry_size fails the scan.
 * Returns 0, or -1 with a short lower-case message in err: "not a
 * gzip-compressed tar archive" (or tar, zip), "malformed archive: ...",
 * "archive has more than N entries", "entry 'x' is too large", "archive is
 * larger than N bytes uncompressed", "archive expands too much", "unsafe
 * path 'x' in archive", or "archive scan stopped at 'x'" when the entry
 * callback returned -1.
 */
int	 archive_scan(const char *path, enum archive_format,
	    const struct archive_limits *, archive_want_fn, archive_entry_fn,
	    void *arg, char *err, size_t errsz);

#endif
