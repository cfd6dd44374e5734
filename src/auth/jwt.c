/* jwt.c: JWS verification with libcjose, then the claim checks */
#include <string.h>

#include "auth/jwt.h"
#include "util/banned.h"

int
jwt_looks(const char *s)
{
	const char	*p;
	int		 dots = 0;

	if (strncmp(s, "eyJ", 3) != 0)
		return 0;
	for (p = s; *p; p++) {
		if (*p == '.')
			dots++;
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	}
	return dots == 2;
}

/* An integer-valued time claim: 1 present (*t set), 0 absent, -1 bad. */
static int
time_claim(struct json_object *claims, const char *name, time_t *t)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(claims, name, &v))
		return 0;
	if (v == NULL || !(json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double)))
		return -1;
	*t = (time_t)json_object_get_int64(v);
	return 1;
}

static int
aud_matches(struct json_object *claims, const char *audience)
{
	struct json_object	*aud, *v;
	size_t			 i;

	if (!json_object_object_get_ex(claims, "aud", &aud) || aud == NULL)
		return 0;
	if (json_object_is_type(aud, json_type_string))
		return strcmp(json_object_get_string(aud), audience) == 0;
	if (!json_object_is_type(aud, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(aud) && i < 32; i++) {
		v = json_object_array_get_idx(aud, i);
		if (v && json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), audience) == 0)
			return 1;
	}
	return 0;
}

int
jwt_verify(const char *tok, size_t len, const char *audience, time_t now,
    jwt_key_fn key_fn, void *arg, struct jwt *out, const char **why)
{
	cjose_err		 err;
	cjose_jws_t		*jws = NULL;
	cjose_header_t		*hdr;
	const cjose_jwk_t	*key;
	struct json_object	*claims = NULL, *v;
	struct json_tokener	*tk = NULL;
	uint8_t			*payload;
	size_t			 plen;
	const char		*alg, *kid, *iss;
	time_t			 iat, exp, nbf;
	int			 rc = -1, have;

	memset(out, 0, sizeof(*out));
	*why = "invalid token";
	if (len > JWT_MAX_LEN) {
		*why = "token is too long";
		return -1;
	}
	if (!jwt_looks(tok))
		return -1;
	if ((jws = cjose_jws_import(tok, len, &err)) == NULL) {
		*why = "malformed token";
		return -1;
	}
	if ((hdr = cjose_jws_get_protected(jws)) == NULL ||
	    (alg = cjose_header_get(hdr, CJOSE_HDR_ALG, &err)) == NULL) {
		*why = "token has no algorithm";
		goto out;
	}
	if (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0) {
		*why = "token algorithm must be RS256 or ES256";
		goto out;
	}
	kid = cjose_header_get(hdr, CJOSE_HDR_KID, &err);
	if (!cjose_jws_get_plaintext(jws, &payload, &plen, &err)) {
		*why = "malformed token";
		goto out;
	}
	if ((tk = json_tokener_new_ex(16)) == NULL)
		goto out;
	claims = json_tokener_parse_ex(tk, (const char *)payload, (int)plen);
	if (claims == NULL || json_tokener_get_error(tk) != json_tokener_success
	    || (size_t)json_tokener_get_parse_end(tk) != plen ||
	    !json_object_is_type(claims, json_type_object)) {
		*why = "token claims are not a JSON object";
		goto out;
	}
	if (!json_object_object_get_ex(claims, "iss", &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string)) {
		*why = "token has no issuer";
		goto out;
	}
	iss = json_object_get_string(v);
	if ((key = key_fn(arg, iss, kid, alg)) == NULL) {
		*why = "token issuer or key is not trusted";
		goto out;
	}
	if (!cjose_jws_verify(jws, key, &err)) {
		*why = "token signature does not verify";
		goto out;
	}
	if (!aud_matches(claims, audience)) {
		*why = "token audience is not this registry";
		goto out;
	}
	if (time_claim(claims, "iat", &iat) != 1 ||
	    time_claim(claims, "exp", &exp) != 1) {
		*why = "token needs iat and exp";
		goto out;
	}
	if ((have = time_claim(claims, "nbf", &nbf)) == -1) {
		*why = "token nbf is not a time";
		goto out;
	}
	if (iat > now + JWT_LEEWAY || (have && nbf > now + JWT_LEEWAY)) {
		*why = "token is not valid yet";
		goto out;
	}
	if (exp <= now) {
		*why = "token has expired";
		goto out;
	}
	if (exp - iat > JWT_MAX_LIFE) {
		*why = "token lives longer than 300 seconds";
		goto out;
	}
	out->claims = claims;
	out->iss = iss;
	if (json_object_object_get_ex(claims, "sub", &v) && v &&
	    json_object_is_type(v, json_type_string))
		out->sub = json_object_get_string(v);
	claims = NULL;
	rc = 0;
out:
	if (claims)
		json_object_put(claims);
	if (tk)
		json_tokener_free(tk);
	cjose_jws_release(jws);
	return rc;
}
