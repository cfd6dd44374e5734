/* token.h: API token values: generation and hashing */
#ifndef DEPOT_TOKEN_H
#define DEPOT_TOKEN_H

#include <stddef.h>

#define TOKEN_PREFIX	"depot_"
#define REGTOKEN_PREFIX	"depotr_"
/* prefix + 43 base64url characters (256 bits) + NUL */
#define TOKEN_LEN	(sizeof(TOKEN_PREFIX) - 1 + 43)

#define REGTOKEN_LEN	(sizeof(REGTOKEN_PREFIX) - 1 + 43)

/* A new random token into out[TOKEN_LEN + 1]; 0 or -1 (no entropy). */
int	 token_generate(char *out);
/* A new registry token into out[REGTOKEN_LEN + 1]. */
int	 regtoken_generate(char *out);
int	 regtoken_looks(const char *s);
/*
 * 256 random bits as 43 base64url characters into out[TOKEN_RANDOM_LEN + 1]
 * (web session ids, CSRF tokens); 0 or -1.
 */
#define TOKEN_RANDOM_LEN	43
int	 token_random(char *out);
/* 1 if s has the shape token_random makes. */
int	 token_random_looks(const char *s);
/* SHA-256 of the token text: what the database keeps. */
void	 token_hash(const char *token, size_t len, unsigned char out[32]);
/* 1 if s looks like one of our API tokens (prefix and length). */
int	 token_looks_api(const char *s);

#endif
