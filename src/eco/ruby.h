/* ruby.h: RubyGems pure parts: gemspecs, .gem files, Marshal, indexes */
#ifndef DEPOT_RUBY_H
#define DEPOT_RUBY_H

#include <stddef.h>

#include "eco/archive.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * Names, versions, platforms. Everything that reaches an index line passes
 * these checks first, so a name, version or platform never carries a space,
 * ',', ':', '|', '&' or '/' into the compact index or a file name.
 *
 * Names: 1..GEM_NAME_MAX bytes of [A-Za-z0-9._-], at least one letter, not
 * starting with '.' or '-'. *why gets a short reason when invalid.
 * Versions as Gem::Version holds them after gem_version_norm: 1..
 * GEM_VERSION_MAX bytes, digits first, then ".<letters and digits>"
 * segments ("1.0.0", "2.0.0.pre.rc1", "1.a"). A version is a prerelease when
 * it has a letter. gem_version_cmp orders like Gem::Version#<=> (trailing
 * zero segments ignored, a letter segment sorts before a number).
 * Platforms: "ruby" or 1..GEM_PLATFORM_MAX bytes of [A-Za-z0-9._-] not
 * starting with '-' or '.' ("x86_64-linux", "java").
 */
#define GEM_NAME_MAX		128
#define GEM_VERSION_MAX		128
#define GEM_PLATFORM_MAX	64

int	 gem_name_valid(const char *name, const char **why);
int	 gem_version_valid(const char *version);
int	 gem_version_prerelease(const char *version);
int	 gem_version_cmp(const char *a, const char *b);
int	 gem_platform_valid(const char *platform);
/*
 * What Gem::Version.new makes of s: surrounding blanks dropped, every "-"
 * turned into ".pre.". Arena string, or NULL (allocation, or s longer than
 * GEM_VERSION_MAX once normalized). The result may still be invalid.
 */
char	*gem_version_norm(struct arena *, const char *s, size_t len);

/*
 * A gem's specification as far as the indexes and the package page need it.
 * All strings live in the arena of the call that filled the struct. NULL
 * means absent (description, homepage, date); summary is "" when absent,
 * platform "ruby". Requirement lists are never empty: a missing one is
 * ">= 0". date is "YYYY-MM-DD" or NULL.
 */
struct gem_req {
	const char	*op;		/* = != > < >= <= ~> */
	const char	*version;	/* valid, normalized */
};

struct gem_dep {
	const char		*name;	/* valid gem name */
	int			 development;
	const struct gem_req	*reqs;
	size_t			 nreqs;
};

struct gem_spec {
	const char		*name;
	const char		*version;
	const char		*platform;
	const char		*summary;
	const char		*description;
	const char		*homepage;
	const char		*date;
	const char		*rubygems_version;	/* of the builder */
	int			 specification_version;
	const char *const	*authors;
	size_t			 nauthors;
	const char *const	*emails;
	size_t			 nemails;
	int			 email_list;	/* email was a list */
	const char *const	*licenses;
	size_t			 nlicenses;
	/* required_ruby_version and required_rubygems_version */
	const struct gem_req	*ruby_reqs;
	size_t			 nruby_reqs;
	const struct gem_req	*rubygems_reqs;
	size_t			 nrubygems_reqs;
	const struct gem_dep	*deps;
	size_t			 ndeps;
	const char *const	*meta_keys;	/* metadata, in order */
	const char *const	*meta_values;
	size_t			 nmeta;
};

/*
 * The gemspec YAML of a .gem's metadata.gz, read with libyaml's event
 * parser into a bounded tree. Only a safe subset is taken: one document; no
 * anchors or aliases; mapping tags only !ruby/object:Gem::Specification
 * (the root, required), Gem::Version, Gem::Requirement and Gem::Dependency;
 * no tags on sequences; scalar tags only !!str. Input above max_len bytes,
 * more than max_nodes nodes, nesting deeper than max_depth, one scalar
 * above max_scalar bytes, a mapping key that is not a scalar, a key we read
 * given twice, more than GEM_LIST_MAX items in a list we keep (authors,
 * dependencies, requirements, metadata ...) fail with a short message in err.
 * The spec must have a valid name, version and platform; dependency names,
 * requirement operators and versions must be valid too. Returns 0 or -1.
 */
#define GEM_LIST_MAX	1024

struct gem_yaml_limits {
	size_t		 max_len;
	size_t		 max_nodes;
	size_t		 max_scalar;
	unsigned	 max_depth;
};

#define GEM_YAML_MAX_LEN	((size_t)4 * 1024 * 1024)
#define GEM_YAML_MAX_NODES	((size_t)200000)
#define GEM_YAML_MAX_SCALAR	((size_t)1024 * 1024)
#define GEM_YAML_MAX_DEPTH	32

int	 gem_spec_parse_yaml(const char *p, size_t len,
	    const struct gem_yaml_limits *, struct arena *,
	    struct gem_spec *out, char *err, size_t errsz);

/*
 * The spec as the JSON stored in packages.metadata, appended to out:
 *   {"name","version","platform","summary","description"?,"homepage"?,
 *    "date"?,"rubygems_version"?,"specification_version",
 *    "authors":[],"email": string | [] | null,"licenses":[],
 *    "required_ruby_version":["op v"...],"required_rubygems_version":[...],
 *    "dependencies":[{"name","type":"runtime"|"development",
 *                     "requirements":["op v"...]}],
 *    "metadata":{}}
 * gem_spec_from_json reads it back with the same checks as the YAML reader
 * (so an index never trusts what the database holds). 0 or -1.
 */
int	 gem_spec_to_json(const struct gem_spec *, struct buf *out);
int	 gem_spec_from_json(const char *p, size_t len, struct arena *,
	    struct gem_spec *out);

