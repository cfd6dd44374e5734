-- 0008_audit_context.sql: where an audit event came from, as Buildkite's
-- audit events say (context.type).

ALTER TABLE audit_events ADD COLUMN context text NOT NULL DEFAULT '';
COMMENT ON COLUMN audit_events.context IS 'WebContext (a page of the web interface) or RestApiContext (the REST API or a package client); empty for depotctl and rows older than this column';
