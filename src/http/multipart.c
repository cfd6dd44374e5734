/* multipart.c: streaming multipart/form-data parser (RFC 7578, RFC 2046) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/multipart.h"
#include "util/banned.h"

/*
 * The delimiter is CRLF "--" boundary (RFC 2046 section 5.1.1). The parser
 * acts as if the body started with CRLF, so the first boundary line needs no
 * special case, and looks for the delimiter with Knuth-Morris-Pratt: the
 * bytes it holds back while a delimiter might be starting are always a prefix
 * of the pattern, so no input is ever buffered across feeds. Part data goes
 * out through a small fixed buffer that merges the pieces; headers collect in
 * a buffer of max_header bytes allocated once.
 *
 * Like Go's mime/multipart, "--boundary" counts as a delimiter only when
 * followed by '-', space, tab, CR or LF, so "--boundaryX" in a part is data.
 */
#define MP_BOUNDARY_MAX	70
#define MP_PAT_MAX	(4 + MP_BOUNDARY_MAX)
#define MP_OBUF		4096

#define OWS(c)		((c) == ' ' || (c) == '\t')

#define BAD_LINE	"malformed boundary line"
#define BAD_HEADER	"malformed part header"

enum mp_state {
	MP_PREAMBLE,	/* before the first boundary: discarded */
	MP_BODY,	/* in a part's data */
	MP_AFTER,	/* just past "--boundary" */
	MP_DASH,	/* past "--boundary-" */
	MP_PAD,		/* transport padding after the boundary */
	MP_LF,		/* CR seen at the end of a boundary line */
	MP_HDR,		/* in a part's header block */
	MP_EPILOGUE,	/* past the closing boundary: discarded */
	MP_ERROR
};

struct multipart {
	enum mp_state		 state;
	char			 pat[MP_PAT_MAX];
	unsigned char		 pi[MP_PAT_MAX];
	size_t			 plen;
	size_t			 j;	/* pattern bytes held back */
	struct mp_limits	 lim;
	struct mp_callbacks	 cb;
	void			*arg;
	size_t			 nparts;
	char			*hdr;	/* max_header + 1 bytes */
	size_t			 hlen;
	size_t			 linelen;
	int			 hcr;	/* CR just seen */
	size_t			 olen;
	const char		*err;
	int			 toobig;
	char			 obuf[MP_OBUF];
};

static int
mp_fail(struct multipart *mp, const char *msg, int toobig)
{
	if (mp->state != MP_ERROR) {
		mp->state = MP_ERROR;
		mp->err = msg;
		mp->toobig = toobig;
	}
	return -1;
}

static int
is_tchar(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c >= '0' && c <= '9')
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 2046 bchars: the characters a boundary may hold. */
static int
is_bchar(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c >= '0' && c <= '9')
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

