/* jwks.h: the trusted OIDC issuers and their keys */
#ifndef DEPOT_JWKS_H
#define DEPOT_JWKS_H

#include <stddef.h>

#include <cjose/cjose.h>

#include "util/conf.h"

/*
 * From depot.conf's oidc_issuer lines ("ISSUER-URL JWKS-SOURCE", the source
 * a file path or an https:// URL). Keys are loaded on first use and kept for
 * the life of the worker; a URL source is fetched again (at most every 30 s)
 * when a token names a key id it does not have, so issuer key rotation
 * works without a restart.
 */
int	 jwks_configure(const struct conf_list *, char *err, size_t errsz);
int	 jwks_trusted(const char *iss);
/* A key of the issuer with that kid, suitable for alg; NULL if none. */
const cjose_jwk_t *jwks_key(void *arg, const char *iss, const char *kid,
	    const char *alg);
/*
 * Parse a JWK Set (JSON, at most 1 MiB) into keys usable for signatures
 * (RSA, EC P-256). *keys is malloc'd; free with jwks_free_keys.
 */
int	 jwks_parse(const char *json, size_t len, cjose_jwk_t ***keys,
	    size_t *n, char *err, size_t errsz);
void	 jwks_free_keys(cjose_jwk_t **, size_t);

#endif
