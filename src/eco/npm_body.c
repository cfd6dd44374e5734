/* npm_body.c: stream an npm publish body, tarball to a spool, the rest kept */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eco/npm.h"
#include "util/log.h"
#include "util/banned.h"

/*
 * The scanner is a byte-at-a-time state machine over the JSON grammar, so a
 * chunk may end anywhere: inside a key, an escape, a \u sequence or a base64
 * quad. It tracks only what it must to find _attachments.<key>.data at the
 * top of the document: a stack of containers, each with its role, and the
 * class of the key whose value comes next. Numbers and literals are only
 * delimited here; json-c validates them when the caller parses the kept text.
 */

/* Keys longer than this never match; as an attachment name they fail. */
#define BODY_KEY_MAX	1024
/* Decoded attachment bytes gathered before one spool_write. */
#define BODY_OUT_MAX	(48 * 1024)

enum state {
	S_START,	/* before the root object */
	S_VALUE,	/* a value must come */
	S_ARRAY0,	/* after '[': a value or ']' */
	S_OBJECT0,	/* after '{': a key or '}' */
	S_KEY,		/* after ',' in an object: a key */
	S_COLON,	/* after a key: ':' */
	S_NEXT,		/* after a value: ',' or the closer */
	S_STRING,	/* inside a string */
	S_ESCAPE,	/* after a backslash in a string */
	S_UNICODE,	/* inside \uXXXX */
	S_SCALAR,	/* inside a number or literal */
	S_DONE,		/* root closed: only white space may follow */
	S_FAILED
};

/* What a container is to the document. */
enum role {
	R_NONE,
	R_ROOT,		/* the document */
	R_ATTS,		/* the root's _attachments object */
	R_ATT		/* one attachment object */
};

/* The key whose value comes next, in the innermost container. */
enum keyclass {
	K_OTHER,
	K_ATTACHMENTS,	/* "_attachments" in the root */
	K_NAME,		/* any key in _attachments */
	K_DATA		/* "data" in an attachment */
};

enum strkind {
	STR_KEY,	/* decoded into key[] */
	STR_VALUE,	/* checked only */
	STR_DATA	/* base64 to the spool */
};

/* Container stack entries. */
#define C_ARRAY		0x01
#define C_ROLE(x)	((enum role)((x) >> 1))
#define C_MAKE(arr, r)	((unsigned char)(((arr) ? C_ARRAY : 0) | (r) << 1))

struct npm_body {
	struct spool		*sink;
	struct buf		 meta;
	unsigned char		*stack;
	unsigned		 max_depth;
	unsigned		 depth;
	enum state		 st;
	enum npm_body_err	 err;
	const char		*msg;
	int			 skipping;	/* inside the data string */

	enum strkind		 str;
	enum keyclass		 kclass;
	unsigned		 ucount;	/* hex digits of \u seen */
	uint32_t		 ucode;
	uint32_t		 hisur;		/* pending high surrogate */
	char			 key[BODY_KEY_MAX + 1];
	size_t			 keylen;
	int			 keylong;

	int			 seen_atts;
	size_t			 natt;
	char			 pending[BODY_KEY_MAX + 1];
	int			 pending_long;
	char			 att_name[BODY_KEY_MAX + 1];

	unsigned		 b64q;		/* sextets in the quad */
	uint32_t		 b64acc;
	int			 b64pad;	/* 0, 1 ('=' owed), 2 (done) */
	unsigned char		 out[BODY_OUT_MAX];
	size_t			 outlen;
};

