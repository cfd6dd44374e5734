/* v_org.c: organization pages: storage and the audit log */
#include <stdio.h>
#include <string.h>

#include "storage/s3.h"
#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

void
v_storage(struct view *v, const struct org *o, const struct storage_link *l,
    size_t n)
{
	struct html	*h = &v->h;
	size_t		 i;
	int		 hosted_default = 1;

	for (i = 0; i < n; i++)
		if (l[i].is_default)
			hosted_default = 0;
	html_tag(h, EL_H1, "Storage");
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "Where the registries of ");
	html_tag(h, EL_STRONG, o->name && *o->name ? o->name : o->slug);
	html_lit(h, " store package files. New registries use the "
	    "organization's default.");
	html_close(h, EL_P);
	html_open(h, EL_DIV, ATTR_CLASS, "table-wrap", ATTR__END);
	html_open(h, EL_TABLE, ATTR_CLASS, "storage", ATTR__END);
	html_open(h, EL_THEAD, ATTR__END);
	html_open(h, EL_TR, ATTR__END);
	html_tag(h, EL_TH, "Storage");
	html_tag(h, EL_TH, "Location");
	html_tag(h, EL_TH, "Status");
	html_tag(h, EL_TH, "Registries");
	html_close(h, EL_THEAD);
	html_open(h, EL_TBODY, ATTR__END);
	html_open(h, EL_TR, ATTR__END);
	html_open(h, EL_TD, ATTR__END);
	html_tag(h, EL_STRONG, "Hosted storage");
	if (hosted_default) {
		html_lit(h, " ");
		html_open(h, EL_SPAN, ATTR_CLASS, "badge", ATTR__END);
		html_lit(h, "Default");
		html_close(h, EL_SPAN);
	}
	html_close(h, EL_TD);
	html_tag(h, EL_TD, "This server's disk, sent by its web server");
	html_tag(h, EL_TD, "Active");
	html_tag(h, EL_TD, "");
	html_close(h, EL_TR);
	for (i = 0; i < n; i++) {
		html_open(h, EL_TR, ATTR__END);
		html_open(h, EL_TD, ATTR__END);
		html_tag(h, EL_STRONG, l[i].name);
		if (l[i].is_default) {
			html_lit(h, " ");
			html_open(h, EL_SPAN, ATTR_CLASS, "badge", ATTR__END);
			html_lit(h, "Default");
			html_close(h, EL_SPAN);
		}
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_open(h, EL_CODE, ATTR__END);
		html_textf(h, "s3://%s/%s", l[i].bucket, l[i].prefix ?
		    l[i].prefix : "");
		html_close(h, EL_CODE);
		html_open(h, EL_SMALL, ATTR_CLASS, "muted block", ATTR__END);
		html_textf(h, "%s (%s)", l[i].endpoint, l[i].region);
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_open(h, EL_SPAN, ATTR_CLASS, strcmp(l[i].status,
		    "active") == 0 ? "badge badge-public" : "badge badge-warn",
		    ATTR_TITLE, l[i].checked_at, ATTR__END);
		html_text(h, strcmp(l[i].status, "active") == 0 ? "Active" :
		    "Failing");
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_textf(h, "%lld", l[i].registries);
		html_close(h, EL_TR);
	}
	html_close(h, EL_TABLE);
	html_close(h, EL_DIV);
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	html_open(h, EL_A, ATTR_CLASS, "btn btn-primary", ATTR_ID,
	    "new-storage", ATTR_HREF, v_url(v, "organizations", o->slug,
	    "storage", "new", NULL), ATTR__END);
	html_lit(h, "Link a bucket");
	html_close(h, EL_A);
	html_close(h, EL_DIV);

	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID,
	    "default-storage", ATTR__END);
	html_tag(h, EL_H2, "Default for new registries");
	html_form_open(h, v_url(v, "organizations", o->slug, "storage",
	    "default", NULL), ATTR_CLASS, "stack", ATTR__END);
	html_open(h, EL_FIELDSET, ATTR_CLASS, "field", ATTR__END);
	html_tag(h, EL_LEGEND, "New registries store packages in");
	html_open(h, EL_LABEL, ATTR_CLASS, "check", ATTR__END);
	html_open(h, EL_INPUT, ATTR_TYPE, "radio", ATTR_NAME, "storage",
	    ATTR_VALUE, "hosted", ATTR_CHECKED, hosted_default ? "" : NULL,
	    ATTR__END);
	html_lit(h, "Hosted storage");
	html_close(h, EL_LABEL);
	for (i = 0; i < n; i++) {
		if (strcmp(l[i].status, "active") != 0)
			continue;
		html_open(h, EL_LABEL, ATTR_CLASS, "check", ATTR__END);
		html_open(h, EL_INPUT, ATTR_TYPE, "radio", ATTR_NAME,
		    "storage", ATTR_VALUE, l[i].id, ATTR_CHECKED,
		    l[i].is_default ? "" : NULL, ATTR__END);
		html_text(h, l[i].name);
		html_close(h, EL_LABEL);
	}
	html_close(h, EL_FIELDSET);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS, "btn",
	    ATTR_ID, "save-default", ATTR__END);
	html_lit(h, "Save default");
	html_close(h, EL_FORM);
	html_tag(h, EL_P, "Registries keep the storage they have; change "
	    "one in its Settings \xe2\x80\xba Storage. Files already "
	    "published stay where they are.");
	html_close(h, EL_SECTION);
}

