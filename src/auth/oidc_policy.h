/* oidc_policy.h: registry OIDC policies: parse (YAML or JSON) and match */
#ifndef DEPOT_OIDC_POLICY_H
#define DEPOT_OIDC_POLICY_H

#include <stddef.h>

#include <json-c/json.h>

#include "util/arena.h"

/*
 * A policy is a list of statements (REFERENCE.md 4.4):
 *   - iss: https://agent.buildkite.com
 *     scopes: [read_packages, write_packages]
 *     claims:
 *       organization_slug: acme              # bare scalar = equals
 *       pipeline_slug: {in: [web, api]}
 *       build_branch: {matches: [main, "release-*"], not_equals: wip}
 * written in YAML (plain scalars, maps and lists only: anchors, aliases and
 * tags are refused) or as a JSON array (JSON is YAML, so one parser reads
 * both). Statements are tried in order; the first whose iss equals the
 * token's and whose every claim rule holds grants its scopes. A claim named
 * by a rule but missing from the token fails the statement. matches applies
 * to string claims only ("*" any run, "?" one character) and is ignored for
 * others. A statement without scopes grants read_packages and
 * write_packages (what policies meant before scopes existed).
 */
enum policy_op {
	PO_EQUALS,
	PO_NOT_EQUALS,
	PO_IN,
	PO_NOT_IN,
	PO_MATCHES,
	PO__MAX
};

enum scalar_type {
	SV_STRING,
	SV_NUMBER,
	SV_BOOL,
	SV_NULL
};

struct policy_scalar {
	enum scalar_type	 type;
	const char		*text;	/* as written; numbers compared as such */
};

struct policy_rule {
	const char		*claim;
	enum policy_op		 op;
	struct policy_scalar	*values;
	size_t			 nvalues;
};

struct policy_statement {
	const char		*iss;
	unsigned		 scopes;	/* enum scope bits */
	struct policy_rule	*rules;
	size_t			 nrules;
	size_t			 line;
};

struct policy {
	struct policy_statement	*st;
	size_t			 n;
};

#define POLICY_MAX_BYTES	65536
#define POLICY_MAX_STATEMENTS	64
#define POLICY_MAX_RULES	64	/* per statement */
#define POLICY_MAX_VALUES	256	/* per rule */
#define POLICY_MAX_SCALAR	1024	/* bytes */

/*
 * Parse and check p[0..len). On error returns -1 with err naming the line,
 * the statement and the field: "line 4: statement 1: unknown key 'scope'".
 * Arena memory.
 */
int	 policy_parse(struct arena *, const char *p, size_t len,
	    struct policy *out, char *err, size_t errsz);
/*
 * The scopes granted to a token with these claims (a JSON object) issued by
 * iss: those of the first matching statement, or 0.
 */
unsigned policy_match(const struct policy *, const char *iss,
	    struct json_object *claims);
/* Glob with * and ?, whole string. */
int	 policy_glob(const char *pattern, const char *s);

#endif
