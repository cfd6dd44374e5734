-- 0002_teams_tokens_audit.sql: teams and their registry access, registry
-- tokens, the audit log.

ALTER TABLE organizations ADD COLUMN teams_enabled boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN organizations.teams_enabled IS 'With teams, members reach registries only through their teams; without, every member reads and publishes everywhere';

CREATE TABLE teams (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	slug		text NOT NULL,
	name		text NOT NULL,
	members_can_create_registries	boolean NOT NULL DEFAULT false,
	members_can_delete_registries	boolean NOT NULL DEFAULT false,
	members_can_delete_packages	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (org_id, slug)
);
COMMENT ON TABLE teams IS 'Groups of members that are granted access to registries';
COMMENT ON COLUMN teams.members_can_create_registries IS 'Member permission "Create registries" (maintainers always may)';

CREATE TABLE team_members (
	team_id		uuid NOT NULL REFERENCES teams ON DELETE CASCADE,
	user_id		uuid NOT NULL REFERENCES users ON DELETE CASCADE,
	role		text NOT NULL CHECK (role IN ('member', 'maintainer')),
	PRIMARY KEY (team_id, user_id)
);
COMMENT ON TABLE team_members IS 'Who is in a team; maintainers manage it and keep every member permission';

CREATE TABLE team_registries (
	team_id		uuid NOT NULL REFERENCES teams ON DELETE CASCADE,
	registry_id	uuid NOT NULL REFERENCES registries ON DELETE CASCADE,
	access_level	text NOT NULL CHECK (access_level IN
			('READ_ONLY', 'READ_AND_WRITE', 'READ_WRITE_AND_ADMIN')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (team_id, registry_id)
);
CREATE INDEX team_registries_registry ON team_registries (registry_id);
COMMENT ON TABLE team_registries IS 'A team''s access to a registry; across teams the highest level wins';

CREATE TABLE registry_tokens (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	registry_id	uuid NOT NULL REFERENCES registries ON DELETE CASCADE,
	description	text NOT NULL,
	sealed		text NOT NULL,
	lookup		text NOT NULL UNIQUE,
	created_by	uuid REFERENCES users ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_tokens_registry ON registry_tokens (registry_id, created_at);
COMMENT ON TABLE registry_tokens IS 'Read-only tokens of one private registry; viewable again, so kept sealed';
COMMENT ON COLUMN registry_tokens.sealed IS 'The token, AES-256-GCM under the server key, bound to the row id';
COMMENT ON COLUMN registry_tokens.lookup IS 'HMAC-SHA256 of the token under the server key, to find it';

CREATE TABLE audit_events (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	type		text NOT NULL,
	occurred_at	timestamptz NOT NULL DEFAULT clock_timestamp(),
	actor_type	text NOT NULL,
	actor_id	uuid,
	actor_name	text NOT NULL DEFAULT '',
	subject_type	text NOT NULL,
	subject_id	uuid,
	subject_name	text NOT NULL DEFAULT '',
	request_ip	text NOT NULL DEFAULT '',
	user_agent	text NOT NULL DEFAULT '',
	data		jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_org ON audit_events (org_id, occurred_at DESC, id DESC);
COMMENT ON TABLE audit_events IS 'Every change to registries, tokens, team access, visibility and storage; never holds a secret';
COMMENT ON COLUMN audit_events.data IS 'The changed fields, new values';
