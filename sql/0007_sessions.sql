-- 0007_sessions.sql: web sessions (server-side) and failed-login counters
-- for rate limiting the login form.

CREATE TABLE sessions (
	id_hash		bytea PRIMARY KEY,
	user_id		uuid NOT NULL REFERENCES users ON DELETE CASCADE,
	org_id		uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
	csrf		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	request_ip	text NOT NULL DEFAULT '',
	user_agent	text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
COMMENT ON TABLE sessions IS 'Web UI sessions; the browser holds the session id in an HttpOnly cookie';
COMMENT ON COLUMN sessions.id_hash IS 'SHA-256 of the session id (256 random bits); the id itself is never stored';
COMMENT ON COLUMN sessions.org_id IS 'The organization the user logged in to: where the UI starts; pages of other organizations the user belongs to work too';
COMMENT ON COLUMN sessions.csrf IS 'The CSRF token every form of this session carries (random, 256 bits)';
COMMENT ON COLUMN sessions.expires_at IS 'Absolute end of the session; expired rows are ignored and removed at the next login';
COMMENT ON COLUMN sessions.request_ip IS 'Address the login came from, for the user''s information';

CREATE TABLE login_failures (
	key		text PRIMARY KEY,
	failures	integer NOT NULL DEFAULT 0,
	window_start	timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE login_failures IS 'Failed logins per account (key "user:<lower-case email>") and per client address ("ip:<address>") in the current window, for rate limiting';
COMMENT ON COLUMN login_failures.failures IS 'Failed attempts since window_start; the window restarts when it is older than the limit''s period';
