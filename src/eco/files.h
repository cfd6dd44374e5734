/* files.h: the files ecosystem's pure part: {BASENAME}-{SEMVER}.{EXT} */
#ifndef DEPOT_FILES_H
#define DEPOT_FILES_H

#include <stddef.h>

#include "util/arena.h"

/* The message every refused file name gets (REFERENCE.md section 2.3). */
#define FILES_NAME_ERROR \
	"Invalid filename format. Expected: {BASENAME}-{SEMVER}.{EXT}"
#define FILES_NAME_MAX	255

/*
 * A file name split into its parts (arena strings). The package is named
 * basename; its version is the SemVer; several files of one version (say
 * .zip and .tar.gz) join that version, and a file name is unique.
 */
struct files_name {
	char	*basename;	/* letters, digits and '-', not first */
	char	*version;	/* SemVer 2.0.0, build metadata kept */
	char	*ext;		/* "zip", "tar.gz" ... */
};

/*
 * Parse p[0..len) as "{BASENAME}-{SEMVER}.{EXT}". BASENAME is letters,
 * digits and hyphens, starting with a letter or digit; SEMVER is SemVer
 * 2.0.0 (semver_valid); EXT is one run of letters, digits and '_' (at most
 * 32), or "tar." and such a run, which is taken as one extension when what
 * precedes it is a valid name ("app-1.0.0.tar.gz" has ext "tar.gz"). The
 * version starts at the first '-' followed by a digit that leaves a valid
 * split ("app-2x-1.0.0.zip" is "app-2x" 1.0.0). At most FILES_NAME_MAX
 * bytes; anything else (control characters, '/', spaces, NUL, non-ASCII)
 * fails. Returns 0, or -1 (the caller answers FILES_NAME_ERROR).
 */
int		 files_name_parse(struct arena *, const char *p, size_t len,
		    struct files_name *out);

/* A Content-Type for ext: a few known ones, else application/octet-stream.
 * Never a type a browser would render as a page. */
const char	*files_content_type(const char *ext);

#endif
