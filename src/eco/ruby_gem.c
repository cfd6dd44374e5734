/* ruby_gem.c: reading a .gem, and the zlib streams of the gem indexes */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "eco/ruby.h"
#include "util/banned.h"

#define ZCHUNK	16384

/*
 * Compress p into out with the given zlib window bits: 15 + 16 makes a gzip
 * stream (specs.4.8.gz), 15 a zlib one (Zlib::Deflate.deflate, .rz).
 */
static int
zwrite(const void *p, size_t len, struct buf *out, int wbits)
{
	z_stream	 z;
	unsigned char	 chunk[ZCHUNK];
	int		 rc = -1, zr;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, wbits, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)(uintptr_t)p;
	/* The index files are far below 4 GiB; feed in one go. */
	if (len > UINT32_MAX)
		goto out;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zr = deflate(&z, Z_FINISH);
		if (zr == Z_STREAM_ERROR)
			goto out;
		if (buf_add(out, chunk, sizeof(chunk) - z.avail_out) == -1)
			goto out;
	} while (zr != Z_STREAM_END);
	rc = 0;
out:
	deflateEnd(&z);
	return rc;
}

int
gem_gzip(const void *p, size_t len, struct buf *out)
{
	return zwrite(p, len, out, 15 + 16);
}

int
gem_deflate(const void *p, size_t len, struct buf *out)
{
	return zwrite(p, len, out, 15);
}

int
gem_gunzip(const void *p, size_t len, size_t max, struct buf *out)
{
	z_stream	 z;
	unsigned char	 chunk[ZCHUNK];
	size_t		 got;
	int		 rc = -1, zr;

	memset(&z, 0, sizeof(z));
	if (len > UINT32_MAX || len < 2 || ((const unsigned char *)p)[0] !=
	    0x1f || ((const unsigned char *)p)[1] != 0x8b)
		return -1;
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)len;
	for (;;) {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END)
			goto out;
		got = sizeof(chunk) - z.avail_out;
		if (out->len + got > max) {
			rc = 1;
			goto out;
		}
		if (buf_add(out, chunk, got) == -1)
			goto out;
		if (zr == Z_STREAM_END)
			break;
		/* No progress with input left means a truncated stream. */
		if (got == 0 && z.avail_in == 0)
			goto out;
	}
	rc = 0;
out:
	inflateEnd(&z);
	return rc;
}

struct gemscan {
	struct arena	*a;
	char		*meta;
	size_t		 meta_len;
	int		 nmeta;
	int		 data;
	int		 oom;
};

static int
gs_want(void *arg, const char *path)
{
	struct gemscan	*g = arg;

	if (strcmp(path, "data.tar.gz") == 0)
		g->data++;
	return strcmp(path, "metadata.gz") == 0;
}

static int
gs_entry(void *arg, const char *path, const char *data, size_t len)
{
	struct gemscan	*g = arg;

	(void)path;
	if (++g->nmeta > 1)
		return -1;
	if ((g->meta = arena_alloc(g->a, len ? len : 1)) == NULL) {
		g->oom = 1;
		return -1;
	}
	memcpy(g->meta, data, len);
	g->meta_len = len;
	return 0;
}

static int	 gi_fail(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
gi_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
gem_inspect(const char *path, const struct archive_limits *lim,
    const struct gem_yaml_limits *yl, struct arena *a, struct gem_spec *out,
    char *err, size_t errsz)
{
	struct gemscan	 g;
	struct buf	 yaml;
	char		 yerr[200];
	int		 rc = -1, zr;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.a = a;
	buf_init(&yaml, yl->max_len);
	if (errsz > 0)
		err[0] = '\0';
	if (archive_scan(path, AF_TAR, lim, gs_want, gs_entry, &g, err,
	    errsz) == -1) {
		if (g.oom)
			gi_fail(err, errsz, "out of memory");
		else if (g.nmeta > 1)
			gi_fail(err, errsz, "gem has more than one "
			    "metadata.gz");
		goto out;
	}
	if (g.nmeta == 0) {
		gi_fail(err, errsz, "gem has no metadata.gz");
		goto out;
	}
	if (g.data == 0) {
		gi_fail(err, errsz, "gem has no data.tar.gz");
		goto out;
	}
	zr = gem_gunzip(g.meta, g.meta_len, yl->max_len, &yaml);
	if (zr == 1) {
		gi_fail(err, errsz, "metadata.gz is larger than %zu bytes "
		    "uncompressed", yl->max_len);
		goto out;
	}
	if (zr == -1) {
		gi_fail(err, errsz, "metadata.gz is not valid gzip data");
		goto out;
	}
	if (gem_spec_parse_yaml(yaml.data, yaml.len, yl, a, out, yerr,
	    sizeof(yerr)) == -1) {
		gi_fail(err, errsz, "metadata: %s", yerr);
		goto out;
	}
	rc = 0;
out:
	buf_release(&yaml);
	return rc;
}
