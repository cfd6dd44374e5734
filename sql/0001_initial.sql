-- 0001_initial.sql: organizations, users, tokens, registries, packages
-- Applied by `depotctl migrate` inside one transaction and recorded in
-- schema_migrations. Forward-only: later changes go in new files.

CREATE TABLE organizations (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	slug		text NOT NULL UNIQUE
			CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
	name		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE organizations IS 'Tenants: every registry, token and membership belongs to one';
COMMENT ON COLUMN organizations.slug IS 'URL name: /{slug}/... on the package host';

CREATE TABLE users (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	email		text NOT NULL,
	name		text NOT NULL DEFAULT '',
	password_hash	text,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
COMMENT ON TABLE users IS 'People who log in or own API tokens';
COMMENT ON COLUMN users.password_hash IS 'argon2id encoded hash; NULL when the user cannot log in with a password';

CREATE TABLE memberships (
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	user_id		uuid NOT NULL REFERENCES users ON DELETE CASCADE,
	role		text NOT NULL CHECK (role IN ('admin', 'member')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (org_id, user_id)
);
COMMENT ON TABLE memberships IS 'Which users belong to which organization, and as what';

CREATE TABLE api_tokens (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	user_id		uuid NOT NULL REFERENCES users ON DELETE CASCADE,
	description	text NOT NULL DEFAULT '',
	token_hash	bytea NOT NULL UNIQUE,
	scopes		text[] NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_used_at	timestamptz
);
COMMENT ON TABLE api_tokens IS 'User API access tokens, valid in one organization, limited by scopes';
COMMENT ON COLUMN api_tokens.token_hash IS 'SHA-256 of the token: tokens carry 256 random bits, so a fast hash is right; the token itself is never stored';
COMMENT ON COLUMN api_tokens.scopes IS 'read_/write_/delete_ x registries/packages, read_audit_events';

CREATE TABLE registries (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	name		text NOT NULL,
	slug		text NOT NULL,
	ecosystem	text NOT NULL,
	description	text NOT NULL DEFAULT '',
	emoji		text,
	color		text,
	public		boolean NOT NULL DEFAULT false,
	oidc_policy	text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (org_id, slug)
);
COMMENT ON TABLE registries IS 'Source registries: one ecosystem each, holding packages';
COMMENT ON COLUMN registries.slug IS 'kebab-case of the name; changes when the name changes';
COMMENT ON COLUMN registries.ecosystem IS 'javascript, python, ruby, java, files, ... fixed at creation';
COMMENT ON COLUMN registries.oidc_policy IS 'OIDC policy as the user gave it (YAML or JSON text), NULL for none';

CREATE TABLE packages (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	registry_id	uuid NOT NULL REFERENCES registries ON DELETE CASCADE,
	name		text NOT NULL,
	version		text NOT NULL,
	metadata	jsonb NOT NULL DEFAULT '{}',
	readme		text,
	deprecated	text,
	uploader_id	uuid REFERENCES users ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT clock_timestamp(),
	downloads	bigint NOT NULL DEFAULT 0,
	UNIQUE (registry_id, name, version)
);
CREATE INDEX packages_registry_created ON packages (registry_id, created_at DESC, id DESC);
COMMENT ON TABLE packages IS 'One published version of a package (or file, image, chart, module)';
COMMENT ON COLUMN packages.metadata IS 'Manifest read from the artifact on the server (npm: package.json), never from the client';
COMMENT ON COLUMN packages.readme IS 'README text from the artifact, when it has one';
COMMENT ON COLUMN packages.deprecated IS 'npm deprecation message (PyPI yank reason); NULL when current';
COMMENT ON COLUMN packages.downloads IS 'Downloads, added in batches by the workers';

CREATE TABLE package_files (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	package_id	uuid NOT NULL REFERENCES packages ON DELETE CASCADE,
	filename	text NOT NULL,
	size		bigint NOT NULL,
	md5		text NOT NULL,
	sha1		text NOT NULL,
	sha256		text NOT NULL,
	sha512		text NOT NULL,
	content_type	text NOT NULL,
	storage		text NOT NULL DEFAULT 'hosted',
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (package_id, filename)
);
CREATE INDEX package_files_sha256 ON package_files (sha256);
COMMENT ON TABLE package_files IS 'The files of a package; bytes live in blob storage under their sha256';
COMMENT ON COLUMN package_files.storage IS 'hosted, or the id of a private storage link';

CREATE TABLE dist_tags (
	registry_id	uuid NOT NULL REFERENCES registries ON DELETE CASCADE,
	name		text NOT NULL,
	tag		text NOT NULL,
	version		text NOT NULL,
	PRIMARY KEY (registry_id, name, tag)
);
COMMENT ON TABLE dist_tags IS 'npm dist-tags: tag -> version per package name';