static const signed char b64val[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
	['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
	['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17,
	['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26,
	['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31,
	['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41,
	['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46,
	['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50, ['y'] = 51,
	['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61,
	['9'] = 62, ['+'] = 63, ['/'] = 64,
};	/* value + 1, so that 0 means "not base64" */

static int
body_fail(struct npm_body *b, enum npm_body_err err, const char *msg)
{
	b->st = S_FAILED;
	b->err = err;
	b->msg = msg;
	return -1;
}

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters that may make up a number or true/false/null. */
static int
is_scalar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
keep(struct npm_body *b, const char *p, size_t n)
{
	if (n == 0 || buf_add(&b->meta, p, n) == 0)
		return 0;
	if (errno == EFBIG)
		return body_fail(b, NPM_BODY_TOOBIG,
		    "publish metadata is too large");
	return body_fail(b, NPM_BODY_IO, "out of memory");
}

/* Attachment bytes. */

static int
out_flush(struct npm_body *b)
{
	if (b->outlen == 0)
		return 0;
	if (spool_write(b->sink, b->out, b->outlen) == -1) {
		if (errno == EFBIG)
			return body_fail(b, NPM_BODY_TOOBIG,
			    "attachment is too large");
		return body_fail(b, NPM_BODY_IO, "cannot write attachment");
	}
	b->outlen = 0;
	return 0;
}

static int
out_put(struct npm_body *b, uint32_t v, unsigned n)
{
	if (b->outlen + 3 > sizeof(b->out) && out_flush(b) == -1)
		return -1;
	if (n == 3)
		b->out[b->outlen++] = (unsigned char)(v >> 16);
	if (n >= 2)
		b->out[b->outlen++] = (unsigned char)(v >> 8);
	b->out[b->outlen++] = (unsigned char)v;
	return 0;
}

static int
b64_add(struct npm_body *b, uint32_t c)
{
	int	 v;

	if (b->b64pad == 2)
		return body_fail(b, NPM_BODY_BAD,
		    "attachment data goes on after base64 padding");
	if (c == '=') {
		if (b->b64pad == 1) {
			b->b64pad = 2;
			return 0;
		}
		if (b->b64q == 2) {
			b->b64pad = 1;
			return out_put(b, b->b64acc >> 4, 1);
		}
		if (b->b64q == 3) {
			b->b64pad = 2;
			return out_put(b, b->b64acc >> 2, 2);
		}
		return body_fail(b, NPM_BODY_BAD,
		    "attachment data is not valid base64");
	}
	if (b->b64pad != 0 || c > 0xff || (v = b64val[c]) == 0)
		return body_fail(b, NPM_BODY_BAD,
		    "attachment data is not valid base64");
	b->b64acc = b->b64acc << 6 | (uint32_t)(v - 1);
	if (++b->b64q == 4) {
		b->b64q = 0;
		v = out_put(b, b->b64acc, 3);
		b->b64acc = 0;
		return v;
	}
	return 0;
}

/* The data string closed: flush a partial quad (padding optional). */
static int
b64_end(struct npm_body *b)
{
	if (b->b64pad == 0) {
		if (b->b64q == 1)
			return body_fail(b, NPM_BODY_BAD,
			    "attachment data is not valid base64");
		if (b->b64q == 2 && out_put(b, b->b64acc >> 4, 1) == -1)
			return -1;
		if (b->b64q == 3 && out_put(b, b->b64acc >> 2, 2) == -1)
			return -1;
	}
	return out_flush(b);
}

/* Keys. */

static void
key_byte(struct npm_body *b, int c)
{
	if (b->keylen < BODY_KEY_MAX)
		b->key[b->keylen++] = (char)c;
	else
		b->keylong = 1;
}

static void
key_cp(struct npm_body *b, uint32_t cp)
{
	if (cp < 0x80)
		key_byte(b, (int)cp);
	else if (cp < 0x800) {
		key_byte(b, (int)(0xc0 | cp >> 6));
		key_byte(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		key_byte(b, (int)(0xe0 | cp >> 12));
		key_byte(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		key_byte(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		key_byte(b, (int)(0xf0 | cp >> 18));
		key_byte(b, (int)(0x80 | (cp >> 12 & 0x3f)));
		key_byte(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		key_byte(b, (int)(0x80 | (cp & 0x3f)));
	}
}

/* A lone high surrogate decodes to U+FFFD, as json-c does. */
static void
key_sur_flush(struct npm_body *b)
{
	if (b->hisur != 0) {
		key_cp(b, 0xfffd);
		b->hisur = 0;
	}
}

/* One decoded string character: a raw byte or an escape's code point. */
static int
str_char(struct npm_body *b, uint32_t cp, int escaped)
{
	switch (b->str) {
	case STR_DATA:
		return b64_add(b, cp);
	case STR_KEY:
		/* json-c would cut the key there, so two parsers disagree. */
		if (cp == 0)
			return body_fail(b, NPM_BODY_BAD,
			    "object key contains \\u0000");
		if (!escaped) {
			key_sur_flush(b);
			key_byte(b, (int)cp);
		} else if (cp >= 0xd800 && cp <= 0xdbff) {
			key_sur_flush(b);
			b->hisur = cp;
		} else if (cp >= 0xdc00 && cp <= 0xdfff && b->hisur != 0) {
			key_cp(b, 0x10000 + ((b->hisur - 0xd800) << 10) +
			    (cp - 0xdc00));
			b->hisur = 0;
		} else {
			key_sur_flush(b);
			key_cp(b, (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
		}
		return 0;
	case STR_VALUE:
		break;
	}
	return 0;
}

static int
key_is(const struct npm_body *b, const char *s)
{
	return !b->keylong && b->keylen == strlen(s) &&
	    memcmp(b->key, s, b->keylen) == 0;
}

static int
str_end(struct npm_body *b)
{
	enum role	 r;

	switch (b->str) {
	case STR_DATA:
		b->st = S_NEXT;
		return b64_end(b);
	case STR_VALUE:
		b->st = S_NEXT;
		return 0;
	case STR_KEY:
		key_sur_flush(b);
		b->st = S_COLON;
		b->kclass = K_OTHER;
		r = C_ROLE(b->stack[b->depth - 1]);
		if (r == R_ROOT && key_is(b, "_attachments")) {
			if (b->seen_atts)
				return body_fail(b, NPM_BODY_BAD,
				    "duplicate _attachments");
			b->seen_atts = 1;
			b->kclass = K_ATTACHMENTS;
		} else if (r == R_ATTS) {
			/* json-c keeps the last of equal keys: refuse. */
			if (b->natt > 0 && !b->keylong &&
			    strlen(b->att_name) == b->keylen &&
			    memcmp(b->att_name, b->key, b->keylen) == 0)
				return body_fail(b, NPM_BODY_BAD,
				    "duplicate attachment name");
			b->kclass = K_NAME;
			b->pending_long = b->keylong;
			memcpy(b->pending, b->key, b->keylen);
			b->pending[b->keylen] = '\0';
		} else if (r == R_ATT && key_is(b, "data"))
			b->kclass = K_DATA;
		return 0;
	}
	return 0;
}

static int
push(struct npm_body *b, int array)
{
	enum role	 r = R_NONE, parent;

	if (b->depth >= b->max_depth)
		return body_fail(b, NPM_BODY_BAD, "document nests too deeply");
	if (b->depth == 0)
		r = R_ROOT;
	else if (!(b->stack[b->depth - 1] & C_ARRAY) && !array) {
		parent = C_ROLE(b->stack[b->depth - 1]);
		if (parent == R_ROOT && b->kclass == K_ATTACHMENTS)
			r = R_ATTS;
		else if (parent == R_ATTS && b->kclass == K_NAME)
			r = R_ATT;
	}
	b->stack[b->depth++] = C_MAKE(array, r);
	b->kclass = K_OTHER;
	b->st = array ? S_ARRAY0 : S_OBJECT0;
	return 0;
}

static int
pop(struct npm_body *b, int array)
{
	if (b->depth == 0 || !(b->stack[b->depth - 1] & C_ARRAY) != !array)
		return body_fail(b, NPM_BODY_BAD, "unbalanced brackets");
	b->depth--;
	b->kclass = K_OTHER;
	b->st = b->depth == 0 ? S_DONE : S_NEXT;
	return 0;
}

/* The first character of a value. */
static int
value_start(struct npm_body *b, int c)
{
	int	 data;

	data = b->depth > 0 && !(b->stack[b->depth - 1] & C_ARRAY) &&
	    C_ROLE(b->stack[b->depth - 1]) == R_ATT && b->kclass == K_DATA;
	if (data && c != '"')
		return body_fail(b, NPM_BODY_BAD,
		    "attachment data is not a string");
	switch (c) {
	case '"':
		b->st = S_STRING;
		b->str = STR_VALUE;
		if (!data)
			return 0;
		if (++b->natt > 1)
			return body_fail(b, NPM_BODY_BAD,
			    "more than one attachment");
		if (b->pending_long)
			return body_fail(b, NPM_BODY_BAD,
			    "attachment name is too long");
		memcpy(b->att_name, b->pending, sizeof(b->att_name));
		b->str = STR_DATA;
		b->b64q = 0;
		b->b64acc = 0;
		b->b64pad = 0;
		return 0;
	case '{':
		return push(b, 0);
	case '[':
		return push(b, 1);
	default:
		if (!is_scalar(c))
			return body_fail(b, NPM_BODY_BAD,
			    "unexpected character in document");
		b->st = S_SCALAR;
		return 0;
	}
}

static int
key_start(struct npm_body *b, int c)
{
	if (c != '"')
		return body_fail(b, NPM_BODY_BAD, "object key expected");
	b->st = S_STRING;
	b->str = STR_KEY;
	b->keylen = 0;
	b->keylong = 0;
	b->hisur = 0;
	return 0;
}

/* One byte of the document; the caller handles the kept copy. */
static int
step(struct npm_body *b, int c)
{
	int	 v;

again:
	switch (b->st) {
	case S_STRING:
		if (c == '"')
			return str_end(b);
		if (c == '\\') {
			b->st = S_ESCAPE;
			return 0;
		}
		if (c < 0x20)
			return body_fail(b, NPM_BODY_BAD,
			    "control character in string");
		return str_char(b, (uint32_t)c, 0);
	case S_ESCAPE:
		b->st = S_STRING;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			return str_char(b, (uint32_t)c, 1);
		case 'b':
			return str_char(b, '\b', 1);
		case 'f':
			return str_char(b, '\f', 1);
		case 'n':
			return str_char(b, '\n', 1);
		case 'r':
			return str_char(b, '\r', 1);
		case 't':
			return str_char(b, '\t', 1);
		case 'u':
			b->st = S_UNICODE;
			b->ucount = 0;
			b->ucode = 0;
			return 0;
		default:
			return body_fail(b, NPM_BODY_BAD,
			    "invalid escape in string");
		}
	case S_UNICODE:
		if ((v = hexval(c)) < 0)
			return body_fail(b, NPM_BODY_BAD,
			    "invalid \\u escape in string");
		b->ucode = b->ucode << 4 | (uint32_t)v;
		if (++b->ucount < 4)
			return 0;
		b->st = S_STRING;
		return str_char(b, b->ucode, 1);
	case S_SCALAR:
		if (is_scalar(c))
			return 0;
		b->st = S_NEXT;
		goto again;
	default:
		break;
	}
	if (is_ws(c))
		return 0;
	switch (b->st) {
	case S_START:
		if (c != '{')
			return body_fail(b, NPM_BODY_BAD,
			    "body is not a JSON object");
		return push(b, 0);
	case S_VALUE:
		return value_start(b, c);
	case S_ARRAY0:
		if (c == ']')
			return pop(b, 1);
		return value_start(b, c);
	case S_OBJECT0:
		if (c == '}')
			return pop(b, 0);
		return key_start(b, c);
	case S_KEY:
		return key_start(b, c);
	case S_COLON:
		if (c != ':')
			return body_fail(b, NPM_BODY_BAD, "':' expected");
		b->st = S_VALUE;
		return 0;
	case S_NEXT:
		if (c == ',') {
			b->st = (b->stack[b->depth - 1] & C_ARRAY) ?
			    S_VALUE : S_KEY;
			return 0;
		}
		if (c == '}' || c == ']')
			return pop(b, c == ']');
		return body_fail(b, NPM_BODY_BAD, "',' or closer expected");
	case S_DONE:
		return body_fail(b, NPM_BODY_BAD,
		    "unexpected data after the document");
	default:
		BUG("npm_body in state %d", (int)b->st);
	}
}

struct npm_body *
npm_body_new(struct spool *sink, size_t meta_max, unsigned max_depth)
{
	struct npm_body	*b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	if ((b->stack = calloc(max_depth ? max_depth : 1, 1)) == NULL) {
		free(b);
		return NULL;
	}
	b->sink = sink;
	b->max_depth = max_depth;
	b->st = S_START;
	b->err = NPM_BODY_OK;
	buf_init(&b->meta, meta_max);
	return b;
}

/*
 * Bytes outside the data string are copied to meta in runs: from start up to
 * the data string's opening quote, and again from its closing quote on.
 */
enum npm_body_err
npm_body_feed(struct npm_body *b, const char *p, size_t len)
{
	size_t	 i, start = 0;

	if (b->st == S_FAILED)
		return b->err;
	for (i = 0; i < len; i++) {
		if (b->skipping) {
			/* The hot loop: base64 straight to the decoder. */
			if (b->st == S_STRING && p[i] != '"' && p[i] != '\\' &&
			    (unsigned char)p[i] >= 0x20) {
				if (b64_add(b, (unsigned char)p[i]) == -1)
					return b->err;
				continue;
			}
			if (step(b, (unsigned char)p[i]) == -1)
				return b->err;
			if (b->st != S_STRING && b->st != S_ESCAPE &&
			    b->st != S_UNICODE) {
				b->skipping = 0;
				start = i;
			}
			continue;
		}
		if (step(b, (unsigned char)p[i]) == -1)
			return b->err;
		if (b->st == S_STRING && b->str == STR_DATA) {
			if (keep(b, p + start, i + 1 - start) == -1)
				return b->err;
			b->skipping = 1;
		}
	}
	if (!b->skipping && keep(b, p + start, len - start) == -1)
		return b->err;
	return NPM_BODY_OK;
}

enum npm_body_err
npm_body_finish(struct npm_body *b)
{
	if (b->st == S_FAILED)
		return b->err;
	if (b->st != S_DONE) {
		body_fail(b, NPM_BODY_BAD, "truncated document");
		return b->err;
	}
	return NPM_BODY_OK;
}

const char *
npm_body_meta(const struct npm_body *b, size_t *len)
{
	if (len != NULL)
		*len = b->meta.len;
	return b->meta.data;
}

size_t
npm_body_attachments(const struct npm_body *b)
{
	return b->natt;
}

const char *
npm_body_attachment_name(const struct npm_body *b)
{
	return b->natt > 0 ? b->att_name : NULL;
}

const char *
npm_body_error(const struct npm_body *b)
{
	return b->msg != NULL ? b->msg : "";
}

void
npm_body_free(struct npm_body *b)
{
	if (b == NULL)
		return;
	buf_release(&b->meta);
	free(b->stack);
	free(b);
}
