/* db_token.h: API access tokens, stored as SHA-256 hashes */
#ifndef DEPOT_DB_TOKEN_H
#define DEPOT_DB_TOKEN_H

#include "db/db.h"
#include "db/model.h"

/* What a token lookup yields: the owner, the org and the scopes. */
struct token_row {
	char		*id;
	char		*org_id;
	char		*org_slug;
	char		*user_id;
	char		*user_email;
	char		*scopes;	/* comma-separated scope names */
	enum role	 role;		/* owner's role in the org now */
	int		 teams;		/* the org uses teams */
};

/* scopes: a PostgreSQL array literal "{a,b}". hash: 32 bytes. */
int	 db_token_create(struct db *, struct arena *, const char *org_id,
	    const char *user_id, const char *description,
	    const unsigned char hash[32], const char *scopes, char **id);
/* 0 found, 1 no such token, -1 error. */
int	 db_token_lookup(struct db *, struct arena *,
	    const unsigned char hash[32], struct token_row *out);

#endif
