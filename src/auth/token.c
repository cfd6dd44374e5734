/* token.c: random API tokens and their hashes */
#include <string.h>

#include <openssl/rand.h>

#include "auth/token.h"
#include "util/digest.h"
#include "util/banned.h"

int
token_generate(char *out)
{
	static const char	 b64url[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char		 raw[33];
	size_t			 i, o = sizeof(TOKEN_PREFIX) - 1;
	unsigned		 acc = 0;
	int			 bits = 0;

	if (RAND_bytes(raw, 32) != 1)
		return -1;
	raw[32] = 0;
	memcpy(out, TOKEN_PREFIX, o);
	for (i = 0; i < 33 && o < TOKEN_LEN; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6 && o < TOKEN_LEN) {
			bits -= 6;
			out[o++] = b64url[(acc >> bits) & 63];
		}
	}
	out[o] = '\0';
	return 0;
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
