/* secret.c: AES-256-GCM sealing and HMAC under the server key */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "util/digest.h"
#include "util/secret.h"
#include "util/banned.h"

#define NONCE_LEN	12
#define TAG_LEN		16

static unsigned char	 key[SECRET_KEY_LEN];
static int		 have_key;

void
secret_set_key(const unsigned char *k)
{
	if (k == NULL) {
		OPENSSL_cleanse(key, sizeof(key));
		have_key = 0;
		return;
	}
	memcpy(key, k, sizeof(key));
	have_key = 1;
}

int
secret_loaded(void)
{
	return have_key;
}

int
secret_load(const char *path, char *err, size_t errsz)
{
	FILE		*f;
	char		 line[256];
	unsigned char	 k[SECRET_KEY_LEN];
	size_t		 n;

	if (path == NULL || path[0] == '\0') {
		snprintf(err, errsz, "secret_key_file is not set");
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "cannot open '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strlen(line);
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	if (n != 2 * SECRET_KEY_LEN ||
	    hex_decode(line, n, k, sizeof(k)) == -1) {
		OPENSSL_cleanse(line, sizeof(line));
		snprintf(err, errsz, "'%s' must hold 64 hex digits", path);
		return -1;
	}
	OPENSSL_cleanse(line, sizeof(line));
	secret_set_key(k);
	OPENSSL_cleanse(k, sizeof(k));
	return 0;
}

int
secret_seal(const char *aad, const void *plain, size_t len, char *out,
    size_t outsz)
{
	EVP_CIPHER_CTX	*c = NULL;
	unsigned char	*buf = NULL;
	int		 n, rc = -1;
	size_t		 total = NONCE_LEN + len + TAG_LEN;

	if (!have_key || outsz < 2 * total + 1 || len > 65536)
		return -1;
	if ((buf = OPENSSL_malloc(total)) == NULL)
		return -1;
	if (RAND_bytes(buf, NONCE_LEN) != 1 ||
	    (c = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, buf) != 1 ||
	    EVP_EncryptUpdate(c, NULL, &n, (const unsigned char *)aad,
	    (int)strlen(aad)) != 1 ||
	    EVP_EncryptUpdate(c, buf + NONCE_LEN, &n, plain, (int)len) != 1 ||
	    EVP_EncryptFinal_ex(c, buf + NONCE_LEN + n, &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG_LEN,
	    buf + NONCE_LEN + len) != 1)
		goto out;
	hex_encode(buf, total, out);
	rc = 0;
out:
	EVP_CIPHER_CTX_free(c);
	OPENSSL_clear_free(buf, total);
	return rc;
}

int
secret_open(const char *aad, const char *sealed, char *plain, size_t plainsz,
    size_t *len)
{
	EVP_CIPHER_CTX	*c = NULL;
	unsigned char	*buf = NULL;
	size_t		 hexlen = strlen(sealed), total = hexlen / 2, clen;
	int		 n, rc = -1;

	if (!have_key || hexlen % 2 || total < NONCE_LEN + TAG_LEN)
		return -1;
	clen = total - NONCE_LEN - TAG_LEN;
	if (clen + 1 > plainsz || (buf = OPENSSL_malloc(total)) == NULL)
		return -1;
	if (hex_decode(sealed, hexlen, buf, total) == -1 ||
	    (c = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, buf) != 1 ||
	    EVP_DecryptUpdate(c, NULL, &n, (const unsigned char *)aad,
	    (int)strlen(aad)) != 1 ||
	    EVP_DecryptUpdate(c, (unsigned char *)plain, &n, buf + NONCE_LEN,
	    (int)clen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG_LEN,
	    buf + NONCE_LEN + clen) != 1 ||
	    EVP_DecryptFinal_ex(c, (unsigned char *)plain + n, &n) != 1) {
		OPENSSL_cleanse(plain, plainsz);
		goto out;
	}
	plain[clen] = '\0';
	*len = clen;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(c);
	OPENSSL_clear_free(buf, total);
	return rc;
}

int
secret_mac(const char *s, size_t len, char out[65])
{
	unsigned char	 md[32];
	unsigned int	 mdlen = sizeof(md);

	if (!have_key)
		return -1;
	if (HMAC(EVP_sha256(), key, sizeof(key), (const unsigned char *)s, len,
	    md, &mdlen) == NULL)
		return -1;
	hex_encode(md, 32, out);
	return 0;
}
