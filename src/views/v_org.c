/* v_org.c: organization pages: storage and the audit log */
#include <stdio.h>
#include <string.h>

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
	html_open(h, EL_P, ATTR_CLASS, "muted", ATTR__END);
	html_lit(h, "Administrators link an S3-compatible bucket with ");
	html_tag(h, EL_CODE, "depotctl storage add");
	html_lit(h, ", check it with ");
	html_tag(h, EL_CODE, "depotctl storage check");
	html_lit(h, " and choose the default with ");
	html_tag(h, EL_CODE, "depotctl storage use");
	html_lit(h, "; a registry's own storage changes in its Settings.");
	html_close(h, EL_P);
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
