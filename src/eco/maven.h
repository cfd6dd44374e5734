/* maven.h: the maven2 repository layout's pure parts: paths, poms, metadata */
#ifndef DEPOT_MAVEN_H
#define DEPOT_MAVEN_H

#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

/*
 * Paths. A path under /{org}/{reg}/maven2/ (percent-decoded, segments
 * joined with '/', no leading '/') is one of:
 *   {g1}/.../{gN}/{artifact}/{version}/{file}          MK_FILE
 *   {g1}/.../{gN}/{artifact}/maven-metadata.xml        MK_META_ARTIFACT
 *   {g1}/.../{gN}/{artifact}/{v}-SNAPSHOT/maven-metadata.xml
 *                                                      MK_META_VERSION
 * each optionally followed by ".md5", ".sha1", ".sha256" or ".sha512" (the
 * checksum of that file, in sum). {file} is
 *   {artifact}-{version}[-{classifier}].{extension}
 * where, for a version "X-SNAPSHOT", {version} may also be a timestamped
 * build "X-yyyyMMdd.HHmmss-N". A group-level maven-metadata.xml (plugin
 * prefixes) cannot be told from an artifact-level one: it parses as one.
 *
 * Strict by design: at most MAVEN_PATH_MAX bytes and MAVEN_SEGS_MAX
 * segments; each segment non-empty, at most MAVEN_SEG_MAX bytes, not
 * starting with '.', of [A-Za-z0-9._+-] only (so no "..", no control
 * characters, no '/', '\\', '%', ':' or spaces); group segments have no '.'
 * (the '.' of a groupId is a '/'); classifiers are [A-Za-z0-9_-]; extensions
 * are '.'-separated runs of [A-Za-z0-9_-], the first starting with a letter,
 * and never end in a checksum suffix themselves ("x.jar.sha1.md5" fails).
 *
 * maven_path_parse returns 0; -1 for a malformed or unsafe path; 1 for a
 * well-formed path that is not in the layout (a file name that does not
 * start with {artifact}-{version}, say): GET answers 404 to it, PUT 400.
 * *why is a short message on failure. Strings are arena copies.
 */
#define MAVEN_PATH_MAX	1024
#define MAVEN_SEGS_MAX	24
#define MAVEN_SEG_MAX	200

enum maven_kind {
	MK_FILE,
	MK_META_ARTIFACT,
	MK_META_VERSION
};

enum maven_sum {
	MS_NONE,
	MS_MD5,
	MS_SHA1,
	MS_SHA256,
	MS_SHA512,
	MS__MAX
};

struct maven_path {
	enum maven_kind	 kind;
	enum maven_sum	 sum;		/* MS_NONE: the file itself */
	char		*group;		/* "com.example" */
	char		*artifact;
	char		*name;		/* "com.example:demo", the package */
	char		*version;	/* the folder; NULL: MK_META_ARTIFACT */
	char		*filename;	/* last segment, checksum suffix cut */
	int		 snapshot;	/* version ends with "-SNAPSHOT" */
	/* MK_FILE only: */
	char		*classifier;	/* NULL for none */
	char		*extension;	/* "jar", "pom", "tar.gz", "jar.asc" */
	char		*timestamp;	/* "20240101.120000" of a timestamped
					   snapshot build, else NULL */
	unsigned	 build;		/* its build number */
};

int	 maven_path_parse(struct arena *, const char *p, size_t len,
	    struct maven_path *out, const char **why);

/*
 * The {file} part alone: split filename for artifact and (directory)
 * version as above. 0, or -1 when it is not such a file. Output strings are
 * arena copies (classifier NULL for none, timestamp NULL unless a
 * timestamped snapshot build).
 */
int	 maven_file_parse(struct arena *, const char *artifact,
	    const char *version, const char *filename, char **classifier,
	    char **extension, char **timestamp, unsigned *build);

/* File name suffix and hex length of each checksum ("sha1", 40). */
const char	*maven_sum_ext(enum maven_sum);
size_t		 maven_sum_hexlen(enum maven_sum);

/*
 * A checksum file's body: the hex digest (either case), optionally
 * surrounded by white space and followed by white space and a file name
 * ("<hex>  name", as sha1sum writes). At most 1024 bytes. Writes the
 * lower-case hex, NUL-terminated, to out (at least 129 bytes). 0 or -1.
 */
int	 maven_checksum_parse(const char *p, size_t len, enum maven_sum,
	    char *out);