int
multipart_boundary(const char *ct, const char **b, size_t *blen)
{
	static const char	 type[] = "multipart/form-data";
	const char		*p = ct, *name, *val, *found = NULL;
	size_t			 nlen, vlen, flen = 0, i;
	int			 quoted;

	*b = NULL;
	*blen = 0;
	while (OWS(*p))
		p++;
	if (strncasecmp(p, type, sizeof(type) - 1) != 0)
		return -1;
	p += sizeof(type) - 1;
	for (;;) {
		while (OWS(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p++ != ';')
			return -1;
		while (OWS(*p))
			p++;
		if (*p == '\0')
			break;
		for (name = p; is_tchar((unsigned char)*p); p++)
			continue;
		if ((nlen = (size_t)(p - name)) == 0)
			return -1;
		while (OWS(*p))
			p++;
		if (*p++ != '=')
			return -1;
		while (OWS(*p))
			p++;
		quoted = *p == '"';
		if (quoted) {
			/* No '"' or '\\' in a boundary: skip escapes. */
			val = ++p;
			while (*p != '"') {
				if (*p == '\0')
					return -1;
				if (*p == '\\' && p[1] != '\0')
					p++;
				p++;
			}
			vlen = (size_t)(p - val);
			p++;
		} else {
			for (val = p; is_tchar((unsigned char)*p) ||
			    (*p != '\0' && strchr("()/:=?,", *p) != NULL); p++)
				continue;
			vlen = (size_t)(p - val);
		}
		if (nlen != 8 || strncasecmp(name, "boundary", 8) != 0)
			continue;
		if (found != NULL)
			return -1;
		found = val;
		flen = vlen;
	}
	if (found == NULL || flen == 0 || flen > MP_BOUNDARY_MAX ||
	    found[flen - 1] == ' ')
		return -1;
	for (i = 0; i < flen; i++)
		if (!is_bchar((unsigned char)found[i]))
			return -1;
	*b = found;
	*blen = flen;
	return 0;
}

struct multipart *
multipart_new(const char *boundary, size_t blen, const struct mp_limits *lim,
    const struct mp_callbacks *cb, void *arg)
{
	struct multipart	*mp;
	size_t			 i, k;

	if (blen == 0 || blen > MP_BOUNDARY_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if ((mp = calloc(1, sizeof(*mp))) == NULL)
		return NULL;
	if (lim->max_header == (size_t)-1 ||
	    (mp->hdr = malloc(lim->max_header + 1)) == NULL) {
		free(mp);
		return NULL;
	}
	mp->lim = *lim;
	mp->cb = *cb;
	mp->arg = arg;
	memcpy(mp->pat, "\r\n--", 4);
	memcpy(mp->pat + 4, boundary, blen);
	mp->plen = 4 + blen;
	/* Prefix function: longest proper border of pat[0..i]. */
	mp->pi[0] = 0;
	for (i = 1, k = 0; i < mp->plen; i++) {
		while (k > 0 && mp->pat[i] != mp->pat[k])
			k = mp->pi[k - 1];
		if (mp->pat[i] == mp->pat[k])
			k++;
		mp->pi[i] = (unsigned char)k;
	}
	mp->state = MP_PREAMBLE;
	mp->j = 2;	/* the CRLF the body is taken to start with */
	return mp;
}

static int
mp_flush(struct multipart *mp)
{
	size_t	 n = mp->olen;

	mp->olen = 0;
	if (n > 0 && mp->cb.data != NULL && mp->cb.data(mp->arg, mp->obuf, n))
		return mp_fail(mp, "aborted", 0);
	return 0;
}

/* Part data out, merged in obuf; the preamble goes nowhere. */
static int
mp_emit(struct multipart *mp, const char *p, size_t n)
{
	if (mp->state != MP_BODY || n == 0)
		return 0;
	if (n <= MP_OBUF - mp->olen) {
		memcpy(mp->obuf + mp->olen, p, n);
		mp->olen += n;
		return 0;
	}
	if (mp_flush(mp) == -1)
		return -1;
	if (n < MP_OBUF / 2) {
		memcpy(mp->obuf, p, n);
		mp->olen = n;
		return 0;
	}
	if (mp->cb.data != NULL && mp->cb.data(mp->arg, p, n))
		return mp_fail(mp, "aborted", 0);
	return 0;
}

/*
 * Scan preamble or part data for the delimiter. Returns -1 on failure, else
 * sets *used to the bytes consumed: all of them, or those before the byte
 * that confirmed a delimiter (the state is then MP_AFTER).
 */
static int
mp_scan(struct multipart *mp, const char *p, size_t n, size_t *used)
{
	const char	*cr;
	size_t		 i = 0, k;
	char		 c;

	while (i < n) {
		if (mp->j == 0) {
			cr = memchr(p + i, '\r', n - i);
			k = cr ? (size_t)(cr - (p + i)) : n - i;
			if (mp_emit(mp, p + i, k) == -1)
				return -1;
			i += k;
			if (cr != NULL) {
				mp->j = 1;
				i++;
			}
			continue;
		}
		c = p[i];
		if (mp->j == mp->plen) {
			if (c == '-' || OWS(c) || c == '\r' || c == '\n') {
				if (mp_flush(mp) == -1)
					return -1;
				if (mp->state == MP_BODY &&
				    mp->cb.end != NULL && mp->cb.end(mp->arg))
					return mp_fail(mp, "aborted", 0);
				mp->j = 0;
				mp->state = MP_AFTER;
				*used = i;
				return 0;
			}
			k = mp->pi[mp->plen - 1];
			if (mp_emit(mp, mp->pat, mp->plen - k) == -1)
				return -1;
			mp->j = k;
		}
		while (mp->j > 0 && mp->pat[mp->j] != c) {
			k = mp->pi[mp->j - 1];
			if (mp_emit(mp, mp->pat, mp->j - k) == -1)
				return -1;
			mp->j = k;
		}
		if (mp->pat[mp->j] == c)
			mp->j++;
		else if (mp_emit(mp, p + i, 1) == -1)
			return -1;
		i++;
	}
	*used = n;
	return 0;
}

/*
 * Parse Content-Disposition in place: form-data, then parameters whose values
 * are tokens or quoted strings. In a quoted string a backslash escapes only
 * '"' and '\\'; before anything else it stays, so the unescaped Windows paths
 * old browsers send ("C:\dir\f.txt") survive.
 */
static int
mp_disposition(char *p, struct mp_part *part)
{
	char	*name, *nend, *val, *out, *e;
	int	 semi = 0;

	for (name = p; *p != '\0' && *p != ';' && !OWS(*p); p++)
		continue;
	if (p - name != 9 || strncasecmp(name, "form-data", 9) != 0)
		return -1;
	for (;;) {
		if (!semi) {
			while (OWS(*p))
				p++;
			if (*p == '\0')
				break;
			if (*p != ';')
				return -1;
			p++;
		}
		semi = 0;
		while (OWS(*p))
			p++;
		if (*p == '\0')
			break;
		for (name = p; is_tchar((unsigned char)*p); p++)
			continue;
		if (p == name)
			return -1;
		nend = p;
		while (OWS(*p))
			p++;
		if (*p != '=')
			return -1;
		p++;
		*nend = '\0';
		while (OWS(*p))
			p++;
		if (*p == '"') {
			val = out = p++;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '\\' &&
				    (p[1] == '"' || p[1] == '\\')) {
					*out++ = p[1];
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else
					*out++ = *p++;
			}
			*out = '\0';
		} else {
			for (val = p; *p != '\0' && *p != ';'; p++)
				if (*p == '"')
					return -1;
			for (e = p; e > val && OWS(e[-1]); e--)
				continue;
			if (e == p && *p == ';') {
				*p++ = '\0';
				semi = 1;
			} else
				*e = '\0';
		}
		if (strcasecmp(name, "name") == 0) {
			if (part->name != NULL)
				return -1;
			part->name = val;
		} else if (strcasecmp(name, "filename") == 0) {
			if (part->filename != NULL)
				return -1;
			part->filename = val;
		}
	}
	return 0;
}

/* The header block is complete: unfold, split, parse, call begin. */
static int
mp_headers(struct multipart *mp)
{
	struct mp_part	 part;
	char		*h = mp->hdr, *line, *next, *colon, *val, *e;
	size_t		 i;
	int		 have_cd = 0;

	memset(&part, 0, sizeof(part));
	h[mp->hlen] = '\0';
	if (mp->hlen > 0 && OWS(h[0]))
		return mp_fail(mp, BAD_HEADER, 0);
	for (i = 0; i + 1 < mp->hlen; i++)
		if (h[i] == '\n' && OWS(h[i + 1]))
			h[i] = ' ';
	for (line = h; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			return mp_fail(mp, BAD_HEADER, 0);
		*next++ = '\0';
		if ((colon = strchr(line, ':')) == NULL || colon == line)
			return mp_fail(mp, BAD_HEADER, 0);
		*colon = '\0';
		for (val = line; *val != '\0'; val++)
			if (!is_tchar((unsigned char)*val))
				return mp_fail(mp, BAD_HEADER, 0);
		for (val = colon + 1; OWS(*val); val++)
			continue;
		for (e = val + strlen(val); e > val && OWS(e[-1]); e--)
			continue;
		*e = '\0';
		if (strcasecmp(line, "content-disposition") == 0) {
			if (have_cd++ || mp_disposition(val, &part) == -1)
				return mp_fail(mp, BAD_HEADER, 0);
		} else if (strcasecmp(line, "content-type") == 0) {
			if (part.content_type != NULL)
				return mp_fail(mp, BAD_HEADER, 0);
			part.content_type = val;
		}
	}
	if (part.name == NULL || *part.name == '\0')
		return mp_fail(mp, "missing part name", 0);
	if (mp->cb.begin != NULL && mp->cb.begin(mp->arg, &part))
		return mp_fail(mp, "aborted", 0);
	mp->state = MP_BODY;
	mp->j = 0;
	return 0;
}

/*
 * One byte of a header block. CRs are dropped and each line ends in '\n',
 * so the buffer holds what is counted against max_header; a bare CR or LF,
 * or a control byte, is malformed.
 */
static int
mp_hdr_byte(struct multipart *mp, unsigned char c)
{
	if (mp->hcr) {
		if (c != '\n')
			return mp_fail(mp, BAD_HEADER, 0);
		mp->hcr = 0;
		if (mp->linelen == 0)
			return mp_headers(mp);
		c = '\n';
		mp->linelen = 0;
	} else if (c == '\r') {
		mp->hcr = 1;
		return 0;
	} else if ((c < 0x20 && c != '\t') || c == 0x7f)
		return mp_fail(mp, BAD_HEADER, 0);
	else
		mp->linelen++;
	if (mp->hlen >= mp->lim.max_header)
		return mp_fail(mp, "part header too large", 1);
	mp->hdr[mp->hlen++] = (char)c;
	return 0;
}

int
multipart_feed(struct multipart *mp, const char *p, size_t len)
{
	size_t	 i = 0, used;
	char	 c;

	if (mp->state == MP_ERROR)
		return -1;
	while (i < len) {
		switch (mp->state) {
		case MP_PREAMBLE:
		case MP_BODY:
			if (mp_scan(mp, p + i, len - i, &used) == -1)
				return -1;
			i += used;
			continue;
		case MP_EPILOGUE:
			i = len;
			continue;
		case MP_ERROR:
			return -1;
		default:
			break;
		}
		c = p[i++];
		switch (mp->state) {
		case MP_AFTER:
			if (c == '-')
				mp->state = MP_DASH;
			else if (OWS(c))
				mp->state = MP_PAD;
			else if (c == '\r')
				mp->state = MP_LF;
			else
				return mp_fail(mp, BAD_LINE, 0);
			break;
		case MP_DASH:
			if (c != '-')
				return mp_fail(mp, BAD_LINE, 0);
			mp->state = MP_EPILOGUE;
			break;
		case MP_PAD:
			if (c == '\r')
				mp->state = MP_LF;
			else if (!OWS(c))
				return mp_fail(mp, BAD_LINE, 0);
			break;
		case MP_LF:
			if (c != '\n')
				return mp_fail(mp, BAD_LINE, 0);
			if (mp->nparts >= mp->lim.max_parts)
				return mp_fail(mp, "too many parts", 1);
			mp->nparts++;
			mp->hlen = mp->linelen = 0;
			mp->hcr = 0;
			mp->state = MP_HDR;
			break;
		case MP_HDR:
			if (mp_hdr_byte(mp, (unsigned char)c) == -1)
				return -1;
			break;
		default:
			return mp_fail(mp, "internal error", 0);
		}
	}
	return mp_flush(mp);
}

int
multipart_finish(struct multipart *mp)
{
	if (mp->state == MP_EPILOGUE)
		return 0;
	return mp_fail(mp, "unexpected end of body", 0);
}

const char *
multipart_error(const struct multipart *mp)
{
	return mp->err ? mp->err : "";
}

int
multipart_toobig(const struct multipart *mp)
{
	return mp->state == MP_ERROR && mp->toobig;
}

void
multipart_free(struct multipart *mp)
{
	if (mp == NULL)
		return;
	free(mp->hdr);
	free(mp);
}
