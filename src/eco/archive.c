/* archive.c: bounded reading of uploaded archives with libarchive */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "eco/archive.h"
#include "util/buf.h"
#include "util/banned.h"

/*
 * The ratio check compares against at least this many compressed bytes, so
 * that a tiny archive (a few hundred bytes of gzip around a 10 KiB tar) is
 * not refused for expanding well.
 */
#define ARCHIVE_RATIO_FLOOR	((uint64_t)16 * 1024)
/* What one entry header costs at least, counted toward max_total. */
#define ARCHIVE_HDR_COST	512
/* Longest path quoted in a message. */
#define ARCHIVE_MSG_PATH	128

static const char *const archive_format_names[] = {
	"not a gzip-compressed tar archive",	/* AF_TAR_GZ */
	"not a tar archive",			/* AF_TAR */
	"not a zip archive",			/* AF_ZIP */
};

struct scan {
	struct archive			*a;
	const struct archive_limits	*lim;
	uint64_t			 csize;	/* compressed file size */
	uint64_t			 data;	/* entry bytes read so far */
	size_t				 nentries;
	char				*err;
	size_t				 errsz;
};

static int	 scan_fail(struct scan *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
scan_fail(struct scan *s, const char *fmt, ...)
{
	va_list	 ap;

	if (s->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(s->err, s->errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A path as quoted in messages: control bytes become '?', long ones cut. */
static void
msg_path(const char *path, char *out, size_t outsz)
{
	size_t	 i;

	for (i = 0; path[i] != '\0' && i + 1 < outsz; i++)
		out[i] = ((unsigned char)path[i] < 0x20 || path[i] == 0x7f) ?
		    '?' : path[i];
	out[i] = '\0';
}

/*
 * Absolute paths and any ".." component are refused. Backslash counts as a
 * separator too, since zip files made on Windows may use it and an
 * ecosystem may later hand the path to a tool that honours it.
 */
static int
path_unsafe(const char *p)
{
	const char	*c;
	size_t		 n;

	if (p[0] == '/' || p[0] == '\\')
		return 1;
	for (c = p; *c != '\0'; c += n) {
		n = strcspn(c, "/\\");
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return 1;
		if (c[n] != '\0')
			n++;
	}
	return 0;
}

/* Drop leading "./" (and a lone "."), as tar's "./package/x" entries have. */
static const char *
path_strip(const char *p)
{
	for (;;) {
		if (p[0] == '.' && p[1] == '/') {
			p += 2;
			while (*p == '/')
				p++;
		} else if (p[0] == '.' && p[1] == '\0')
			p++;
		else
			return p;
	}
}

/*
 * Bytes expanded so far: entry data read plus a floor per header, or what
 * the decompressor handed the tar reader if that is more (it includes
 * headers and padding exactly).
 */
static uint64_t
scan_total(const struct scan *s)
{
	uint64_t	 t, f;
	la_int64_t	 fb;

	t = s->data + (uint64_t)s->nentries * ARCHIVE_HDR_COST;
	fb = archive_filter_bytes(s->a, 0);
	f = fb > 0 ? (uint64_t)fb : 0;
	return f > t ? f : t;
}

static int
scan_check_total(struct scan *s)
{
	uint64_t	 t, base;

	t = scan_total(s);
	if (t > s->lim->max_total)
		return scan_fail(s, "archive is larger than %llu bytes "
		    "uncompressed", (unsigned long long)s->lim->max_total);
	if (s->lim->max_ratio > 0) {
		base = s->csize > ARCHIVE_RATIO_FLOOR ? s->csize :
		    ARCHIVE_RATIO_FLOOR;
		if (base > UINT64_MAX / s->lim->max_ratio)
			return 0;
		if (t > base * s->lim->max_ratio)
			return scan_fail(s, "archive expands too much");
	}
	return 0;
}

/*
 * Read the current entry's data. With keep set, into keep (whose max is
 * max_entry_size); otherwise through a scratch buffer, so that the bytes
 * are counted whatever the format's skip would do.
 */
static int
scan_read(struct scan *s, struct buf *keep, const char *qpath)
{
	char		 scratch[16384];
	la_ssize_t	 n;

	for (;;) {
		n = archive_read_data(s->a, scratch, sizeof(scratch));
		if (n == 0)
			return 0;
		if (n < 0)
			return scan_fail(s, "malformed archive: %s",
			    archive_error_string(s->a) ?
			    archive_error_string(s->a) : "read error");
		s->data += (uint64_t)n;
		if (scan_check_total(s) == -1)
			return -1;
		if (keep != NULL && buf_add(keep, scratch, (size_t)n) == -1) {
			if (errno == EFBIG)
				return scan_fail(s, "entry '%s' is too large",
				    qpath);
			return scan_fail(s, "out of memory reading '%s'",
			    qpath);
		}
	}
}

/*
 * Whether the file starts the way the format does, so that a damaged
 * archive of the right kind gets "malformed archive" rather than "not a
 * ... archive" when libarchive fails before the first entry.
 */
static int
has_magic(int fd, enum archive_format fmt)
{
	unsigned char	 b[262];
	ssize_t		 n;

	n = pread(fd, b, sizeof(b), 0);
	switch (fmt) {
	case AF_TAR_GZ:
		return n >= 2 && b[0] == 0x1f && b[1] == 0x8b;
	case AF_TAR:
		return n >= 262 && memcmp(b + 257, "ustar", 5) == 0;
	case AF_ZIP:
		return n >= 4 && memcmp(b, "PK\003\004", 4) == 0;
	}
	return 0;
}

/*
 * The caller's limits, with the archive's first filter and format checked
 * against the format asked for: the tar reader alone would also accept an
 * uncompressed tar when a tar.gz is wanted.
 */
static int
scan_check_format(struct scan *s, enum archive_format fmt)
{
	int	 code;

	code = archive_filter_code(s->a, 0);
	switch (fmt) {
	case AF_TAR_GZ:
		if (code != ARCHIVE_FILTER_GZIP)
			return scan_fail(s, "%s", archive_format_names[fmt]);
		break;
	case AF_TAR:
	case AF_ZIP:
		if (code != ARCHIVE_FILTER_NONE)
			return scan_fail(s, "%s", archive_format_names[fmt]);
		break;
	}
	return 0;
}

int
archive_scan(const char *path, enum archive_format fmt,
    const struct archive_limits *lim, archive_want_fn want,
    archive_entry_fn fn, void *arg, char *err, size_t errsz)
{
	struct scan		 s;
	struct archive_entry	*e;
	struct stat		 st;
	struct buf		 keep;
	const char		*raw, *p;
	char			 qpath[ARCHIVE_MSG_PATH + 1];
	int			 fd = -1, rc = -1, r, wanted, magic;

	memset(&s, 0, sizeof(s));
	s.lim = lim;
	s.err = err;
	s.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	buf_init(&keep, lim->max_entry_size ? lim->max_entry_size : 1);
	if ((unsigned)fmt > AF_ZIP) {
		scan_fail(&s, "unknown archive format");
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		scan_fail(&s, "cannot open archive: %s", strerror(errno));
		goto out;
	}
	s.csize = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	if ((s.a = archive_read_new()) == NULL) {
		scan_fail(&s, "out of memory");
		goto out;
	}
	switch (fmt) {
	case AF_TAR_GZ:
		r = archive_read_support_filter_gzip(s.a);
		if (r == ARCHIVE_OK)
			r = archive_read_support_format_tar(s.a);
		break;
	case AF_TAR:
		r = archive_read_support_format_tar(s.a);
		break;
	case AF_ZIP:
	default:
		r = archive_read_support_format_zip(s.a);
		break;
	}
	if (r != ARCHIVE_OK) {
		scan_fail(&s, "archive reader unavailable");
		goto out;
	}
	magic = has_magic(fd, fmt);
	if (archive_read_open_fd(s.a, fd, 65536) != ARCHIVE_OK) {
		if (magic)
			scan_fail(&s, "malformed archive: %s",
			    archive_error_string(s.a) ?
			    archive_error_string(s.a) : "read error");
		else
			scan_fail(&s, "%s", archive_format_names[fmt]);
		goto out;
	}
	for (;;) {
		r = archive_read_next_header(s.a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			if (s.nentries == 0 && !magic)
				scan_fail(&s, "%s", archive_format_names[fmt]);
			else
				scan_fail(&s, "malformed archive: %s",
				    archive_error_string(s.a) ?
				    archive_error_string(s.a) : "read error");
			goto out;
		}
		if (s.nentries == 0 && scan_check_format(&s, fmt) == -1)
			goto out;
		if (s.nentries >= lim->max_entries) {
			scan_fail(&s, "archive has more than %zu entries",
			    lim->max_entries);
			goto out;
		}
		s.nentries++;
		if ((raw = archive_entry_pathname(e)) == NULL) {
			scan_fail(&s, "entry with unreadable path in archive");
			goto out;
		}
		msg_path(raw, qpath, sizeof(qpath));
		if (path_unsafe(raw)) {
			scan_fail(&s, "unsafe path '%s' in archive", qpath);
			goto out;
		}
		p = path_strip(raw);
		if (scan_check_total(&s) == -1)
			goto out;
		wanted = archive_entry_filetype(e) == AE_IFREG &&
		    archive_entry_hardlink(e) == NULL && *p != '\0' &&
		    want != NULL && want(arg, p) == 1;
		if (!wanted) {
			if (scan_read(&s, NULL, qpath) == -1)
				goto out;
			continue;
		}
		if (archive_entry_size_is_set(e) &&
		    (archive_entry_size(e) < 0 ||
		    (uint64_t)archive_entry_size(e) > lim->max_entry_size)) {
			scan_fail(&s, "entry '%s' is too large", qpath);
			goto out;
		}
		buf_reset(&keep);
		if (scan_read(&s, &keep, qpath) == -1)
			goto out;
		if (fn != NULL && fn(arg, p, keep.data, keep.len) == -1) {
			scan_fail(&s, "archive scan stopped at '%s'", qpath);
			goto out;
		}
	}
	/* An archive with no entries never had its filter checked. */
	if (s.nentries == 0 && scan_check_format(&s, fmt) == -1)
		goto out;
	if (scan_check_total(&s) == -1)
		goto out;
	rc = 0;
out:
	if (s.a != NULL)
		archive_read_free(s.a);
	if (fd != -1)
		close(fd);
	buf_release(&keep);
	return rc;
}
