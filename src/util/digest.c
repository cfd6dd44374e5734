/* digest.c: multi-hash streams over OpenSSL EVP */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "util/digest.h"
#include "util/banned.h"

enum { H_MD5, H_SHA1, H_SHA256, H_SHA512, H__MAX };

struct hasher {
	EVP_MD_CTX	*ctx[H__MAX];
};

struct hasher *
hasher_new(void)
{
	struct hasher	*h;
	const EVP_MD	*md[H__MAX];
	int		 i;

	md[H_MD5] = EVP_md5();
	md[H_SHA1] = EVP_sha1();
	md[H_SHA256] = EVP_sha256();
	md[H_SHA512] = EVP_sha512();
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	for (i = 0; i < H__MAX; i++) {
		h->ctx[i] = EVP_MD_CTX_new();
		if (h->ctx[i] == NULL ||
		    EVP_DigestInit_ex(h->ctx[i], md[i], NULL) != 1) {
			hasher_free(h);
			return NULL;
		}
	}
	return h;
}

int
hasher_update(struct hasher *h, const void *p, size_t n)
{
	int	 i;

	for (i = 0; i < H__MAX; i++)
		if (EVP_DigestUpdate(h->ctx[i], p, n) != 1)
			return -1;
	return 0;
}

int
hasher_final(struct hasher *h, struct digests *d)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n;
	char		*out[H__MAX];
	int		 i;

	out[H_MD5] = d->md5;
	out[H_SHA1] = d->sha1;
	out[H_SHA256] = d->sha256;
	out[H_SHA512] = d->sha512;
	for (i = 0; i < H__MAX; i++) {
		if (EVP_DigestFinal_ex(h->ctx[i], md, &n) != 1)
			return -1;
		hex_encode(md, n, out[i]);
		if (i == H_SHA512)
			memcpy(d->sha512_raw, md, sizeof(d->sha512_raw));
	}
	return 0;
}

void
hasher_free(struct hasher *h)
{
	int	 i;

	if (h == NULL)
		return;
	for (i = 0; i < H__MAX; i++)
		EVP_MD_CTX_free(h->ctx[i]);
	free(h);
}

void
digest_sha256(const void *p, size_t n, unsigned char out[32])
{
	unsigned int	 len = 32;

	EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
}

void
hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 0xf];
	}
	out[2 * n] = '\0';
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

int
hex_decode(const char *s, size_t len, unsigned char *out, size_t outsz)
{
	size_t	 i;
	int	 hi, lo;

	if (len % 2 || len / 2 > outsz)
		return -1;
	for (i = 0; i < len / 2; i++) {
		hi = hexval((unsigned char)s[2 * i]);
		lo = hexval((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

size_t
base64_encode(const unsigned char *p, size_t n, char *out)
{
	int	 len;

	len = EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return len < 0 ? 0 : (size_t)len;
}

int
digest_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int
uuid_generate(char *out)
{
	unsigned char	 b[16];
	char		 hex[33];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	hex_encode(b, sizeof(b), hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
	    hex + 16, hex + 20);
	return 0;
}
