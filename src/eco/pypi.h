/* pypi.h: PyPI's pure parts: names, versions, files, metadata, simple pages */
#ifndef DEPOT_PYPI_H
#define DEPOT_PYPI_H

#include <stddef.h>

#include "eco/archive.h"
#include "util/arena.h"
#include "util/buf.h"

#define PYPI_NAME_MAX		200	/* bytes of a project name */
#define PYPI_VERSION_MAX	128	/* bytes of a version as written */
#define PYPI_VERSION_BUF	256	/* room for a normalized version */
#define PYPI_FILENAME_MAX	255	/* bytes of a file name */
#define PYPI_META_MAX		(4 * 1024 * 1024) /* METADATA, PKG-INFO */
#define PYPI_META_FIELDS	4096	/* header fields in one METADATA */
#define PYPI_ACCEPT_MAX		8192	/* bytes of Accept read */

/*
 * Names (PEP 508): ASCII letters and digits, with '.', '-' and '_' inside
 * (not first or last), at most PYPI_NAME_MAX bytes. Returns 1 if valid.
 */
int	 pypi_name_valid(const char *p, size_t len);
/*
 * PEP 503 normalized form: lower case, every run of '-', '_' and '.' one
 * '-'. Arena string, NULL on allocation failure. The input need not be
 * valid; the result is only meaningful for valid names.
 */
char	*pypi_name_normalize(struct arena *, const char *name);

/*
 * Versions (PEP 440): parse p[0..len) (at most PYPI_VERSION_MAX bytes,
 * case-insensitive, a leading "v" allowed, no surrounding white space) and
 * write its normalized form into out (outsz bytes, PYPI_VERSION_BUF is
 * enough): epoch "N!" only when not 0, release numbers without leading
 * zeros, pre-release "aN", "bN" or "rcN" (alpha, beta, c, pre, preview
 * spelled out are accepted), ".postN" (also from "-N", "rev", "r"),
 * ".devN", and a local part "+x.y" with '-' and '_' turned into '.'.
 * Numbers have at most 18 digits; the normalized form, too, has at most
 * PYPI_VERSION_MAX bytes, so it normalizes to itself. Returns 0, or -1 if
 * p is not a version (or does not fit).
 */
int	 pypi_version_normalize(const char *p, size_t len, char *out,
	    size_t outsz);

/*
 * Distribution file names. Valid names are at most PYPI_FILENAME_MAX
 * bytes of ASCII letters, digits and "._+!-", not starting with '.' or '-',
 * and end in ".whl" (wheels: name-version[-build]-python-abi-platform.whl,
 * five or six '-'-separated parts, none empty), ".tar.gz" or ".zip"
 * (source distributions: name-version.ext). Returns 0, or -1 with a short
 * message in *why. Strings are arena copies; for sdists stem is the name
 * without its extension and the wheel-only parts are NULL.
 */
enum pypi_kind {
	PYPI_WHEEL,
	PYPI_SDIST_TGZ,
	PYPI_SDIST_ZIP,
	PYPI_KIND__MAX
};

struct pypi_filename {
	enum pypi_kind	 kind;
	char		*stem;
	char		*name;		/* wheels: first part */
	char		*version;	/* wheels: second part */
	char		*build;		/* NULL when absent */
	char		*python;
	char		*abi;
	char		*platform;
};

int	 pypi_filename_parse(struct arena *, const char *file,
	    struct pypi_filename *out, const char **why);
/*
 * Does the parsed file name belong to project norm_name (normalized) at
 * version norm_version (normalized)? Wheels compare their name and version
 * parts; an sdist matches when some '-' splits its stem into a name and a
 * version that normalize to them (so "foo-1.0-1.tar.gz" is foo 1.0.post1).
 * Returns 1 or 0.
 */
int	 pypi_filename_matches(struct arena *, const struct pypi_filename *,
	    const char *norm_name, const char *norm_version);

/*
 * Core metadata (METADATA in wheels, PKG-INFO in sdists): RFC 822-style
 * header fields, then optionally a blank line and the description.
 * p[0..len) must be valid UTF-8 without NUL bytes, at most PYPI_META_MAX
 * bytes, with at most PYPI_META_FIELDS fields; a byte order mark is
 * skipped and lines may end in CRLF. A field is "Key: value" (the key made
 * of printable ASCII but ':'; white space around the value dropped);
 * a line starting with a space or tab continues the previous field: for
 * Description its text is kept on its own line with the 8-space or
 * "       |" indent removed, for other fields it is joined with one space.
 * Any other line before the blank one is an error, as are a missing or
 * repeated Metadata-Version, Name or Version, a Metadata-Version other
 * than 1.0, 1.1, 1.2, 2.0 ... 2.4, an invalid name or an invalid version.
 * Returns 0, or -1 with a short message in err. Strings are arena copies.
 */
struct pypi_field {
	const char	*key;
	const char	*value;
};

struct pypi_meta {
	struct pypi_field	*fields;
	size_t			 nfields;
	const char		*body;		/* NULL when none */
	size_t			 body_len;
	const char		*metadata_version;
	const char		*name;		/* as written */
	const char		*version;	/* as written */
	char			 norm_version[PYPI_VERSION_BUF];
};

