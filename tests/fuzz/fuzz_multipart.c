/* fuzz_multipart.c: the streaming multipart parser, fed in random chunks */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Input: the first line is a Content-Type value (its boundary is used) or,
 * when that does not parse, the boundary itself; the rest is the body. The
 * body is parsed twice, once whole and once in chunks of 1 to 16 bytes whose
 * sizes come from the data, and both runs must agree: same result, same
 * message, same events. Events are folded into a hash so data split
 * differently between data callbacks hashes the same. The body's length
 * picks a begin or end callback that returns -1 (or none), to reach the
 * "aborted" paths; both runs stop at the same byte.
 */
struct trace {
	uint64_t	 h;
	size_t		 parts, bytes;
	int		 open;
	unsigned	 events, fail_at;
};

static void
mix(struct trace *t, const void *p, size_t n)
{
	const unsigned char	*c = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		t->h ^= c[i];
		t->h *= 1099511628211u;
	}
}

static void
mix_str(struct trace *t, const char *s)
{
	if (s == NULL)
		mix(t, "\1", 1);
	else
		mix(t, s, strlen(s) + 1);
}

static int
tr_begin(void *arg, const struct mp_part *p)
{
	struct trace	*t = arg;

	if (p->name == NULL || p->name[0] == '\0' || t->open)
		abort();
	if (++t->events == t->fail_at)
		return -1;
	t->open = 1;
	t->parts++;
	mix(t, "B", 1);
	mix_str(t, p->name);
	mix_str(t, p->filename);
	mix_str(t, p->content_type);
	return 0;
}

static int
tr_data(void *arg, const char *p, size_t n)
{
	struct trace	*t = arg;

	if (!t->open || n == 0)
		abort();
	t->bytes += n;
	mix(t, p, n);
	return 0;
}

static int
tr_end(void *arg)
{
	struct trace	*t = arg;

	if (!t->open)
		abort();
	if (++t->events == t->fail_at)
		return -1;
	t->open = 0;
	mix(t, "E", 1);
	return 0;
}

static int
run(const char *b, size_t blen, const uint8_t *body, size_t len,
    const uint8_t *sizes, size_t nsizes, struct trace *t, const char **err)
{
	static const struct mp_callbacks	 cb = { tr_begin, tr_data,
	    tr_end };
	static const struct mp_limits		 lim = { 8, 256 };
	struct multipart			*mp;
	size_t					 off = 0, n, k = 0;
	int					 rc = 0;

	memset(t, 0, sizeof(*t));
	t->h = 14695981039346656037u;
	t->fail_at = len % 11 < 6 ? 0 : len % 11 - 5;
	if ((mp = multipart_new(b, blen, &lim, &cb, t)) == NULL)
		return -2;
	while (off < len && rc == 0) {
		if (nsizes == 0)
			n = len - off;
		else
			n = 1 + sizes[k++ % nsizes] % 16;
		if (n > len - off)
			n = len - off;
		rc = multipart_feed(mp, (const char *)body + off, n);
		off += n;
	}
	if (rc == 0)
		rc = multipart_finish(mp);
	*err = multipart_error(mp);
	if (rc == -1 && (*err == NULL || *err[0] == '\0'))
		abort();
	if (rc == 0 && t->open)
		abort();
	multipart_free(mp);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nl, *body;
	const char	*b, *err1, *err2;
	char		 line[256];
	size_t		 llen, blen, len;
	struct trace	 t1, t2;
	int		 rc1, rc2;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	llen = (size_t)(nl - data);
	if (llen >= sizeof(line))
		return 0;
	memcpy(line, data, llen);
	line[llen] = '\0';
	if (multipart_boundary(line, &b, &blen) == -1) {
		b = line;
		blen = llen;
	} else if (blen == 0 || blen > 70 || b < line || b + blen > line + llen)
		abort();
	body = nl + 1;
	len = size - llen - 1;
	rc1 = run(b, blen, body, len, NULL, 0, &t1, &err1);
	if (rc1 == -2)
		return 0;
	rc2 = run(b, blen, body, len, body, len, &t2, &err2);
	if (rc1 != rc2 || strcmp(err1, err2) != 0)
		abort();
	/* Events up to a failure depend on where the feed stopped. */
	if (rc1 == 0 && (t1.h != t2.h || t1.parts != t2.parts ||
	    t1.bytes != t2.bytes))
		abort();
	return 0;
}
