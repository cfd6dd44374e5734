-- 0003_storage.sql: private storage links (S3-compatible buckets), the
-- storage of each registry, the organization's default, and the inventory
-- of blobs Depot wrote (for release after deletes and for `depotctl gc`).

CREATE TABLE storage_links (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	name		text NOT NULL
			CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
	kind		text NOT NULL DEFAULT 's3' CHECK (kind IN ('s3')),
	endpoint	text NOT NULL CHECK (endpoint ~ '^https?://[^/?#@]+$'),
	region		text NOT NULL,
	bucket		text NOT NULL,
	prefix		text NOT NULL DEFAULT '',
	path_style	boolean NOT NULL DEFAULT true,
	access_key_id	text NOT NULL,
	secret_sealed	text NOT NULL,
	status		text NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'failing')),
	diagnostic	jsonb NOT NULL DEFAULT '[]',
	checked_at	timestamptz NOT NULL DEFAULT now(),
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (org_id, name)
);
COMMENT ON TABLE storage_links IS 'Private storage: an organization''s own S3-compatible bucket that registries may store package files in';
COMMENT ON COLUMN storage_links.name IS 'Chosen by the admin; unique in the organization';
COMMENT ON COLUMN storage_links.endpoint IS 'Base URL of the S3 API, scheme and host[:port] only (https://s3.us-east-1.amazonaws.com, https://storage.googleapis.com, http://127.0.0.1:9000)';
COMMENT ON COLUMN storage_links.region IS 'SigV4 signing region (us-east-1; auto for GCS)';
COMMENT ON COLUMN storage_links.prefix IS 'Key prefix inside the bucket, empty or ending in /; objects are PREFIX sha256/<hex>';
COMMENT ON COLUMN storage_links.path_style IS 'true: http://host/bucket/key; false: virtual-host http://bucket.host/key';
COMMENT ON COLUMN storage_links.secret_sealed IS 'The secret access key sealed with AES-256-GCM under the server key (secret_key_file), bound to the link id; never shown again';
COMMENT ON COLUMN storage_links.status IS 'active: the last diagnostic passed and registries may use it; failing: it did not, and no registry may be switched to it';
COMMENT ON COLUMN storage_links.diagnostic IS 'Steps of the last diagnostic: [{step, ok, message}], service messages only, never a secret';

ALTER TABLE registries ADD COLUMN storage_id uuid REFERENCES storage_links;
COMMENT ON COLUMN registries.storage_id IS 'Where new package files go: a storage link, or NULL for hosted storage; files already published stay where package_files.storage says';
ALTER TABLE organizations ADD COLUMN default_storage_id uuid
	REFERENCES storage_links;
COMMENT ON COLUMN organizations.default_storage_id IS 'Storage given to new registries: a storage link, or NULL for hosted storage';

-- New registries start on their organization's default storage, whichever
-- path creates them (REST, web UI, depotctl).
CREATE FUNCTION registries_default_storage() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.storage_id IS NULL THEN
		SELECT default_storage_id INTO NEW.storage_id
		FROM organizations WHERE id = NEW.org_id;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER registries_default_storage BEFORE INSERT ON registries
	FOR EACH ROW EXECUTE FUNCTION registries_default_storage();

CREATE TABLE blobs (
	storage		text NOT NULL,
	sha256		text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (storage, sha256)
);
COMMENT ON TABLE blobs IS 'Blobs Depot wrote, per storage: recorded before the bytes are stored, so a crash between store and publish leaves a row that `depotctl gc` finds; removed (hosted) or marked deleted (storage link) once no package_files row refers to them';
COMMENT ON COLUMN blobs.storage IS 'hosted, or the id of a storage link (as package_files.storage)';
COMMENT ON COLUMN blobs.created_at IS 'Last time a publish wrote it; gc leaves young rows alone (publishes in flight)';

INSERT INTO blobs (storage, sha256)
	SELECT DISTINCT storage, sha256 FROM package_files;
