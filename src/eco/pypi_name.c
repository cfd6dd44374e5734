/* pypi_name.c: PyPI project names, versions, file names and content negotiation */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eco/pypi.h"
#include "util/banned.h"

#define PYPI_DIGITS_MAX	18	/* digits of one number in a version */
#define PYPI_RANGES_MAX	64	/* media ranges read from Accept */

static int
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
namesep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

int
pypi_name_valid(const char *p, size_t len)
{
	size_t	 i;

	if (len == 0 || len > PYPI_NAME_MAX || !alnum((unsigned char)p[0]) ||
	    !alnum((unsigned char)p[len - 1]))
		return 0;
	for (i = 0; i < len; i++)
		if (!alnum((unsigned char)p[i]) && !namesep(p[i]))
			return 0;
	return 1;
}

char *
pypi_name_normalize(struct arena *a, const char *name)
{
	size_t	 i, n = 0, len = strlen(name);
	char	*out;

	if ((out = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (namesep(name[i])) {
			if (n == 0 || out[n - 1] != '-')
				out[n++] = '-';
			continue;
		}
		out[n++] = (char)tolower((unsigned char)name[i]);
	}
	out[n] = '\0';
	return out;
}

/*
 * Versions: a small recursive-descent reading of the PEP 440 grammar (the
 * "packaging" regular expression), writing the normalized form as it goes.
 */
struct vscan {
	const char	*p;
	size_t		 len;
	size_t		 pos;
	char		*out;
	size_t		 outsz;
	size_t		 n;
	int		 overflow;
};

static int
vs_peek(const struct vscan *v, size_t off)
{
	if (v->pos + off >= v->len)
		return -1;
	return tolower((unsigned char)v->p[v->pos + off]);
}

static void
vs_put(struct vscan *v, const char *s, size_t n)
{
	if (v->n + n + 1 > v->outsz) {
		v->overflow = 1;
		return;
	}
	memcpy(v->out + v->n, s, n);
	v->n += n;
	v->out[v->n] = '\0';
}

static int
vs_digit(const struct vscan *v, size_t off)
{
	int	 c = vs_peek(v, off);

	return c >= '0' && c <= '9';
}

static int
vs_sep(const struct vscan *v, size_t off)
{
	int	 c = vs_peek(v, off);

	return c == '-' || c == '_' || c == '.';
}

/* Does the text at pos+off start with word (lower case)? */
static int
vs_word(const struct vscan *v, size_t off, const char *word)
{
	size_t	 i, n = strlen(word);

	for (i = 0; i < n; i++)
		if (vs_peek(v, off + i) != word[i])
			return 0;
	return 1;
}

/*
 * A number: write it without leading zeros ("0" for all zeros). -1 if
 * there is none or it has too many digits.
 */
static int
vs_number(struct vscan *v, int write)
{
	size_t	 start = v->pos, n;

	while (vs_digit(v, 0))
		v->pos++;
	n = v->pos - start;
	if (n == 0 || n > PYPI_DIGITS_MAX)
		return -1;
	while (n > 1 && v->p[start] == '0') {
		start++;
		n--;
	}
	if (write)
		vs_put(v, v->p + start, n);
	return 0;
}

/* The longest of the labels at pos+off: its length, and *which. */
static size_t
vs_label(const struct vscan *v, size_t off, const char *const *labels,
    size_t nlabels, size_t *which)
{
	size_t	 i, best = 0, n;

	for (i = 0; i < nlabels; i++) {
		n = strlen(labels[i]);
		if (n > best && vs_word(v, off, labels[i])) {
			best = n;
			*which = i;
		}
	}
	return best;
}

/*
 * "[sep] label [sep] [N]": the trailing separator belongs to the part only
 * when a number follows it. Writes prefix (or the normalized label) then
 * the number (0 when absent). 0 if matched, 1 if not there, -1 on error.
 */
static int
vs_labelled(struct vscan *v, const char *const *labels, const char *const *norm,
    size_t nlabels, const char *prefix)
{
	size_t	 off = 0, n, which = 0;

	if (vs_sep(v, 0))
		off = 1;
	if ((n = vs_label(v, off, labels, nlabels, &which)) == 0)
		return 1;
	v->pos += off + n;
	vs_put(v, prefix ? prefix : norm[which],
	    strlen(prefix ? prefix : norm[which]));
	if (vs_sep(v, 0) && vs_digit(v, 1))
		v->pos++;
	if (vs_digit(v, 0))
		return vs_number(v, 1);
	vs_put(v, "0", 1);
	return 0;
}

static const char *const pre_labels[] = {
	"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"
};
static const char *const pre_norm[] = {
	"a", "a", "b", "b", "rc", "rc", "rc", "rc"
};
static const char *const post_labels[] = { "post", "rev", "r" };
static const char *const dev_labels[] = { "dev" };

int
pypi_version_normalize(const char *p, size_t len, char *out, size_t outsz)
{
	struct vscan	 v;
	size_t		 save, start;
	int		 c;
	char		 lc;

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	if (len == 0 || len > PYPI_VERSION_MAX || memchr(p, '\0', len))
		return -1;
	memset(&v, 0, sizeof(v));
	v.p = p;
	v.len = len;
	v.out = out;
	v.outsz = outsz;
	if (vs_peek(&v, 0) == 'v')
		v.pos++;
	/* Epoch: digits then '!'; dropped when 0. */
	save = v.pos;
	while (vs_digit(&v, 0))
		v.pos++;
	if (v.pos > save && vs_peek(&v, 0) == '!') {
		v.pos = save;
		start = v.n;
		if (vs_number(&v, 1) == -1)
			return -1;
		if (strcmp(out + start, "0") == 0) {
			v.n = start;
			out[start] = '\0';
		} else
			vs_put(&v, "!", 1);
		v.pos++;
	} else
		v.pos = save;
	/* Release: N(.N)* */
	if (vs_number(&v, 1) == -1)
		return -1;
	while (vs_peek(&v, 0) == '.' && vs_digit(&v, 1)) {
		v.pos++;
		vs_put(&v, ".", 1);
		if (vs_number(&v, 1) == -1)
			return -1;
	}
	/* Pre-release. */
	if (vs_labelled(&v, pre_labels, pre_norm, 8, NULL) == -1)
		return -1;
	/* Post-release: "-N", or [sep] post|rev|r [sep] [N]. */
	if (vs_peek(&v, 0) == '-' && vs_digit(&v, 1)) {
		v.pos++;
		vs_put(&v, ".post", 5);
		if (vs_number(&v, 1) == -1)
			return -1;
	} else if (vs_labelled(&v, post_labels, NULL, 3, ".post") == -1)
		return -1;
	/* Development release. */
	if (vs_labelled(&v, dev_labels, NULL, 1, ".dev") == -1)
		return -1;
	/* Local version: +seg([-_.]seg)*, separators become '.'. */
	if (vs_peek(&v, 0) == '+') {
		v.pos++;
		vs_put(&v, "+", 1);
		for (;;) {
			save = v.pos;
			while (v.pos < v.len && alnum((unsigned char)p[v.pos]))
				v.pos++;
			if (v.pos == save)
				return -1;
			/* Numeric segments lose their leading zeros. */
			for (start = save; start < v.pos &&
			    isdigit((unsigned char)p[start]); start++)
				;
			if (start == v.pos) {
				v.pos = save;
				if (vs_number(&v, 1) == -1)
					return -1;
			} else
				for (; save < v.pos; save++) {
					c = tolower((unsigned char)p[save]);
					lc = (char)c;
					vs_put(&v, &lc, 1);
				}
			if (!vs_sep(&v, 0))
				break;
			v.pos++;
			vs_put(&v, ".", 1);
		}
	}
	/* The normalized form is a valid input too (it is stored). */
	if (v.pos != v.len || v.overflow || v.n > PYPI_VERSION_MAX)
		return -1;
	return 0;
}

/*
 * File names.
 */

static int
fn_char(int c)
{
	return alnum(c) || c == '.' || c == '_' || c == '+' || c == '!' ||
	    c == '-';
}

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix);

	return len > n && memcmp(s + len - n, suffix, n) == 0;
}

