/* token.c: random API tokens and their hashes */
#include <string.h>

#include <openssl/rand.h>

#include "auth/token.h"
#include "util/digest.h"
#include "util/banned.h"

static int
random_token(const char *prefix, size_t total, char *out)
{
	static const char	 b64url[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char		 raw[33];
	size_t			 i, o = strlen(prefix);
	unsigned		 acc = 0;
	int			 bits = 0;

	if (RAND_bytes(raw, 32) != 1)
		return -1;
	raw[32] = 0;
	memcpy(out, prefix, o);
	for (i = 0; i < 33 && o < total; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6 && o < total) {
			bits -= 6;
			out[o++] = b64url[(acc >> bits) & 63];
		}
	}
	out[o] = '\0';
	return 0;
}

int
token_generate(char *out)
{
	return random_token(TOKEN_PREFIX, TOKEN_LEN, out);
}

int
regtoken_generate(char *out)
{
	return random_token(REGTOKEN_PREFIX, REGTOKEN_LEN, out);
}

int
token_random(char *out)
{
	return random_token("", TOKEN_RANDOM_LEN, out);
}

int
token_random_looks(const char *s)
{
	size_t	 i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_'))
			return 0;
	return i == TOKEN_RANDOM_LEN;
}

int
regtoken_looks(const char *s)
{
	return strlen(s) == REGTOKEN_LEN && strncmp(s, REGTOKEN_PREFIX,
	    sizeof(REGTOKEN_PREFIX) - 1) == 0;
}

void
token_hash(const char *token, size_t len, unsigned char out[32])
{
	digest_sha256(token, len, out);
}

int
token_looks_api(const char *s)
{
	return strlen(s) == TOKEN_LEN &&
	    strncmp(s, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1) == 0;
}
