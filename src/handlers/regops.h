/* regops.h: changing registries and their tokens, for the REST API and
 * the web pages alike */
#ifndef DEPOT_REGOPS_H
#define DEPOT_REGOPS_H

#include <stddef.h>

#include "db/db_regtoken.h"
#include "db/model.h"
#include "req.h"

/*
 * Every rule about a registry's fields, who may create, change or delete
 * one, and what each change records in the audit log lives here once:
 * h_registry.c and h_regtoken.c (JSON) and h_ui_*.c (forms) only turn
 * their input into these structs and the results into their answers.
 *
 * Statuses: ST_OK; ST_INVALID with *err naming the field (REST renders it
 * as Buildkite's 422 shape, the pages print err->msg beside the field);
 * any other status with req_fail's message (403 for a missing permission,
 * 409, 503).
 */

/* Limits of the registry fields, in characters. */
#define REG_NAME_MAX	100
#define REG_DESC_MAX	1000
#define REG_EMOJI_MAX	64
#define REG_POLICY_MAX	(64 * 1024)
#define REG_TEAMS_MAX	100
#define REGTOKEN_DESC_MAX	255

/* Fields as given; NULL when absent. has_*: present, NULL meaning clear. */
struct reg_input {
	const char	*name;
	const char	*ecosystem;
	const char	*description;
	const char	*emoji;
	const char	*color;
	const char	*oidc_policy;
	int		 has_emoji, has_color, has_policy;
};

/* The first problem found: field, code (missing, invalid, ...), message. */
struct reg_error {
	const char	*field;
	const char	*code;
	const char	*msg;
};

/* kebab-case of a name: "My npm Things" -> "my-npm-things". */
char		*regops_slugify(struct arena *, const char *name);
/*
 * Well-formed UTF-8 without NUL or control characters (tab and line
 * breaks allowed when multiline), at most max characters?
 */
int		 regops_valid_text(const char *, size_t max, int multiline);
/*
 * Check in's fields (text, lengths, color, emoji, the OIDC policy parses).
 * 0, or -1 with *err.
 */
int		 regops_check(struct arena *, const struct reg_input *,
		    struct reg_error *);
/*
 * Create a registry in r->org from in (name and ecosystem required), as
 * r's principal: needs the "create registries" permission; when the
 * organization uses teams a member must name teams (of the org) to grant
 * READ_AND_WRITE. One transaction; REGISTRY_CREATED and
 * TEAM_REGISTRY_CREATED recorded. *out on ST_OK.
 */
enum status	 regops_create(struct req *, const struct reg_input *,
		    const char *const *team_ids, size_t nteams,
		    struct registry *out, struct reg_error *err);
/*
 * Change r->registry's name (and so its slug), description, emoji, color
 * and OIDC policy as given; the ecosystem cannot change. Records
 * REGISTRY_UPDATED with what changed; nothing changed, nothing written.
 * *out is the registry afterwards.
 */
enum status	 regops_update(struct req *, const struct reg_input *,
		    struct registry *out, struct reg_error *err);
/*
 * Delete r->registry with its packages (needs the "delete registries"
 * permission); unshared blobs are released. REGISTRY_DELETED.
 */
enum status	 regops_delete(struct req *);
/* Make r->registry public or private; REGISTRY_VISIBILITY_CHANGED. */
enum status	 regops_set_public(struct req *, int public);

/*
 * Store r->registry's new packages in storage link link_id of its
 * organization (it must be active), or in hosted storage (NULL); files
 * published earlier stay where they are. REGISTRY_UPDATED with the
 * storage, as `depotctl storage use` records it.
 */
enum status	 regops_set_storage(struct req *, const char *link_id);

/*
 * Delete package id of r->registry with its files (needs the "delete
 * packages" permission); blobs no other package uses are released.
 */
enum status	 regops_package_delete(struct req *, const char *id);

/*
 * Registry tokens of r->registry. They are unavailable while it is public
 * (409 from regops_token_available). A description is one line of at most
 * REGTOKEN_DESC_MAX characters.
 */
enum status	 regops_token_available(struct req *);
int		 regops_token_check(const char *desc, struct reg_error *);
/* A new token: *out and its secret in *secret (arena). */
enum status	 regops_token_create(struct req *, const char *desc,
		    struct regtoken *out, char **secret);
enum status	 regops_token_get(struct req *, const char *id,
		    struct regtoken *out);
/* The secret of a token, unsealed with the server key. */
enum status	 regops_token_reveal(struct req *, const struct regtoken *,
		    char **secret);
enum status	 regops_token_update(struct req *, const char *id,
		    const char *desc, struct regtoken *out);
enum status	 regops_token_delete(struct req *, const char *id);

#endif
