/* secret.h: the server's secret key: sealing stored secrets, keyed hashes */
#ifndef DEPOT_SECRET_H
#define DEPOT_SECRET_H

#include <stddef.h>

/*
 * Secrets Depot must show again or use later (registry tokens, storage
 * credentials) are stored sealed with AES-256-GCM under the server key read
 * from secret_key_file (64 hex digits = 32 bytes; `depotctl secret-key`
 * prints a new one). Lookups go through a keyed hash (HMAC-SHA256) so the
 * database never holds anything that opens or finds a secret by itself.
 *
 * secret_load must succeed before the others are called; without a key they
 * fail (-1) and callers answer 503 naming the missing setting.
 */
#define SECRET_KEY_LEN	32

int	 secret_load(const char *path, char *err, size_t errsz);
int	 secret_loaded(void);
/*
 * Seal plaintext into out as hex: nonce (12) | ciphertext | tag (16).
 * out needs 2 * (28 + len) + 1 bytes. aad binds the sealed value to its
 * row (an id), so it cannot be moved to another row.
 */
int	 secret_seal(const char *aad, const void *plain, size_t len, char *out,
	    size_t outsz);
/* Open a sealed hex string; plain gets len bytes and a NUL. */
int	 secret_open(const char *aad, const char *sealed, char *plain,
	    size_t plainsz, size_t *len);
/* HMAC-SHA256(key, s) as 64 hex digits into out[65]. */
int	 secret_mac(const char *s, size_t len, char out[65]);
/* Testing: use this key (NULL forgets it). */
void	 secret_set_key(const unsigned char *key);

#endif
