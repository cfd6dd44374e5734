/* principal.h: who is calling, and what their credential allows */
#ifndef DEPOT_PRINCIPAL_H
#define DEPOT_PRINCIPAL_H

#include "db/model.h"

/* API scopes, as in Buildkite's REST API. */
enum scope {
	SC_READ_REGISTRIES	= 1 << 0,
	SC_WRITE_REGISTRIES	= 1 << 1,
	SC_DELETE_REGISTRIES	= 1 << 2,
	SC_READ_PACKAGES	= 1 << 3,
	SC_WRITE_PACKAGES	= 1 << 4,
	SC_DELETE_PACKAGES	= 1 << 5,
	SC_READ_AUDIT_EVENTS	= 1 << 6,
	SC__ALL			= (1 << 7) - 1
};

enum principal_kind {
	PK_ANON,
	PK_API_TOKEN,		/* a user's token, scoped, in one org */
	PK_REGISTRY_TOKEN,	/* reads one private registry */
	PK_OIDC,		/* a CI job's OIDC token, per the policy */
	PK_SESSION		/* a web session (RT_UI routes only) */
};

struct principal {
	enum principal_kind	 kind;
	const char		*token_id;
	const char		*user_id;
	const char		*user_email;
	const char		*org_id;	/* the credential's org */
	const char		*org_slug;
	enum role		 role;		/* in that org */
	int			 teams;		/* the org uses teams */
	unsigned		 scopes;	/* enum scope bits */
	const char		*registry_id;	/* PK_REGISTRY_TOKEN's registry;
						 * PK_OIDC's once authorized */
	const char		*jwt;		/* PK_OIDC: the token */
	const char		*oidc_sub;	/* PK_OIDC: its subject */
	/*
	 * PK_SESSION: the session's CSRF token, the SHA-256 of its id (hex),
	 * and the organization it logged in to. org_id/org_slug/role are
	 * those of the {org} in the path when the user belongs to it (org_id
	 * is "" when not), else of that home organization.
	 */
	const char		*csrf;
	const char		*session_hash;
	const char		*home_slug;
};

/* Access to one registry, lowest to highest. */
enum access {
	ACC_NONE,
	ACC_READ,
	ACC_WRITE,
	ACC_ADMIN
};

#endif