void
v_storage_new(struct view *v, const struct org *o,
    const struct v_link_form *f)
{
	static const char *const modes[][2] = {
		{ "auto", "Automatic (virtual-host for AWS, path-style "
		    "otherwise)" },
		{ "path", "Path-style (https://host/bucket/key)" },
		{ "virtual", "Virtual-host (https://bucket.host/key)" },
	};
	struct html	*h = &v->h;
	size_t		 i;
	int		 s;

	html_open(h, EL_NAV, ATTR_CLASS, "crumbs", ATTR_ARIA_LABEL,
	    "Breadcrumb", ATTR__END);
	html_open(h, EL_A, ATTR_HREF, v_url(v, "organizations", o->slug,
	    "storage", NULL), ATTR__END);
	html_lit(h, "Storage");
	html_close(h, EL_A);
	html_lit(h, " / ");
	html_close(h, EL_NAV);
	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR__END);
	html_tag(h, EL_H1, "Link a bucket");
	html_tag(h, EL_P, "Any S3-compatible service works: Amazon S3, "
	    "Google Cloud Storage (XML API with HMAC keys), MinIO, Ceph. "
	    "Depot checks the bucket first: it writes, reads (also through a "
	    "presigned URL), tags and deletes a probe object under the "
	    "prefix. The link is made only when every step passes; the "
	    "secret key is stored sealed and never shown again.");
	v_form_error(v, f->error);
	if (f->diag) {
		html_open(h, EL_DIV, ATTR_CLASS, "table-wrap", ATTR_ID,
		    "diagnostic", ATTR__END);
		html_open(h, EL_TABLE, ATTR__END);
		html_open(h, EL_THEAD, ATTR__END);
		html_open(h, EL_TR, ATTR__END);
		html_tag(h, EL_TH, "Step");
		html_tag(h, EL_TH, "Result");
		html_tag(h, EL_TH, "Message");
		html_close(h, EL_THEAD);
		html_open(h, EL_TBODY, ATTR__END);
		for (s = 0; s < S3D__MAX; s++) {
			html_open(h, EL_TR, ATTR__END);
			html_tag(h, EL_TD, f->diag->step[s].name);
			html_open(h, EL_TD, ATTR__END);
			html_open(h, EL_SPAN, ATTR_CLASS,
			    !f->diag->step[s].ran ? "badge" :
			    f->diag->step[s].ok ? "badge badge-public" :
			    "badge badge-warn", ATTR__END);
			html_text(h, !f->diag->step[s].ran ? "Not run" :
			    f->diag->step[s].ok ? "Pass" : "Fail");
			html_close(h, EL_TD);
			html_tag(h, EL_TD, f->diag->step[s].ran ?
			    f->diag->step[s].message : "");
			html_close(h, EL_TR);
		}
		html_close(h, EL_DIV);
	}
	html_form_open(h, v_url(v, "organizations", o->slug, "storage",
	    "new", NULL), ATTR_CLASS, "stack", ATTR_ID, "storage-form",
	    ATTR__END);
	v_input(v, "name", "Name", NULL, &f->name, "How the link is shown: "
	    "letters, digits, '.', '_' and '-'.", 1, "100");
	v_input(v, "endpoint", "Endpoint", "url", &f->endpoint,
	    "The S3 API's base URL, such as https://s3.us-east-1.amazonaws.com "
	    "or https://storage.googleapis.com", 1, NULL);
	html_open(h, EL_DIV, ATTR_CLASS, "row", ATTR__END);
	v_input(v, "region", "Region", NULL, &f->region, "us-east-1; auto "
	    "for Google Cloud Storage", 1, "64");
	v_input(v, "bucket", "Bucket", NULL, &f->bucket, NULL, 1, "63");
	html_close(h, EL_DIV);
	v_input(v, "prefix", "Key prefix (optional)", NULL, &f->prefix,
	    "Objects are stored as PREFIX/sha256/<digest>.", 0, "200");
	html_open(h, EL_FIELDSET, ATTR_CLASS, "field", ATTR__END);
	html_tag(h, EL_LEGEND, "Addressing");
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		html_open(h, EL_LABEL, ATTR_CLASS, "check", ATTR__END);
		html_open(h, EL_INPUT, ATTR_TYPE, "radio", ATTR_NAME,
		    "addressing", ATTR_VALUE, modes[i][0], ATTR_CHECKED,
		    strcmp(f->addressing ? f->addressing : "auto",
		    modes[i][0]) == 0 ? "" : NULL, ATTR__END);
		html_text(h, modes[i][1]);
		html_close(h, EL_LABEL);
	}
	html_close(h, EL_FIELDSET);
	v_input(v, "access_key_id", "Access key ID", NULL, &f->access_key_id,
	    NULL, 1, "128");
	v_input(v, "secret", "Secret access key", "password", &f->secret,
	    "Sealed with the server's key; never shown again.", 1, "256");
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
	    "btn btn-primary", ATTR_ID, "create-storage", ATTR__END);
	html_lit(h, "Check and link");
	html_close(h, EL_BUTTON);
	html_open(h, EL_A, ATTR_CLASS, "btn btn-quiet", ATTR_HREF,
	    v_url(v, "organizations", o->slug, "storage", NULL), ATTR__END);
	html_lit(h, "Cancel");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

