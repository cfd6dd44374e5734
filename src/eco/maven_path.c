/* maven_path.c: maven2 layout paths, artifact file names and checksum files */
#include <string.h>

#include "eco/maven.h"
#include "util/banned.h"

static const struct {
	const char	*ext;
	size_t		 hexlen;
} sums[MS__MAX] = {
	[MS_NONE] = { "", 0 },
	[MS_MD5] = { "md5", 32 },
	[MS_SHA1] = { "sha1", 40 },
	[MS_SHA256] = { "sha256", 64 },
	[MS_SHA512] = { "sha512", 128 },
};

#define SNAPSHOT	"-SNAPSHOT"
#define SNAPSHOT_LEN	(sizeof(SNAPSHOT) - 1)
#define METADATA	"maven-metadata.xml"

const char *
maven_sum_ext(enum maven_sum s)
{
	return s < MS__MAX ? sums[s].ext : "";
}

size_t
maven_sum_hexlen(enum maven_sum s)
{
	return s < MS__MAX ? sums[s].hexlen : 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_word(int c)
{
	return is_digit(c) || is_alpha(c) || c == '_' || c == '-';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The checksum whose suffix ends name[0..len), or MS_NONE. */
static enum maven_sum
sum_suffix(const char *name, size_t len)
{
	size_t	 i, n;

	for (i = MS_MD5; i < MS__MAX; i++) {
		n = strlen(sums[i].ext);
		if (len > n + 1 && name[len - n - 1] == '.' &&
		    memcmp(name + len - n, sums[i].ext, n) == 0)
			return (enum maven_sum)i;
	}
	return MS_NONE;
}

/* '.'-separated runs of [A-Za-z0-9_-], the first starting with a letter. */
static int
valid_extension(const char *e)
{
	size_t	 run = 0;

	if (!is_alpha((unsigned char)*e))
		return 0;
	for (; *e; e++) {
		if (*e == '.') {
			if (run == 0)
				return 0;
			run = 0;
		} else if (is_word((unsigned char)*e))
			run++;
		else
			return 0;
	}
	return run > 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* "yyyyMMdd.HHmmss-N": its length (N at most 9 digits) or 0. */
static size_t
scan_build(const char *p, unsigned *build)
{
	size_t	 i, n;

	for (i = 0; i < 15; i++)
		if (i == 8 ? p[i] != '.' : !is_digit((unsigned char)p[i]))
			return 0;
	if (p[15] != '-' || !is_digit((unsigned char)p[16]))
		return 0;
	*build = 0;
	for (n = 16; is_digit((unsigned char)p[n]) && n < 16 + 9; n++)
		*build = *build * 10 + (unsigned)(p[n] - '0');
	if (is_digit((unsigned char)p[n]))
		return 0;
	return n;
}

int
maven_file_parse(struct arena *a, const char *artifact, const char *version,
    const char *filename, char **classifier, char **extension,
    char **timestamp, unsigned *build)
{
	const char	*r, *dot;
	size_t		 alen = strlen(artifact), vlen = strlen(version), n;

	*classifier = *extension = *timestamp = NULL;
	*build = 0;
	if (strncmp(filename, artifact, alen) != 0 || filename[alen] != '-')
		return -1;
	r = filename + alen + 1;
	if (strncmp(r, version, vlen) == 0 &&
	    (r[vlen] == '.' || r[vlen] == '-'))
		r += vlen;
	else if (ends_with(version, SNAPSHOT) && vlen > SNAPSHOT_LEN &&
	    strncmp(r, version, vlen - SNAPSHOT_LEN + 1) == 0 &&
	    (n = scan_build(r + vlen - SNAPSHOT_LEN + 1, build)) > 0) {
		r += vlen - SNAPSHOT_LEN + 1;
		if ((*timestamp = arena_strndup(a, r, 15)) == NULL)
			return -1;
		r += n;
	} else
		return -1;
	if (*r == '-') {
		r++;
		if ((dot = strchr(r, '.')) == NULL || dot == r)
			return -1;
		for (n = 0; r + n < dot; n++)
			if (!is_word((unsigned char)r[n]))
				return -1;
		if ((*classifier = arena_strndup(a, r, n)) == NULL)
			return -1;
		r = dot;
	}
	if (*r != '.' || !valid_extension(r + 1))
		return -1;
	if ((*extension = arena_strdup(a, r + 1)) == NULL)
		return -1;
	return 0;
}

/* One path segment: non-empty, bounded, safe characters, no leading '.'. */
static int
valid_segment(const char *s, size_t len, int group)
{
	size_t	 i;

	if (len == 0 || len > MAVEN_SEG_MAX || s[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (is_word((unsigned char)s[i]) || s[i] == '+')
			continue;
		if (s[i] == '.' && !group)
			continue;
		return 0;
	}
	return 1;
}

/* Why valid_segment refused s[0..len). */
static const char *
segment_why(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0)
		return "empty path segment";
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' &&
	    s[1] == '.'))
		return "'.' or '..' in the path";
	if (len > MAVEN_SEG_MAX)
		return "path segment is too long";
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "control character in the path";
	if (s[0] == '.')
		return "path segment starts with '.'";
	return "path segment has a character other than letters, digits, "
	    "'.', '_', '-' and '+'";
}

int
maven_path_parse(struct arena *a, const char *p, size_t len,
    struct maven_path *out, const char **why)
{
	const char	*seg[MAVEN_SEGS_MAX];
	size_t		 seglen[MAVEN_SEGS_MAX];
	size_t		 nseg = 0, i, start, ngroup, flen;
	struct buf	 g;
	char		*file;

	memset(out, 0, sizeof(*out));
	*why = "malformed path";
	if (len == 0 || len > MAVEN_PATH_MAX) {
		*why = len ? "path is too long" : "empty path";
		return -1;
	}
	for (i = 0, start = 0; i <= len; i++) {
		if (i < len && p[i] != '/')
			continue;
		if (nseg == MAVEN_SEGS_MAX) {
			*why = "path has too many segments";
			return -1;
		}
		seg[nseg] = p + start;
		seglen[nseg] = i - start;
		if (!valid_segment(seg[nseg], seglen[nseg], 0)) {
			*why = segment_why(seg[nseg], seglen[nseg]);
			return -1;
		}
		nseg++;
		start = i + 1;
	}

	/* Checksum suffix, then what it is the checksum of. */
	flen = seglen[nseg - 1];
	out->sum = sum_suffix(seg[nseg - 1], flen);
	if (out->sum != MS_NONE) {
		flen -= strlen(sums[out->sum].ext) + 1;
		if (sum_suffix(seg[nseg - 1], flen) != MS_NONE) {
			*why = "checksum of a checksum";
			return -1;
		}
	}
	if ((file = out->filename = arena_strndup(a, seg[nseg - 1], flen)) ==
	    NULL)
		return -1;

	if (strcmp(file, METADATA) == 0) {
		if (nseg >= 4 && seglen[nseg - 2] > SNAPSHOT_LEN &&
		    memcmp(seg[nseg - 2] + seglen[nseg - 2] - SNAPSHOT_LEN,
		    SNAPSHOT, SNAPSHOT_LEN) == 0) {
			out->kind = MK_META_VERSION;
			ngroup = nseg - 3;
		} else {
			out->kind = MK_META_ARTIFACT;
			ngroup = nseg - 2;
		}
	} else {
		out->kind = MK_FILE;
		ngroup = nseg >= 3 ? nseg - 3 : 0;
	}
	if (ngroup == 0 || ngroup + 1 >= nseg) {
		*why = "path has no groupId, artifactId and version";
		return 1;
	}
	buf_init(&g, MAVEN_PATH_MAX);
	for (i = 0; i < ngroup; i++) {
		if (!valid_segment(seg[i], seglen[i], 1)) {
			buf_release(&g);
			*why = "groupId path segment with a '.'";
			return -1;
		}
		if ((i && buf_addch(&g, '.') == -1) ||
		    buf_add(&g, seg[i], seglen[i]) == -1) {
			buf_release(&g);
			return -1;
		}
	}
	out->group = arena_strndup(a, g.data, g.len);
	buf_release(&g);
	out->artifact = arena_strndup(a, seg[ngroup], seglen[ngroup]);
	if (out->group == NULL || out->artifact == NULL)
		return -1;
	out->name = arena_strfmt(a, "%s:%s", out->group, out->artifact);
	if (out->name == NULL)
		return -1;
	if (out->kind == MK_META_ARTIFACT)
		return 0;
	out->version = arena_strndup(a, seg[ngroup + 1], seglen[ngroup + 1]);
	if (out->version == NULL)
		return -1;
	out->snapshot = ends_with(out->version, SNAPSHOT) &&
	    strlen(out->version) > SNAPSHOT_LEN;
	if (out->kind == MK_META_VERSION)
		return 0;
	if (maven_file_parse(a, out->artifact, out->version, file,
	    &out->classifier, &out->extension, &out->timestamp,
	    &out->build) == -1) {
		*why = "file name is not {artifactId}-{version}"
		    "[-{classifier}].{extension} for its folder";
		return 1;
	}
	return 0;
}

int
maven_checksum_parse(const char *p, size_t len, enum maven_sum s, char *out)
{
	size_t	 i = 0, n, want = maven_sum_hexlen(s);

	if (want == 0 || len > 1024)
		return -1;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	for (n = 0; i + n < len && is_hex((unsigned char)p[i + n]); n++)
		if (n < want)
			out[n] = (p[i + n] >= 'A' && p[i + n] <= 'F') ?
			    (char)(p[i + n] - 'A' + 'a') : p[i + n];
	if (n != want)
		return -1;
	i += n;
	out[n] = '\0';
	/* Then nothing, or white space and anything printable (a name). */
	if (i < len && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
	    p[i] != '\n')
		return -1;
	for (; i < len; i++)
		if ((unsigned char)p[i] < 0x20 && p[i] != ' ' &&
		    p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return -1;
	return 0;
}
