/* digest.h: md5, sha1, sha256 and sha512 of one stream at once */
#ifndef DEPOT_DIGEST_H
#define DEPOT_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* Lower-case hex digests, NUL-terminated. */
struct digests {
	char	 md5[33];
	char	 sha1[41];
	char	 sha256[65];
	char	 sha512[129];
	/* Raw sha512, for npm's "sha512-<base64>" integrity string. */
	unsigned char sha512_raw[64];
};

struct hasher;

/* hasher_new returns NULL on allocation failure; hasher_free takes NULL. */
struct hasher	*hasher_new(void);
int		 hasher_update(struct hasher *, const void *, size_t);
int		 hasher_final(struct hasher *, struct digests *);
void		 hasher_free(struct hasher *);

/* One-shot sha256 into out[32]. */
void		 digest_sha256(const void *, size_t, unsigned char out[32]);
void		 hex_encode(const unsigned char *, size_t, char *out);
int		 hex_decode(const char *, size_t, unsigned char *out, size_t outsz);
/* Standard base64 with padding; out needs 4*((n+2)/3)+1 bytes. */
size_t		 base64_encode(const unsigned char *, size_t, char *out);
/* A random (version 4) UUID into out[37]; 0 or -1. */
int		 uuid_generate(char *out);
/* Constant-time comparison of n bytes. */
int		 digest_equal(const void *, const void *, size_t);

#endif
