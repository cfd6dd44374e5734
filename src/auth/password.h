/* password.h: argon2id password hashes */
#ifndef DEPOT_PASSWORD_H
#define DEPOT_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX	128

/* Encoded argon2id hash of pw into out; 0 or -1. */
int	 password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* 1 if pw matches the encoded hash, else 0. */
int	 password_verify(const char *encoded, const char *pw);

#endif
