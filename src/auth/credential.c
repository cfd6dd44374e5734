/* credential.c: Authorization header parsing */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "auth/credential.h"
#include "util/banned.h"

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64 (padding optional) into an arena string; NULL if invalid. */
static char *
b64_decode(struct arena *a, const char *p, size_t len, size_t *outlen)
{
	char		*out;
	unsigned	 acc = 0;
	size_t		 i, n = 0, pad = 0;
	int		 bits = 0, v;

	while (len > 0 && p[len - 1] == '=' && pad < 2) {
		len--;
		pad++;
	}
	if (len % 4 == 1 || (pad && (len + pad) % 4))
		return NULL;
	if ((out = arena_alloc(a, len * 3 / 4 + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if ((v = b64val((unsigned char)p[i])) < 0)
			return NULL;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

static int
secret_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (iscntrl((unsigned char)s[i]) || s[i] == ' ')
			return 0;
	return 1;
}

int
credential_parse(struct arena *a, const char *h, size_t len,
    struct credential *out, const char **why)
{
	const char	*p;
	char		*dec, *colon;
	size_t		 dlen;

	memset(out, 0, sizeof(*out));
	if (h == NULL || len == 0)
		return 0;
	if (len > CRED_MAX_LEN) {
		*why = "credential is too long";
		return -1;
	}
	if (len > 7 && strncasecmp(h, "Bearer ", 7) == 0) {
		for (p = h + 7; p < h + len && *p == ' '; p++)
			;
		if (!secret_ok(p, (size_t)(h + len - p))) {
			*why = "malformed bearer token";
			return -1;
		}
		out->kind = CRED_BEARER;
		out->secret = arena_strndup(a, p, (size_t)(h + len - p));
		return out->secret ? 0 : -1;
	}
	if (len > 6 && strncasecmp(h, "Basic ", 6) == 0) {
		for (p = h + 6; p < h + len && *p == ' '; p++)
			;
		dec = b64_decode(a, p, (size_t)(h + len - p), &dlen);
		if (dec == NULL || memchr(dec, '\0', dlen) != NULL ||
		    (colon = memchr(dec, ':', dlen)) == NULL) {
			*why = "malformed basic credentials";
			return -1;
		}
		*colon = '\0';
		if (!secret_ok(colon + 1, strlen(colon + 1))) {
			*why = "malformed basic credentials";
			return -1;
		}
		out->kind = CRED_BASIC;
		out->user = dec;
		out->secret = colon + 1;
		return 0;
	}
	if (!secret_ok(h, len)) {
		*why = "unsupported authorization scheme";
		return -1;
	}
	out->kind = CRED_RAW;
	out->secret = arena_strndup(a, h, len);
	return out->secret ? 0 : -1;
}