/*
 * A .gem: a plain tar holding metadata.gz (the gemspec YAML, gzip),
 * data.tar.gz and checksums.yaml.gz (and signatures). Read through
 * archive_scan with lim; metadata.gz must be there once, at most
 * lim->max_entry_size bytes, expanding to at most yl->max_len bytes;
 * data.tar.gz must be there. Returns 0, or -1 with a short message.
 */
int	 gem_inspect(const char *path, const struct archive_limits *lim,
	    const struct gem_yaml_limits *yl, struct arena *,
	    struct gem_spec *out, char *err, size_t errsz);

/*
 * "1.0.0" for platform ruby, else "1.0.0-x86_64-linux": the compact
 * index's version field and Depot's packages.version. gem_full_name is
 * "name-" and that ("demo-1.0.0"), the file stem of the .gem and of its
 * quick spec. Arena strings.
 */
char	*gem_index_version(struct arena *, const char *version,
	    const char *platform);
char	*gem_full_name(struct arena *, const char *name,
	    const char *version, const char *platform);

/*
 * Ruby Marshal 4.8, write only, enough for the index files: nil, booleans,
 * fixnums, strings (binary, US-ASCII or UTF-8), symbols with symlinks,
 * arrays, hashes, objects ('o'), marshal_dump types ('U') and _dump types
 * ('u', with instance variables when nivars > 0). Call order:
 * marshal_begin, then one value (a container is its count and then its
 * elements, written next), then marshal_end. Errors (out's max, a symbol
 * table overflow) are sticky and reported by marshal_end. Symbol names must
 * stay valid until marshal_end. Object links ('@') are never written, so
 * equal values are repeated rather than shared.
 */
enum marshal_enc {
	MENC_BINARY,	/* ASCII-8BIT: no encoding ivar */
	MENC_ASCII,	/* US-ASCII: E false */
	MENC_UTF8	/* UTF-8: E true */
};

#define MARSHAL_SYMS	64

struct marshal {
	struct buf	*out;
	const char	*sym[MARSHAL_SYMS];
	size_t		 nsym;
	int		 err;
};

void	 marshal_begin(struct marshal *, struct buf *out);
void	 marshal_nil(struct marshal *);
void	 marshal_bool(struct marshal *, int);
/* A fixnum: -2^30 <= v < 2^30, else an error. */
void	 marshal_int(struct marshal *, long v);
void	 marshal_str(struct marshal *, const char *, size_t,
	    enum marshal_enc);
void	 marshal_sym(struct marshal *, const char *);
void	 marshal_array(struct marshal *, size_t n);
void	 marshal_hash(struct marshal *, size_t npairs);
void	 marshal_object(struct marshal *, const char *cls, size_t nivars);
void	 marshal_user_marshal(struct marshal *, const char *cls);
void	 marshal_user_dump(struct marshal *, const char *cls, const void *,
	    size_t, size_t nivars);
int	 marshal_end(struct marshal *);

/*
 * Index files (Marshal, uncompressed; gzip or deflate them below).
 * gem_specs_render: [[name, Gem::Version, platform], ...] in the order
 * given, as specs.4.8, latest_specs.4.8 and prerelease_specs.4.8 hold.
 * gem_quick_render: the Gem::Specification of quick/Marshal.4.8/
 * NAME-VERSION.gemspec.rz, laid out as Gem::Specification#_dump does.
 */
struct gem_tuple {
	const char	*name;
	const char	*version;
	const char	*platform;
};

int	 gem_specs_render(const struct gem_tuple *, size_t, struct buf *out);
int	 gem_quick_render(const struct gem_spec *, struct buf *out);
/*
 * gem_latest picks, per name and platform, the highest release (not
 * prerelease) version: its tuples in the order of their first appearance,
 * written to out (room for n). Returns how many.
 */
size_t	 gem_latest(const struct gem_tuple *, size_t n,
	    struct gem_tuple *out);

/* gzip (specs files) and zlib (.rz) streams of p, appended to out: 0, -1. */
int	 gem_gzip(const void *p, size_t len, struct buf *out);
int	 gem_deflate(const void *p, size_t len, struct buf *out);
/*
 * Decompress gzip data into out, at most max bytes: 0, 1 over max, -1 not
 * gzip or corrupt.
 */
int	 gem_gunzip(const void *p, size_t len, size_t max, struct buf *out);

/*
 * The compact index, as bundler reads it.
 *   /names:    "---\n" then a name a line.
 *   /versions: "created_at: <time>\n---\n" then "name v1,v2 md5\n" per
 *              gem, md5 being that of the gem's /info document.
 *   /info/N:   "---\n" then per version
 *              "VER[-PLATFORM] dep:req&req,dep2:req|checksum:SHA256"
 *              ",ruby:req&req" ",rubygems:req" (each only when not ">= 0");
 *              runtime dependencies only, their requirements sorted.
 * Lines are written in the order given. Each appends to out: 0 or -1.
 */
struct gem_info_ver {
	const struct gem_spec	*spec;
	const char		*sha256;	/* of the .gem, hex */
};

struct gem_versions_row {
	const char		*name;
	const char *const	*versions;	/* gem_index_version form */
	size_t			 nversions;
	const char		*info_md5;	/* hex */
};

int	 gem_names_render(const char *const *names, size_t n,
	    struct buf *out);
int	 gem_versions_render(const char *created_at,
	    const struct gem_versions_row *, size_t n, struct buf *out);
int	 gem_info_render(const struct gem_info_ver *, size_t n,
	    struct buf *out);
/* Lower-case hex MD5 of p into out[33]: bundler's checksums and ETags. */
void	 gem_md5_hex(const void *p, size_t len, char out[33]);

#endif
