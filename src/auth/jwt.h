/* jwt.h: verifying OIDC tokens (JWS compact, RS256 or ES256) */
#ifndef DEPOT_JWT_H
#define DEPOT_JWT_H

#include <stddef.h>
#include <time.h>

#include <cjose/cjose.h>
#include <json-c/json.h>

#define JWT_MAX_LEN	16384
#define JWT_MAX_LIFE	300	/* exp - iat, seconds */
#define JWT_LEEWAY	10	/* seconds of clock skew allowed */

/*
 * The key for (iss, kid, alg), of the type alg needs, from the issuer's
 * configured JWKS; NULL when there is none. iss is taken from the token
 * before it is verified, only to choose where keys come from.
 */
typedef const cjose_jwk_t *(*jwt_key_fn)(void *arg, const char *iss,
	    const char *kid, const char *alg);

struct jwt {
	struct json_object	*claims;	/* owned: json_object_put */
	const char		*iss;		/* in claims */
	const char		*sub;		/* in claims, or NULL */
};

/*
 * Verify tok: at most JWT_MAX_LEN bytes, three base64url parts, alg RS256
 * or ES256 (none, HMAC and anything else refused; keys embedded in the
 * header are never used), signed by the issuer's key; then the claims: iss
 * a string, aud equal to audience (or an array holding it), iat and nbf not
 * in the future, exp in the future, exp - iat at most JWT_MAX_LIFE.
 * Returns 0 (out->claims to be put by the caller) or -1 with *why, a short
 * message safe to show the client.
 */
int	 jwt_verify(const char *tok, size_t len, const char *audience,
	    time_t now, jwt_key_fn, void *arg, struct jwt *out,
	    const char **why);
/* 1 if s has the shape of a JWS compact serialization (x.y.z, "eyJ"). */
int	 jwt_looks(const char *s);

#endif
