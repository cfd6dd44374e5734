/* npm.h: the npm registry protocol's pure parts: names, bodies, tarballs, packuments */
#ifndef DEPOT_NPM_H
#define DEPOT_NPM_H

#include <stddef.h>
#include <sys/types.h>

#include "eco/archive.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/spool.h"

/*
 * Names. Valid: at most 214 bytes; "name" or "@scope/name"; each of scope
 * and name non-empty, made of lower-case ASCII letters, digits and "-._~",
 * not starting with "." or "_"; not "node_modules" or "favicon.ico".
 * Returns 1 if valid, else 0 with *why a short message.
 */
int	 npm_name_valid(const char *name, const char **why);

/*
 * Publish body: the JSON document `npm publish` PUTs, carrying the tarball
 * base64-encoded in _attachments.<file>.data. npm_body streams it: the
 * attachment's data is base64-decoded straight into a spool (hashed as
 * written), and everything else is kept, with that string replaced by "", in
 * a buffer of at most meta_max bytes. So a publish body costs about
 * meta_max of memory whatever the tarball size.
 *
 * Structure is checked as it streams (balanced, well-formed strings, depth
 * at most max_depth); full JSON validation of the kept text is the caller's,
 * with json-c. More than one attachment, invalid base64, a data value that is
 * not a string, or a spool write failure fail the feed. So that json-c reads
 * the kept text as the scanner did, a second root "_attachments", a key
 * repeating the attachment's name after it, and "\u0000" in a key are
 * refused too. base64 may be split anywhere and its padding is optional.
 * meta_max 0 means BUF_MAX_DEFAULT. NPM_BODY_IO also covers out of memory.
 * After a failure every call returns the same error.
 */
enum npm_body_err {
	NPM_BODY_OK,
	NPM_BODY_BAD,		/* malformed: 400 */
	NPM_BODY_TOOBIG,	/* meta_max or the spool's max passed: 413 */
	NPM_BODY_IO		/* spool write failed: 500 */
};

struct npm_body;

/* sink must be open; NULL on allocation failure. */
struct npm_body	*npm_body_new(struct spool *sink, size_t meta_max,
		    unsigned max_depth);
enum npm_body_err npm_body_feed(struct npm_body *, const char *, size_t);
/* After the last chunk: checks the document ended (and nothing follows). */
enum npm_body_err npm_body_finish(struct npm_body *);
/* The kept JSON text (NUL-terminated) and its length. */
const char	*npm_body_meta(const struct npm_body *, size_t *len);
/*
 * Attachments seen (0 or 1), and the key of the one seen (escapes decoded,
 * at most 1024 bytes), or NULL. npm_body_error is "" when nothing failed.
 */
size_t		 npm_body_attachments(const struct npm_body *);
const char	*npm_body_attachment_name(const struct npm_body *);
const char	*npm_body_error(const struct npm_body *);
void		 npm_body_free(struct npm_body *);

/*
 * Tarball: read package.json (and README, if any) from a package tarball
 * (tar.gz whose entries sit under one top folder, normally "package/").
 * package.json must parse as a JSON object with string "name" and "version";
 * the version must be valid SemVer. manifest is package.json's text as found
 * (at most the limits' max_entry_size). readme is the first of README.md,
 * README, README.markdown, readme.md found at the top folder, cut to 1 MiB,
 * or NULL. Returns 0, or -1 with a short message in err.
 * The top folder is the first component of the first regular file; a file
 * elsewhere fails ("tarball entries are not under one top folder"), as do a
 * second package.json and a README bigger than max_entry_size. A byte order
 * mark before package.json is dropped. package.json is parsed strictly
 * (json-c strict mode, UTF-8 checked, no NaN/Infinity, nothing after it).
 */
struct npm_tarball {
	char		*name;
	char		*version;
	char		*manifest;
	size_t		 manifest_len;
	char		*readme;
	size_t		 readme_len;
};

int	 npm_tarball_inspect(const char *path, const struct archive_limits *,
	    struct arena *, struct npm_tarball *out, char *err, size_t errsz);

/*
 * Packument rendering. The full document:
 *   {"_id":name,"_rev":rev,"name":name,"dist-tags":{...},
 *    "versions":{v:{<manifest fields>,"_id":"name@v","deprecated"?:...,
 *                   "dist":{"tarball","shasum","integrity"}}, ...},
 *    "time":{"created","modified",v:created...},"readme"?:...,
 *    "description"?: (latest's), ...}
 * Manifest fields are copied from package.json except those starting with
 * "_" and any "dist" (the server's dist wins).
 * The abbreviated document (application/vnd.npm.install-v1+json) keeps
 * "name", "modified", "dist-tags" and per version only: name, version,
 * dependencies, optionalDependencies, peerDependencies, peerDependenciesMeta,
 * bundleDependencies, bin, directories, engines, os, cpu, deprecated,
 * _hasShrinkwrap, hasInstallScript (true when scripts has preinstall,
 * install or postinstall), dist.
 * Versions are written in the order given. A manifest that does not parse is
 * skipped with its version left out, and so are dist-tags naming a version
 * that is not written. "deprecated" shows the server's state only: a
 * package.json "deprecated" is dropped. "description" and "hasInstallScript"
 * are left out rather than empty or false; NULL strings (rev, readme,
 * created, dist fields) leave their member out. The JSON is appended to out.
 * Returns 0 or -1 (allocation, or out's max reached).
 */
struct npm_version {
	const char	*version;
	const char	*manifest;	/* package.json text */
	const char	*tarball_url;
	const char	*shasum;	/* sha1 hex */
	const char	*integrity;	/* "sha512-<base64>" */
	const char	*deprecated;	/* NULL when not deprecated */
	const char	*created;	/* ISO 8601 UTC with milliseconds */
};

struct npm_tag {
	const char	*tag;
	const char	*version;
};

struct npm_packument {
	const char		*name;
	const char		*rev;
	const struct npm_version *versions;
	size_t			 nversions;
	const struct npm_tag	*tags;
	size_t			 ntags;
	const char		*readme;	/* NULL for none */
	const char		*created;
	const char		*modified;
};

int	 npm_packument_render(const struct npm_packument *, int abbreviated,
	    struct buf *out);

/*
 * The file name npm gives a version's tarball: "name-1.0.0.tgz", with the
 * scope dropped ("@s/n" -> "n-1.0.0.tgz"). Arena string.
 */
char	*npm_tarball_name(struct arena *, const char *name,
	    const char *version);

#endif
