/* credential.h: the Authorization header, in every form clients send it */
#ifndef DEPOT_CREDENTIAL_H
#define DEPOT_CREDENTIAL_H

#include <stddef.h>

#include "util/arena.h"

enum cred_kind {
	CRED_NONE,	/* no header */
	CRED_BEARER,	/* "Bearer <t>" (npm _authToken, Maven header, REST) */
	CRED_BASIC,	/* "Basic b64(user:secret)" (pip, apt, dnf, gem URLs) */
	CRED_RAW	/* "<t>" alone (RubyGems API key) */
};

struct credential {
	enum cred_kind	 kind;
	const char	*user;		/* Basic only; any value is accepted */
	const char	*secret;	/* the token */
};

#define CRED_MAX_LEN	16384

/*
 * Parse an Authorization value. Fails (-1, *why set) when it is over
 * CRED_MAX_LEN bytes, a Basic value is not valid base64 or has no ':', the
 * secret is empty or holds control characters. header may be NULL (no
 * credential).
 */
int	 credential_parse(struct arena *, const char *header, size_t len,
	    struct credential *out, const char **why);

#endif