/*
 * Version order, after Maven's ComparableVersion, simplified: versions are
 * split at '.', '-' and digit/letter changes; numbers compare as numbers
 * (any length), and are greater than words; words compare by rank: alpha
 * (or "a" before a digit) < beta ("b") < milestone ("m") < rc = cr <
 * snapshot < "" = ga = final = release < sp < any other word (those in
 * case-insensitive byte order); null items (0, "", ga, final, release)
 * that end a '-'-separated part are dropped, and a missing item counts as
 * 0 or "". At most 64 items are compared. So
 * 1.0-alpha-1 < 1.0-beta < 1.0-rc1 < 1.0-SNAPSHOT < 1.0 = 1.0.0 < 1.0-sp <
 * 1.0.1 < 1.10. Versions equal in this order compare by strcmp, so the
 * order is total. <0, 0 (same string), >0.
 */
int	 maven_version_cmp(const char *a, const char *b);

/*
 * POM reading. The pom is read with libxml2 from memory with no network, no
 * DTD loading, no entity substitution; a document with a DOCTYPE or an
 * ENTITY declaration is refused before parsing, and one that has a DTD
 * after parsing too, so external entities and entity expansion bombs never
 * get a chance. The root must be <project> (in the POM 4.0.0 namespace, or
 * none). groupId and version fall back to <parent>'s. Text values are
 * trimmed; values longer than MAVEN_VALUE_MAX (description: 64 KiB) are
 * cut. At most MAVEN_DEPS_MAX dependencies and 32 licenses are kept.
 * Returns 0, or -1 with a short message in err ("pom is not XML: ...",
 * "pom has a DOCTYPE (DTDs and entities are not allowed)", "pom has no
 * artifactId", ...).
 */
#define MAVEN_POM_MAX	(1024 * 1024)
#define MAVEN_VALUE_MAX	1024
#define MAVEN_DEPS_MAX	1000

struct maven_dep {
	char	*group;
	char	*artifact;
	char	*version;	/* NULL when managed elsewhere */
	char	*scope;
	char	*type;
	char	*classifier;
	int	 optional;
};

struct maven_pom {
	char			*group;
	char			*artifact;
	char			*version;
	char			*packaging;	/* "jar" when absent */
	char			*name;
	char			*description;
	char			*url;
	char			*parent;	/* "g:a:v" or NULL */
	char			**licenses;
	size_t			 nlicenses;
	struct maven_dep	*deps;
	size_t			 ndeps;
};

int	 maven_pom_read(struct arena *, const char *p, size_t len,
	    struct maven_pom *out, char *err, size_t errsz);
/*
 * The package metadata JSON for a pom: {"groupId", "artifactId", "version",
 * "packaging", "name"?, "description"?, "url"?, "parent"?, "licenses"?,
 * "dependencies"?: [{"groupId", "artifactId", "version"?, "scope"?,
 * "type"?, "classifier"?, "optional"?}]}. Arena string, NULL on failure.
 */
char	*maven_pom_json(struct arena *, const struct maven_pom *);

/*
 * A maven-metadata.xml sent by a client: read as safely as a pom; the root
 * must be <metadata>. Only what is needed to check it against its path is
 * kept (NULL when absent); plugins is 1 when it has <plugins> (group-level
 * metadata). 0, or -1 with a message in err.
 */
struct maven_meta_in {
	char	*group;
	char	*artifact;
	char	*version;
	int	 plugins;
};

int	 maven_metadata_read(struct arena *, const char *p, size_t len,
	    struct maven_meta_in *out, char *err, size_t errsz);

/*
 * maven-metadata.xml rendering, from the files the server holds. One row
 * per stored file of the artifact: its version (directory), file name and
 * upload time as yyyyMMddHHmmss (UTC). Rows whose file name is not in the
 * layout are skipped.
 *
 * Artifact level: <metadata> with groupId, artifactId and <versioning>:
 * <latest> (highest version by maven_version_cmp), <release> (highest
 * version not ending in -SNAPSHOT; left out when there is none),
 * <versions> (every version, ascending), <lastUpdated> (latest upload).
 *
 * Version level (a -SNAPSHOT version; rows of other versions are skipped):
 * <metadata modelVersion="1.1.0"> with groupId, artifactId, version and
 * <versioning>: <snapshot> with the timestamp and buildNumber of the
 * highest build (left out when every file is plain "X-SNAPSHOT"),
 * <lastUpdated>, and <snapshotVersions>: per classifier and extension, the
 * newest file's value ("1.0-20240101.120000-3") and updated time; a plain
 * "X-SNAPSHOT" file counts only when no timestamped build has that
 * classifier and extension.
 *
 * Both write with libxml2's xmlTextWriter (UTF-8, indented) and append to
 * out. 0, 1 when no row is in the layout (nothing written), -1 on failure.
 */
struct maven_file_row {
	const char	*version;
	const char	*filename;
	const char	*updated;	/* yyyyMMddHHmmss */
};

int	 maven_metadata_artifact(struct arena *, const char *group,
	    const char *artifact, const struct maven_file_row *, size_t n,
	    struct buf *out);
int	 maven_metadata_version(struct arena *, const char *group,
	    const char *artifact, const char *version,
	    const struct maven_file_row *, size_t n, struct buf *out);

#endif
