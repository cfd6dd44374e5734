/* ruby_marshal.c: a bounded writer of Ruby's Marshal 4.8 format */
#include <limits.h>
#include <string.h>

#include "eco/ruby.h"
#include "util/banned.h"

/*
 * The format, as marshal.c in Ruby writes it: a "\x04\x08" header, then one
 * value. Integers (lengths, counts, fixnums) use w_long's packing: 0 is
 * 0x00, 1..122 is n+5, -123..-1 is n-5, else a byte count (negated for
 * negatives) and that many little-endian bytes. Symbols are ':' len name the
 * first time and ';' index after. Strings with an encoding are wrapped:
 * 'I' '"' len bytes, 1 ivar, :E true (UTF-8) or false (US-ASCII).
 */

static void
put(struct marshal *m, const void *p, size_t n)
{
	if (m->err == 0 && buf_add(m->out, p, n) == -1)
		m->err = 1;
}

static void
putc_(struct marshal *m, int c)
{
	unsigned char	 b = (unsigned char)c;

	put(m, &b, 1);
}

/* w_long, for values in the 32-bit range the format allows. */
static void
put_long(struct marshal *m, long x)
{
	unsigned char	 b[5];
	int		 i;

	if (x < -2147483648L || x > 2147483647L) {
		m->err = 1;
		return;
	}
	if (x == 0) {
		putc_(m, 0);
		return;
	}
	if (x > 0 && x < 123) {
		putc_(m, (int)(x + 5));
		return;
	}
	if (x < 0 && x > -124) {
		putc_(m, (int)((x - 5) & 0xff));
		return;
	}
	for (i = 1; i <= 4; i++) {
		b[i] = (unsigned char)(x & 0xff);
		x >>= 8;	/* arithmetic on every platform we build for */
		if (x == 0) {
			b[0] = (unsigned char)i;
			break;
		}
		if (x == -1) {
			b[0] = (unsigned char)(-i & 0xff);
			break;
		}
	}
	put(m, b, (size_t)i + 1);
}

static void
put_bytes(struct marshal *m, const void *p, size_t n)
{
	if (n > (size_t)INT_MAX) {
		m->err = 1;
		return;
	}
	put_long(m, (long)n);
	put(m, p, n);
}

void
marshal_begin(struct marshal *m, struct buf *out)
{
	memset(m, 0, sizeof(*m));
	m->out = out;
	put(m, "\x04\x08", 2);
}

void
marshal_nil(struct marshal *m)
{
	putc_(m, '0');
}

void
marshal_bool(struct marshal *m, int v)
{
	putc_(m, v ? 'T' : 'F');
}

void
marshal_int(struct marshal *m, long v)
{
	if (v < -(1L << 30) || v >= (1L << 30)) {
		m->err = 1;
		return;
	}
	putc_(m, 'i');
	put_long(m, v);
}

void
marshal_sym(struct marshal *m, const char *s)
{
	size_t	 i;

	for (i = 0; i < m->nsym; i++)
		if (strcmp(m->sym[i], s) == 0) {
			putc_(m, ';');
			put_long(m, (long)i);
			return;
		}
	/* The index files use a handful of symbols: more is our bug. */
	if (m->nsym < MARSHAL_SYMS)
		m->sym[m->nsym++] = s;
	else
		m->err = 1;
	putc_(m, ':');
	put_bytes(m, s, strlen(s));
}

void
marshal_str(struct marshal *m, const char *p, size_t n, enum marshal_enc enc)
{
	if (enc != MENC_BINARY)
		putc_(m, 'I');
	putc_(m, '"');
	put_bytes(m, p, n);
	if (enc == MENC_BINARY)
		return;
	put_long(m, 1);
	marshal_sym(m, "E");
	marshal_bool(m, enc == MENC_UTF8);
}

void
marshal_array(struct marshal *m, size_t n)
{
	if (n > (size_t)INT_MAX) {
		m->err = 1;
		return;
	}
	putc_(m, '[');
	put_long(m, (long)n);
}

void
marshal_hash(struct marshal *m, size_t n)
{
	if (n > (size_t)INT_MAX) {
		m->err = 1;
		return;
	}
	putc_(m, '{');
	put_long(m, (long)n);
}

void
marshal_object(struct marshal *m, const char *cls, size_t nivars)
{
	putc_(m, 'o');
	marshal_sym(m, cls);
	put_long(m, (long)(nivars > 255 ? (m->err = 1, 0) : nivars));
}

void
marshal_user_marshal(struct marshal *m, const char *cls)
{
	putc_(m, 'U');
	marshal_sym(m, cls);
}

void
marshal_user_dump(struct marshal *m, const char *cls, const void *p,
    size_t n, size_t nivars)
{
	if (nivars > 0)
		putc_(m, 'I');
	putc_(m, 'u');
	marshal_sym(m, cls);
	put_bytes(m, p, n);
	if (nivars > 0)
		put_long(m, (long)(nivars > 255 ? (m->err = 1, 0) : nivars));
}

int
marshal_end(struct marshal *m)
{
	return m->err ? -1 : 0;
}
