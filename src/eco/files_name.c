/* files_name.c: the files ecosystem's file name rule */
#include <string.h>

#include "eco/files.h"
#include "eco/semver.h"
#include "util/banned.h"

#define EXT_MAX	32

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* One extension run: [A-Za-z0-9_]{1,EXT_MAX}. */
static int
ext_run(const char *p, size_t len)
{
	size_t	 i;

	if (len == 0 || len > EXT_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_alnum((unsigned char)p[i]) && p[i] != '_')
			return 0;
	return 1;
}

/*
 * Split stem[0..len) ("{BASENAME}-{SEMVER}") at the first '-' followed by a
 * digit where both sides are valid. 0 and out filled, or -1.
 */
static int
split_stem(struct arena *a, const char *stem, size_t len,
    struct files_name *out)
{
	char	*v;
	size_t	 i;

	if (len == 0 || !is_alnum((unsigned char)stem[0]))
		return -1;
	for (i = 1; i + 1 < len; i++) {
		if (stem[i] != '-') {
			/* BASENAME is letters, digits and hyphens only. */
			if (!is_alnum((unsigned char)stem[i]))
				return -1;
			continue;
		}
		if (!is_digit((unsigned char)stem[i + 1]))
			continue;
		if ((v = arena_strndup(a, stem + i + 1, len - i - 1)) == NULL)
			return -1;
		if (!semver_valid(v))
			continue;
		out->version = v;
		out->basename = arena_strndup(a, stem, i);
		return out->basename ? 0 : -1;
	}
	return -1;
}

int
files_name_parse(struct arena *a, const char *p, size_t len,
    struct files_name *out)
{
	const char	*dot, *tar;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	if (len == 0 || len > FILES_NAME_MAX)
		return -1;
	for (i = 0; i < len; i++)
		if (!is_alnum((unsigned char)p[i]) && (p[i] == '\0' ||
		    strchr("-.+_", p[i]) == NULL))
			return -1;
	/* p has no NUL (checked above), so strrchr-like scans stay in len. */
	for (dot = NULL, i = len; i > 0; i--)
		if (p[i - 1] == '.') {
			dot = p + i - 1;
			break;
		}
	if (dot == NULL || !ext_run(dot + 1, len - (size_t)(dot - p) - 1))
		return -1;
	/* "name-1.0.0.tar.gz": one extension when the rest is a valid name. */
	tar = dot - p >= 4 ? dot - 4 : NULL;
	if (tar && memcmp(tar, ".tar", 4) == 0 &&
	    split_stem(a, p, (size_t)(tar - p), out) == 0) {
		out->ext = arena_strndup(a, tar + 1,
		    len - (size_t)(tar - p) - 1);
		return out->ext ? 0 : -1;
	}
	memset(out, 0, sizeof(*out));
	if (split_stem(a, p, (size_t)(dot - p), out) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	out->ext = arena_strndup(a, dot + 1, len - (size_t)(dot - p) - 1);
	return out->ext ? 0 : -1;
}

const char *
files_content_type(const char *ext)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ "zip", "application/zip" },
		{ "gz", "application/gzip" },
		{ "tgz", "application/gzip" },
		{ "tar.gz", "application/gzip" },
		{ "tar", "application/x-tar" },
		{ "bz2", "application/x-bzip2" },
		{ "tar.bz2", "application/x-bzip2" },
		{ "xz", "application/x-xz" },
		{ "tar.xz", "application/x-xz" },
		{ "zst", "application/zstd" },
		{ "tar.zst", "application/zstd" },
		{ "jar", "application/java-archive" },
		{ "json", "application/json" },
		{ "pdf", "application/pdf" },
		{ "txt", "text/plain; charset=utf-8" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].ext, ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}
