/* db_token.c: SQL for API tokens */
#include <string.h>

#include "db/db_token.h"
#include "util/digest.h"
#include "util/banned.h"

static struct db_stmt st_token_create = { "token_create",
	"INSERT INTO api_tokens (org_id, user_id, description, token_hash, "
	"scopes) VALUES ($1, $2, $3, decode($4, 'hex'), $5::text[]) "
	"RETURNING id", 5, 0 };
static struct db_stmt st_token_lookup = { "token_lookup",
	"SELECT t.id, t.org_id, o.slug, t.user_id, u.email, "
	"array_to_string(t.scopes, ','), coalesce(m.role, ''), "
	"encode(t.token_hash, 'hex'), o.teams_enabled "
	"FROM api_tokens t JOIN organizations o ON o.id = t.org_id "
	"JOIN users u ON u.id = t.user_id "
	"LEFT JOIN memberships m ON m.org_id = t.org_id "
	"AND m.user_id = t.user_id "
	"WHERE t.token_hash = decode($1, 'hex')", 1, 0 };

int
db_token_create(struct db *db, struct arena *a, const char *org_id,
    const char *user_id, const char *description,
    const unsigned char hash[32], const char *scopes, char **id)
{
	char		 hex[65];
	const char	*p[5] = { org_id, user_id, description, hex, scopes };
	PGresult	*res;

	hex_encode(hash, 32, hex);
	if ((res = db_run(db, &st_token_create, p, NULL)) == NULL)
		return -1;
	*id = db_str(a, res, 0, 0);
	PQclear(res);
	return 0;
}

int
db_token_lookup(struct db *db, struct arena *a, const unsigned char hash[32],
    struct token_row *out)
{
	char		 hex[65];
	const char	*p[1] = { hex };
	const char	*role;
	unsigned char	 stored[32];
	PGresult	*res;
	int		 rc = 1;

	hex_encode(hash, 32, hex);
	if ((res = db_run(db, &st_token_lookup, p, NULL)) == NULL)
		return -1;
	/* The index found it; compare the whole hash in constant time too. */
	if (PQntuples(res) == 1 &&
	    hex_decode(PQgetvalue(res, 0, 7), 64, stored, 32) == 0 &&
	    digest_equal(stored, hash, 32)) {
		out->id = db_str(a, res, 0, 0);
		out->org_id = db_str(a, res, 0, 1);
		out->org_slug = db_str(a, res, 0, 2);
		out->user_id = db_str(a, res, 0, 3);
		out->user_email = db_str(a, res, 0, 4);
		out->scopes = db_str(a, res, 0, 5);
		role = PQgetvalue(res, 0, 6);
		out->role = strcmp(role, "admin") == 0 ? ROLE_ADMIN :
		    strcmp(role, "member") == 0 ? ROLE_MEMBER : ROLE_NONE;
		out->teams = db_bool(res, 0, 8);
		rc = 0;
	}
	PQclear(res);
	return rc;
}
