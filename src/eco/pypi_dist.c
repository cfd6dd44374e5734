/* pypi_dist.c: core metadata from wheels and sdists, read with bounded extraction */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eco/pypi.h"
#include "util/banned.h"

struct ds {
	struct arena	*arena;
	enum pypi_kind	 kind;
	/* sdist: the top folder; wheel: the .dist-info folder */
	char		*top;
	size_t		 toplen;
	int		 stray;		/* sdist: file outside top */
	int		 two_infos;	/* wheel: a second dist-info */
	int		 oom;
	int		 nmeta;
	char		*meta;
	size_t		 meta_len;
};

static int	 ds_fail(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
ds_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Remember the first top-level folder; 1 if path is under it. */
static int
ds_top(struct ds *d, const char *path, size_t n)
{
	if (d->top == NULL) {
		if ((d->top = arena_strndup(d->arena, path, n)) == NULL) {
			d->oom = 1;
			return 0;
		}
		d->toplen = n;
	}
	return n == d->toplen && memcmp(path, d->top, n) == 0;
}

/*
 * Wheels: every top-level "*.dist-info" folder is noted (there must be one);
 * only its METADATA is wanted. Sdists: every file sits under the first
 * file's top folder, and only <top>/PKG-INFO is wanted.
 */
static int
ds_want(void *arg, const char *path)
{
	struct ds	*d = arg;
	size_t		 n = strcspn(path, "/");

	if (d->kind == PYPI_WHEEL) {
		if (path[n] != '/' || !ends_with(path, n, ".dist-info"))
			return 0;
		if (!ds_top(d, path, n)) {
			d->two_infos = 1;
			return 0;
		}
		return strcmp(path + n + 1, "METADATA") == 0;
	}
	if (path[n] != '/' || !ds_top(d, path, n)) {
		d->stray = 1;
		return 0;
	}
	return strcmp(path + n + 1, "PKG-INFO") == 0;
}

static int
ds_entry(void *arg, const char *path, const char *data, size_t len)
{
	struct ds	*d = arg;

	(void)path;
	if (++d->nmeta > 1)
		return -1;
	if ((d->meta = arena_strndup(d->arena, data, len)) == NULL) {
		d->oom = 1;
		return -1;
	}
	d->meta_len = len;
	return 0;
}

int
pypi_dist_inspect(const char *path, const char *file,
    const struct archive_limits *lim, struct arena *a,
    struct pypi_dist *out, char *err, size_t errsz)
{
	struct ds		 d;
	const char		*why = NULL, *what, *dash;
	char			*infoname;
	enum archive_format	 fmt;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	if (errsz > 0)
		err[0] = '\0';
	if (pypi_filename_parse(a, file, &out->fn, &why) == -1) {
		ds_fail(err, errsz, "%s", why);
		goto out;
	}
	d.arena = a;
	d.kind = out->fn.kind;
	fmt = d.kind == PYPI_SDIST_TGZ ? AF_TAR_GZ : AF_ZIP;
	what = d.kind == PYPI_WHEEL ? "METADATA" : "PKG-INFO";
	if (archive_scan(path, fmt, lim, ds_want, ds_entry, &d, err,
	    errsz) == -1) {
		if (d.oom)
			ds_fail(err, errsz, "out of memory");
		else if (d.nmeta > 1)
			ds_fail(err, errsz, "more than one %s", what);
		goto out;
	}
	if (d.oom) {
		ds_fail(err, errsz, "out of memory");
		goto out;
	}
	if (d.kind == PYPI_WHEEL) {
		if (d.two_infos) {
			ds_fail(err, errsz, "wheel has more than one "
			    ".dist-info folder");
			goto out;
		}
		if (d.top == NULL) {
			ds_fail(err, errsz, "wheel has no .dist-info folder");
			goto out;
		}
	} else if (d.stray) {
		ds_fail(err, errsz, "sdist entries are not under one top "
		    "folder");
		goto out;
	}
	if (d.meta == NULL) {
		ds_fail(err, errsz, "%s has no %s", d.kind == PYPI_WHEEL ?
		    "wheel .dist-info folder" : "sdist top folder", what);
		goto out;
	}
	if (pypi_meta_parse(a, d.meta, d.meta_len, &out->meta, err,
	    errsz) == -1)
		goto out;
	if ((out->name = pypi_name_normalize(a, out->meta.name)) == NULL ||
	    (out->version = arena_strdup(a, out->meta.norm_version)) == NULL) {
		ds_fail(err, errsz, "out of memory");
		goto out;
	}
	if (!pypi_filename_matches(a, &out->fn, out->name, out->version)) {
		ds_fail(err, errsz, "file name '%s' does not match the "
		    "metadata's %s %s", file, out->meta.name,
		    out->meta.version);
		goto out;
	}
	if (d.kind == PYPI_WHEEL) {
		/* "<name>-<version>.dist-info", as pip checks it. */
		dash = memchr(d.top, '-', d.toplen);
		infoname = arena_strndup(a, d.top, dash ? (size_t)(dash -
		    d.top) : d.toplen - 10);
		if (infoname == NULL || (infoname = pypi_name_normalize(a,
		    infoname)) == NULL || strcmp(infoname, out->name) != 0) {
			ds_fail(err, errsz, "the .dist-info folder's name "
			    "does not match the project %s", out->meta.name);
			goto out;
		}
	}
	out->metadata = d.meta;
	out->metadata_len = d.meta_len;
	rc = 0;
out:
	if (rc == -1)
		memset(out, 0, sizeof(*out));
	return rc;
}