int	 pypi_meta_parse(struct arena *, const char *p, size_t len,
	    struct pypi_meta *out, char *err, size_t errsz);
/*
 * Is p[0..len) well-formed UTF-8 (no overlong forms, surrogates, values
 * past U+10FFFF) without NUL bytes? 1 or 0.
 */
int	 pypi_utf8_valid(const char *p, size_t len);
/* The first field named key (case-insensitive), or NULL. */
const char *pypi_meta_get(const struct pypi_meta *, const char *key);
/*
 * The description: the body if there is one, else the Description field,
 * else NULL. Arena string (the body as found).
 */
const char *pypi_meta_description(const struct pypi_meta *);
/*
 * The metadata as stored with the package (JSON object text, arena):
 * "name" (as written), "version" (normalized), "metadata_version", and,
 * when present, "summary", "requires_python", "license", "home_page",
 * "download_url", "author", "author_email", "maintainer",
 * "maintainer_email", "keywords", "description_content_type" (strings) and
 * "requires_dist", "provides_extra", "classifiers", "project_urls",
 * "platforms", "requires_external", "provides_dist", "obsoletes_dist",
 * "dynamic", "license_files" (arrays of strings). NULL on failure.
 */
char	*pypi_meta_json(struct arena *, const struct pypi_meta *);

/*
 * Distributions: read the core metadata from a wheel (the one top-level
 * "<name>-<version>.dist-info/METADATA"; exactly one top-level .dist-info
 * folder, whose name part normalizes to the file name's) or an sdist
 * (".tar.gz" or ".zip" whose entries all sit under one top folder holding
 * PKG-INFO) through archive_scan with the given limits, parse it, and check
 * that the file name names the same project and version. file is the
 * client's file name, validated here. Returns 0, or -1 with a short message
 * in err. metadata is the text as found (NUL-terminated, arena).
 */
struct pypi_dist {
	struct pypi_filename	 fn;
	struct pypi_meta	 meta;
	char			*name;		/* normalized */
	char			*version;	/* normalized */
	char			*metadata;
	size_t			 metadata_len;
};

int	 pypi_dist_inspect(const char *path, const char *file,
	    const struct archive_limits *, struct arena *,
	    struct pypi_dist *out, char *err, size_t errsz);

/*
 * Content negotiation for the simple API (PEP 691). accept is the Accept
 * header (NULL or "" for none); q-values are honoured, the most specific
 * matching range decides each type's q, and ties go to JSON, then the v1
 * HTML type, then text/html. No header, or one naming only text/html or
 * wildcards, gives PYPI_FMT_HTML. PYPI_FMT_NONE when nothing offered is
 * acceptable. At most PYPI_ACCEPT_MAX bytes and 64 ranges are read.
 */
enum pypi_format {
	PYPI_FMT_HTML,		/* text/html */
	PYPI_FMT_HTML_V1,	/* application/vnd.pypi.simple.v1+html */
	PYPI_FMT_JSON_V1,	/* application/vnd.pypi.simple.v1+json */
	PYPI_FMT_NONE,
	PYPI_FMT__MAX
};

enum pypi_format pypi_negotiate(const char *accept, size_t len);
/* The Content-Type to answer with (PYPI_FMT_NONE: text/html's). */
const char	*pypi_format_type(enum pypi_format);

/*
 * Simple pages. Every value written into HTML is escaped (& < > " '); the
 * link of a file is url#sha256=<hex>, with data-requires-python,
 * data-dist-info-metadata and data-core-metadata ("sha256=<hex>", PEP 658
 * and 714) and data-yanked (PEP 592: the reason, possibly empty) when they
 * apply. JSON follows PEP 691 at api-version 1.1 (PEP 700): "versions",
 * and per file "size" and "upload-time"; "yanked" is false, true (no
 * reason) or the reason; "core-metadata" is {"sha256": ...} or false (PEP
 * 714 leaves the old "dist-info-metadata" key to HTML). The text is
 * appended to out. Returns 0 or -1 (out's max reached, or allocation).
 */
struct pypi_file {
	const char	*filename;
	const char	*url;		/* absolute, without fragment */
	const char	*sha256;
	const char	*requires_python;	/* NULL or "" for none */
	const char	*yanked;	/* NULL: not yanked, else reason */
	const char	*core_metadata_sha256;	/* NULL when none */
	const char	*upload_time;	/* ISO 8601 UTC, or NULL */
	long long	 size;
};

struct pypi_project {
	const char		*name;
	const char *const	*versions;
	size_t			 nversions;
	const struct pypi_file	*files;
	size_t			 nfiles;
};

int	 pypi_simple_project(const struct pypi_project *, int json,
	    struct buf *out);
/* The project list: links "<name>/" (relative), or PEP 691 JSON. */
int	 pypi_simple_index(const char *const *names, size_t n, int json,
	    struct buf *out);
/* Append s with & < > " ' escaped. 0 or -1. */
int	 pypi_html_escape(struct buf *, const char *s);

#endif