int
pypi_filename_parse(struct arena *a, const char *file,
    struct pypi_filename *out, const char **why)
{
	char		*parts[7], *stem, *s;
	size_t		 len = strlen(file), i, n = 0;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (len == 0 || len > PYPI_FILENAME_MAX) {
		*why = "file name is empty or too long";
		return -1;
	}
	for (i = 0; i < len; i++)
		if (!fn_char((unsigned char)file[i])) {
			*why = "file name may hold only ASCII letters, digits "
			    "and ._+!-";
			return -1;
		}
	if (file[0] == '.' || file[0] == '-') {
		*why = "file name starts with '.' or '-'";
		return -1;
	}
	if (ends_with(file, len, ".whl"))
		out->kind = PYPI_WHEEL;
	else if (ends_with(file, len, ".tar.gz"))
		out->kind = PYPI_SDIST_TGZ;
	else if (ends_with(file, len, ".zip"))
		out->kind = PYPI_SDIST_ZIP;
	else {
		*why = "not a wheel (.whl) or sdist (.tar.gz, .zip) file name";
		return -1;
	}
	len -= out->kind == PYPI_WHEEL ? 4 : out->kind == PYPI_SDIST_TGZ ?
	    7 : 4;
	if ((stem = arena_strndup(a, file, len)) == NULL ||
	    (s = arena_strndup(a, file, len)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	out->stem = stem;
	if (out->kind != PYPI_WHEEL) {
		s = strrchr(stem, '-');
		if (s == NULL || s == stem || s[1] == '\0') {
			*why = "sdist file name is not name-version.ext";
			return -1;
		}
		return 0;
	}
	/* name-version[-build]-python-abi-platform */
	parts[n++] = s;
	for (; *s != '\0'; s++)
		if (*s == '-') {
			if (n == 7)
				break;
			*s = '\0';
			parts[n++] = s + 1;
		}
	for (i = 0; i < n; i++)
		if (parts[i][0] == '\0')
			break;
	if ((n != 5 && n != 6) || i != n) {
		*why = "wheel file name is not "
		    "name-version[-build]-python-abi-platform.whl";
		return -1;
	}
	out->name = parts[0];
	out->version = parts[1];
	if (n == 6) {
		if (!isdigit((unsigned char)parts[2][0])) {
			*why = "wheel build tag does not start with a digit";
			return -1;
		}
		out->build = parts[2];
	}
	out->python = parts[n - 3];
	out->abi = parts[n - 2];
	out->platform = parts[n - 1];
	return 0;
}

/* Does p[0..len) name norm_name at version norm_version? */
static int
fn_pair_matches(struct arena *a, const char *name, size_t nlen,
    const char *version, size_t vlen, const char *norm_name,
    const char *norm_version)
{
	char	 v[PYPI_VERSION_BUF], *n, *nn;

	if (!pypi_name_valid(name, nlen) ||
	    pypi_version_normalize(version, vlen, v, sizeof(v)) == -1 ||
	    strcmp(v, norm_version) != 0)
		return 0;
	if ((n = arena_strndup(a, name, nlen)) == NULL ||
	    (nn = pypi_name_normalize(a, n)) == NULL)
		return 0;
	return strcmp(nn, norm_name) == 0;
}

int
pypi_filename_matches(struct arena *a, const struct pypi_filename *fn,
    const char *norm_name, const char *norm_version)
{
	const char	*s;
	size_t		 len;

	if (fn->kind == PYPI_WHEEL)
		return fn_pair_matches(a, fn->name, strlen(fn->name),
		    fn->version, strlen(fn->version), norm_name, norm_version);
	len = strlen(fn->stem);
	for (s = fn->stem; (s = strchr(s, '-')) != NULL; s++)
		if (fn_pair_matches(a, fn->stem, (size_t)(s - fn->stem), s + 1,
		    len - (size_t)(s - fn->stem) - 1, norm_name, norm_version))
			return 1;
	return 0;
}

/*
 * Content negotiation.
 */

static const char *const fmt_types[PYPI_FMT__MAX] = {
	[PYPI_FMT_HTML] = "text/html",
	[PYPI_FMT_HTML_V1] = "application/vnd.pypi.simple.v1+html",
	[PYPI_FMT_JSON_V1] = "application/vnd.pypi.simple.v1+json",
	[PYPI_FMT_NONE] = "text/html",
};

/* The "latest" aliases PEP 691 defines. */
static const char *const fmt_latest[PYPI_FMT__MAX] = {
	[PYPI_FMT_HTML] = NULL,
	[PYPI_FMT_HTML_V1] = "application/vnd.pypi.simple.latest+html",
	[PYPI_FMT_JSON_V1] = "application/vnd.pypi.simple.latest+json",
	[PYPI_FMT_NONE] = NULL,
};

const char *
pypi_format_type(enum pypi_format f)
{
	if (f == PYPI_FMT_HTML || f == PYPI_FMT_NONE || f >= PYPI_FMT__MAX)
		return "text/html; charset=utf-8";
	return fmt_types[f];
}

static int
ows(int c)
{
	return c == ' ' || c == '\t';
}

/* "q=0.5" (case-insensitive name): the value in thousandths, or -1. */
static int
qvalue(const char *p, size_t len)
{
	size_t	 i = 0;
	int	 q, digits;

	if (len < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return -1;
	p += 2;
	len -= 2;
	if (p[0] != '0' && p[0] != '1')
		return -1;
	q = (p[0] - '0') * 1000;
	i = 1;
	if (i < len && p[i] == '.') {
		for (i++, digits = 0; i < len && digits < 3 &&
		    isdigit((unsigned char)p[i]); i++, digits++)
			q += (p[i] - '0') * (digits == 0 ? 100 :
			    digits == 1 ? 10 : 1);
	}
	if (i != len || q > 1000)
		return -1;
	return q;
}

/* How specifically range (type/subtype) matches t: 3 exact, 2, 1, 0. */
static int
range_match(const char *range, size_t rlen, const char *t)
{
	const char	*slash = strchr(t, '/');
	size_t		 tl = (size_t)(slash - t);

	if (rlen == strlen(t) && strncasecmp(range, t, rlen) == 0)
		return 3;
	if (rlen == tl + 2 && strncasecmp(range, t, tl + 1) == 0 &&
	    range[tl + 1] == '*')
		return 2;
	if (rlen == 3 && memcmp(range, "*/*", 3) == 0)
		return 1;
	return 0;
}

enum pypi_format
pypi_negotiate(const char *accept, size_t len)
{
	int		 spec[PYPI_FMT_NONE], q[PYPI_FMT_NONE];
	const char	*p, *end, *r, *rend, *par, *pend;
	size_t		 nranges = 0;
	int		 f, s, rq, best = -1, bestq = 0, any = 0;

	if (accept == NULL)
		return PYPI_FMT_HTML;
	if (len > PYPI_ACCEPT_MAX)
		len = PYPI_ACCEPT_MAX;
	for (f = 0; f < PYPI_FMT_NONE; f++) {
		spec[f] = 0;
		q[f] = 0;
	}
	p = accept;
	end = accept + len;
	while (p < end && nranges < PYPI_RANGES_MAX) {
		while (p < end && (ows(*p) || *p == ','))
			p++;
		if (p >= end)
			break;
		rend = memchr(p, ',', (size_t)(end - p));
		if (rend == NULL)
			rend = end;
		nranges++;
		any = 1;
		/* media range, then ;param=value ... */
		r = p;
		for (par = r; par < rend && *par != ';' && !ows(*par); par++)
			;
		rq = 1000;
		for (pend = par; pend < rend; ) {
			while (pend < rend && (ows(*pend) || *pend == ';'))
				pend++;
			p = pend;
			while (pend < rend && *pend != ';' && !ows(*pend))
				pend++;
			if (pend > p && qvalue(p, (size_t)(pend - p)) >= 0)
				rq = qvalue(p, (size_t)(pend - p));
		}
		for (f = 0; f < PYPI_FMT_NONE; f++) {
			s = range_match(r, (size_t)(par - r), fmt_types[f]);
			if (fmt_latest[f] && range_match(r, (size_t)(par - r),
			    fmt_latest[f]) == 3)
				s = 3;
			if (s > spec[f]) {
				spec[f] = s;
				q[f] = rq;
			}
		}
		p = rend;
	}
	if (!any)
		return PYPI_FMT_HTML;
	/* Ties: JSON, then the v1 HTML type, then text/html. */
	for (f = PYPI_FMT_NONE - 1; f >= 0; f--)
		if (spec[f] > 0 && q[f] > bestq) {
			best = f;
			bestq = q[f];
		}
	if (best == -1)
		return PYPI_FMT_NONE;
	/* A wildcard alone means "anything": the default, HTML. */
	if (spec[best] < 3 && spec[PYPI_FMT_HTML] > 0 &&
	    q[PYPI_FMT_HTML] == bestq)
		return PYPI_FMT_HTML;
	return (enum pypi_format)best;
}
