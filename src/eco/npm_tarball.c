/* npm_tarball.c: package.json and README from an npm package tarball */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "eco/npm.h"
#include "eco/npm_json.h"
#include "eco/semver.h"
#include "util/banned.h"

#define NPM_README_MAX	((size_t)1024 * 1024)

/* In order of preference. */
static const char *const npm_readmes[] = {
	"README.md",
	"README",
	"README.markdown",
	"readme.md",
};
#define NPM_NREADMES	(sizeof(npm_readmes) / sizeof(npm_readmes[0]))

struct tb {
	struct arena	*arena;
	char		*top;		/* first path component, arena */
	size_t		 toplen;
	int		 stray;		/* a file outside top was seen */
	int		 oom;
	int		 nmanifest;
	char		*manifest;
	size_t		 manifest_len;
	char		*readme[NPM_NREADMES];
	size_t		 readme_len[NPM_NREADMES];
};

/* The path below top, or NULL if path is not under top. */
static const char *
tb_below(const struct tb *t, const char *path)
{
	if (t->top == NULL || strncmp(path, t->top, t->toplen) != 0 ||
	    path[t->toplen] != '/')
		return NULL;
	return path + t->toplen + 1;
}

static int
tb_readme_index(const char *rest)
{
	size_t	 i;

	for (i = 0; i < NPM_NREADMES; i++)
		if (strcmp(rest, npm_readmes[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * The first regular file fixes the top folder; every later file must sit
 * under it, as in the tarballs npm pack makes.
 */
static int
tb_want(void *arg, const char *path)
{
	struct tb	*t = arg;
	const char	*rest;
	size_t		 n;

	n = strcspn(path, "/");
	if (path[n] != '/') {
		t->stray = 1;
		return 0;
	}
	if (t->top == NULL) {
		if ((t->top = arena_strndup(t->arena, path, n)) == NULL) {
			t->oom = 1;
			return 0;
		}
		t->toplen = n;
	}
	if ((rest = tb_below(t, path)) == NULL) {
		t->stray = 1;
		return 0;
	}
	return strcmp(rest, "package.json") == 0 ||
	    tb_readme_index(rest) >= 0;
}

/* UTF-8 safe cut: never end inside a multi-byte sequence. */
static size_t
utf8_cut(const char *p, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)p[max] & 0xc0) == 0x80)
		max--;
	return max;
}

static int
tb_entry(void *arg, const char *path, const char *data, size_t len)
{
	struct tb	*t = arg;
	const char	*rest;
	char		*copy;
	int		 i;

	if ((rest = tb_below(t, path)) == NULL)
		return 0;
	if (strcmp(rest, "package.json") == 0) {
		if (++t->nmanifest > 1)
			return -1;
		/* npm's readers skip a byte order mark; JSON.parse does not. */
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
			data += 3;
			len -= 3;
		}
		if ((copy = arena_strndup(t->arena, data, len)) == NULL) {
			t->oom = 1;
			return -1;
		}
		t->manifest = copy;
		t->manifest_len = len;
		return 0;
	}
	if ((i = tb_readme_index(rest)) < 0)
		return 0;
	len = utf8_cut(data, len, NPM_README_MAX);
	if ((copy = arena_strndup(t->arena, data, len)) == NULL) {
		t->oom = 1;
		return -1;
	}
	t->readme[i] = copy;
	t->readme_len[i] = len;
	return 0;
}

static int	 tb_fail(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
tb_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A string member of o copied to the arena, or NULL if absent or not one. */
static char *
tb_string(struct arena *a, struct json_object *o, const char *key, int *oom)
{
	struct json_object	*v;
	char			*s;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = arena_strndup(a, json_object_get_string(v),
	    (size_t)json_object_get_string_len(v));
	if (s == NULL)
		*oom = 1;
	return s;
}

/*
 * The top folder is the first component of the first regular file; files
 * elsewhere fail ("tarball entries are not under one top folder"), as does
 * a second <top>/package.json. A byte order mark before package.json is
 * dropped from manifest. A README bigger than the limits' max_entry_size
 * fails the scan like any other wanted entry.
 */
int
npm_tarball_inspect(const char *path, const struct archive_limits *lim,
    struct arena *a, struct npm_tarball *out, char *err, size_t errsz)
{
	struct tb		 t;
	struct json_object	*root = NULL;
	char			*name, *version;
	size_t			 i;
	int			 rc = -1, oom = 0;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	t.arena = a;
	if (errsz > 0)
		err[0] = '\0';
	if (archive_scan(path, AF_TAR_GZ, lim, tb_want, tb_entry, &t,
	    err, errsz) == -1) {
		if (t.oom)
			tb_fail(err, errsz, "out of memory");
		else if (t.nmanifest > 1)
			tb_fail(err, errsz, "tarball has more than one "
			    "package.json");
		goto out;
	}
	if (t.oom) {
		tb_fail(err, errsz, "out of memory");
		goto out;
	}
	if (t.stray) {
		tb_fail(err, errsz, "tarball entries are not under one "
		    "top folder");
		goto out;
	}
	if (t.manifest == NULL) {
		tb_fail(err, errsz, "tarball has no package.json");
		goto out;
	}
	if ((root = npm_json_parse(t.manifest, t.manifest_len,
	    NPM_JSON_DEPTH)) == NULL) {
		tb_fail(err, errsz, "package.json is not valid JSON");
		goto out;
	}
	name = tb_string(a, root, "name", &oom);
	version = tb_string(a, root, "version", &oom);
	if (oom) {
		tb_fail(err, errsz, "out of memory");
		goto out;
	}
	if (name == NULL || name[0] == '\0') {
		tb_fail(err, errsz, "package.json has no name");
		goto out;
	}
	if (version == NULL || version[0] == '\0') {
		tb_fail(err, errsz, "package.json has no version");
		goto out;
	}
	if (!semver_valid(version)) {
		tb_fail(err, errsz, "package.json version is not valid semver");
		goto out;
	}
	out->name = name;
	out->version = version;
	out->manifest = t.manifest;
	out->manifest_len = t.manifest_len;
	for (i = 0; i < NPM_NREADMES; i++)
		if (t.readme[i] != NULL) {
			out->readme = t.readme[i];
			out->readme_len = t.readme_len[i];
			break;
		}
	rc = 0;
out:
	json_object_put(root);
	if (rc == -1)
		memset(out, 0, sizeof(*out));
	return rc;
}
