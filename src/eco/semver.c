/* semver.c: Semantic Versioning 2.0.0 parsing and precedence */
#include <stddef.h>
#include <string.h>

#include "eco/semver.h"
#include "util/banned.h"

/*
 * Versions longer than this are refused: npm's semver has the same cap, and
 * a registry never needs more.
 */
#define SEMVER_MAX_LEN	256

/* A parsed version: pointers into the caller's string, not copies. */
struct semver {
	const char	*num[3];	/* major, minor, patch */
	size_t		 numlen[3];
	const char	*pre;		/* after "-", or NULL */
	size_t		 prelen;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_ident(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '-';
}

/* Numeric identifier: "0" or [1-9][0-9]*; returns its length or 0. */
static size_t
scan_num(const char *p)
{
	size_t	 n = 0;

	while (is_digit((unsigned char)p[n]))
		n++;
	if (n > 1 && p[0] == '0')
		return 0;
	return n;
}

/*
 * Dot-separated identifiers up to the first character that is neither an
 * identifier character nor a dot. Each identifier is non-empty; with strict
 * set (pre-release), an all-digit identifier has no leading zero.
 * Returns the length scanned, or 0 if malformed.
 */
static size_t
scan_idents(const char *p, int strict)
{
	size_t	 n = 0, start;
	int	 alldigit;

	for (;;) {
		start = n;
		alldigit = 1;
		while (is_ident((unsigned char)p[n])) {
			if (!is_digit((unsigned char)p[n]))
				alldigit = 0;
			n++;
		}
		if (n == start)
			return 0;
		if (strict && alldigit && n - start > 1 && p[start] == '0')
			return 0;
		if (p[n] != '.')
			return n;
		n++;
	}
}

static int
semver_parse(const char *s, struct semver *v)
{
	const char	*p = s;
	size_t		 n;
	int		 i;

	if (s == NULL || strnlen(s, SEMVER_MAX_LEN + 1) > SEMVER_MAX_LEN)
		return -1;
	memset(v, 0, sizeof(*v));
	for (i = 0; i < 3; i++) {
		if ((n = scan_num(p)) == 0)
			return -1;
		v->num[i] = p;
		v->numlen[i] = n;
		p += n;
		if (i < 2 && *p++ != '.')
			return -1;
	}
	if (*p == '-') {
		p++;
		if ((n = scan_idents(p, 1)) == 0)
			return -1;
		v->pre = p;
		v->prelen = n;
		p += n;
	}
	if (*p == '+') {
		p++;
		if ((n = scan_idents(p, 0)) == 0)
			return -1;
		p += n;
	}
	return *p == '\0' ? 0 : -1;
}

int
semver_valid(const char *s)
{
	struct semver	 v;

	return semver_parse(s, &v) == 0;
}

int
semver_is_prerelease(const char *s)
{
	struct semver	 v;

	return semver_parse(s, &v) == 0 && v.pre != NULL;
}

static int
sign(int c)
{
	return (c > 0) - (c < 0);
}

/* Digit strings without leading zeros: longer is bigger, else lexical. */
static int
cmp_num(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return sign(memcmp(a, b, alen));
}

static int
all_digits(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)p[i]))
			return 0;
	return 1;
}

/* SemVer 2.0.0 section 11.4: identifier by identifier, left to right. */
static int
cmp_pre(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	 ai = 0, bi = 0, an, bn, m;
	int	 anum, bnum, c;

	while (ai < alen && bi < blen) {
		for (an = 0; ai + an < alen && a[ai + an] != '.'; an++)
			;
		for (bn = 0; bi + bn < blen && b[bi + bn] != '.'; bn++)
			;
		anum = all_digits(a + ai, an);
		bnum = all_digits(b + bi, bn);
		if (anum && bnum)
			c = cmp_num(a + ai, an, b + bi, bn);
		else if (anum)
			c = -1;
		else if (bnum)
			c = 1;
		else {
			m = an < bn ? an : bn;
			c = sign(memcmp(a + ai, b + bi, m));
			if (c == 0 && an != bn)
				c = an < bn ? -1 : 1;
		}
		if (c != 0)
			return c;
		ai += an + 1;
		bi += bn + 1;
	}
	/* A larger set of identifiers wins when all before are equal. */
	if (ai < alen)
		return 1;
	if (bi < blen)
		return -1;
	return 0;
}

int
semver_cmp(const char *a, const char *b)
{
	struct semver	 va, vb;
	int		 oka, okb, i, c;

	oka = semver_parse(a, &va) == 0;
	okb = semver_parse(b, &vb) == 0;
	if (!oka || !okb) {
		if (oka != okb)
			return oka ? 1 : -1;
		if (a == NULL || b == NULL)
			return (a != NULL) - (b != NULL);
		return sign(strcmp(a, b));
	}
	for (i = 0; i < 3; i++)
		if ((c = cmp_num(va.num[i], va.numlen[i],
		    vb.num[i], vb.numlen[i])) != 0)
			return c;
	if (va.pre == NULL || vb.pre == NULL)
		return (va.pre == NULL) - (vb.pre == NULL);
	return cmp_pre(va.pre, va.prelen, vb.pre, vb.prelen);
}