/* Event types a filter offers (REFERENCE.md 6.1). */
static const char *const types[] = {
	"REGISTRY_CREATED", "REGISTRY_UPDATED", "REGISTRY_DELETED",
	"REGISTRY_VISIBILITY_CHANGED", "REGISTRY_TOKEN_CREATED",
	"REGISTRY_TOKEN_UPDATED", "REGISTRY_TOKEN_DELETED",
	"TEAM_REGISTRY_CREATED", "TEAM_REGISTRY_UPDATED",
	"TEAM_REGISTRY_DELETED", "STORAGE_CREATED", NULL
};

void
v_audit(struct view *v, const struct org *o, const struct audit_event *e,
    size_t n, const char *type, long page, int more)
{
	struct html		*h = &v->h;
	const char		*const *t;
	char			*url = v_url(v, "organizations", o->slug,
	    "audit-log", NULL);
	size_t			 i;

	html_tag(h, EL_H1, "Audit Log");
	html_open(h, EL_FORM, ATTR_METHOD, "get", ATTR_ACTION, url,
	    ATTR_CLASS, "filter", ATTR__END);
	html_open(h, EL_LABEL, ATTR_FOR, "type", ATTR_CLASS, "sr-only",
	    ATTR__END);
	html_lit(h, "Event type");
	html_close(h, EL_LABEL);
	html_open(h, EL_SELECT, ATTR_ID, "type", ATTR_NAME, "type", ATTR__END);
	html_open(h, EL_OPTION, ATTR_VALUE, "", ATTR__END);
	html_lit(h, "All events");
	html_close(h, EL_OPTION);
	for (t = types; *t; t++) {
		html_open(h, EL_OPTION, ATTR_VALUE, *t, ATTR_SELECTED,
		    type && strcmp(type, *t) == 0 ? "" : NULL, ATTR__END);
		html_text(h, *t);
		html_close(h, EL_OPTION);
	}
	html_close(h, EL_SELECT);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS, "btn",
	    ATTR__END);
	html_lit(h, "Filter");
	html_close(h, EL_FORM);
	if (n == 0) {
		html_open(h, EL_P, ATTR_CLASS, "empty", ATTR__END);
		html_text(h, type ? "No events of this type." :
		    "No events yet.");
		html_close(h, EL_P);
		v_pager(v, url, "type", type, page, 0);
		return;
	}
	html_open(h, EL_DIV, ATTR_CLASS, "table-wrap", ATTR__END);
	html_open(h, EL_TABLE, ATTR_CLASS, "audit", ATTR__END);
	html_open(h, EL_THEAD, ATTR__END);
	html_open(h, EL_TR, ATTR__END);
	html_tag(h, EL_TH, "When");
	html_tag(h, EL_TH, "Event");
	html_tag(h, EL_TH, "Subject");
	html_tag(h, EL_TH, "Actor");
	html_tag(h, EL_TH, "Details");
	html_close(h, EL_THEAD);
	html_open(h, EL_TBODY, ATTR__END);
	for (i = 0; i < n; i++) {
		html_open(h, EL_TR, ATTR__END);
		html_open(h, EL_TD, ATTR_CLASS, "nowrap", ATTR__END);
		v_time(v, e[i].occurred_at);
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_tag(h, EL_CODE, e[i].type);
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_text(h, e[i].subject_name);
		html_open(h, EL_SMALL, ATTR_CLASS, "muted block", ATTR__END);
		html_text(h, e[i].subject_type);
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_text(h, e[i].actor_name && *e[i].actor_name ?
		    e[i].actor_name : e[i].actor_type);
		if (e[i].request_ip && *e[i].request_ip) {
			html_open(h, EL_SMALL, ATTR_CLASS, "muted block",
			    ATTR_TITLE, e[i].user_agent, ATTR__END);
			html_text(h, e[i].request_ip);
			if (e[i].context && strcmp(e[i].context,
			    "WebContext") == 0)
				html_lit(h, " \xc2\xb7 web");
			else if (e[i].context && *e[i].context)
				html_lit(h, " \xc2\xb7 API");
			html_close(h, EL_SMALL);
		}
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		if (e[i].data && strcmp(e[i].data, "{}") != 0) {
			html_open(h, EL_CODE, ATTR_CLASS, "data", ATTR__END);
			html_text(h, e[i].data);
			html_close(h, EL_CODE);
		}
		html_close(h, EL_TR);
	}
	html_close(h, EL_DIV);
	v_pager(v, url, "type", type, page, more);
}
