/* password.c: argon2id hashing (RFC 9106 second recommended option) */
#include <string.h>

#include <argon2.h>
#include <openssl/rand.h>

#include "auth/password.h"
#include "util/banned.h"

#define PW_T_COST	3
#define PW_M_COST	(64 * 1024)	/* KiB */
#define PW_LANES	1

int
password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	unsigned char	 salt[16];

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	if (argon2id_hash_encoded(PW_T_COST, PW_M_COST, PW_LANES, pw,
	    strlen(pw), salt, sizeof(salt), 32, out, PASSWORD_HASH_MAX) !=
	    ARGON2_OK)
		return -1;
	return 0;
}

int
password_verify(const char *encoded, const char *pw)
{
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}
