/* v_registry.c: the Registries page, the New registry form, a registry's
 * Packages and Publish instructions tabs */
#include <stdio.h>
#include <string.h>

#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

/* Known ecosystems, in the order the New registry form offers them. */
static const char *const ecosystems[] = {
	"javascript", "python", "ruby", "java", "files", NULL
};

/* Lower-case copy for the data-name the client-side filter matches. */
static char *
lower(struct arena *a, const char *s)
{
	char	*o = arena_strdup(a, s), *p;

	for (p = o; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return o;
}

void
v_registries(struct view *v, const struct v_registry_row *rows, size_t n,
    size_t total, const char *filter, int can_create)
{
	struct html		*h = &v->h;
	const struct registry	*g;
	size_t			 i;

	html_open(h, EL_DIV, ATTR_CLASS, "pagehead", ATTR__END);
	html_tag(h, EL_H1, "Registries");
	if (can_create) {
		html_open(h, EL_A, ATTR_CLASS, "btn btn-primary", ATTR_HREF,
		    v_url(v, "organizations", v->org, "packages",
		    "registries", "new", NULL), ATTR_ID, "new-registry",
		    ATTR__END);
		html_lit(h, "New registry");
		html_close(h, EL_A);
	}
	html_close(h, EL_DIV);
	html_open(h, EL_FORM, ATTR_METHOD, "get", ATTR_CLASS, "filter",
	    ATTR_ACTION, v_url(v, "organizations", v->org, "packages", NULL),
	    ATTR__END);
	html_open(h, EL_LABEL, ATTR_FOR, "filter", ATTR_CLASS, "sr-only",
	    ATTR__END);
	html_lit(h, "Filter registries by name");
	html_close(h, EL_LABEL);
	html_open(h, EL_INPUT, ATTR_TYPE, "search", ATTR_ID, "filter",
	    ATTR_NAME, "q", ATTR_VALUE, filter, ATTR_PLACEHOLDER,
	    "Filter registries by name", ATTR_DATA_FILTER, "registry-list",
	    ATTR_AUTOCOMPLETE, "off", ATTR__END);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS, "btn",
	    ATTR__END);
	html_lit(h, "Filter");
	html_close(h, EL_FORM);
	if (total == 0) {
		html_open(h, EL_DIV, ATTR_CLASS, "empty", ATTR__END);
		html_tag(h, EL_H2, "No registries yet");
		html_tag(h, EL_P, can_create ? "Create a registry for one "
		    "package ecosystem, then publish packages into it with "
		    "the ecosystem's own tools." : "No registry is shared "
		    "with you yet. Ask an administrator of this "
		    "organization for access.");
		html_close(h, EL_DIV);
		return;
	}
	if (n == 0) {
		html_open(h, EL_P, ATTR_CLASS, "empty", ATTR__END);
		html_text(h, "No registry matches the filter.");
		html_close(h, EL_P);
	}
	html_open(h, EL_UL, ATTR_CLASS, "reglist", ATTR_ID, "registry-list",
	    ATTR__END);
	for (i = 0; i < n; i++) {
		g = rows[i].g;
		html_open(h, EL_LI, ATTR_DATA_NAME, lower(v->a, g->name),
		    ATTR__END);
		html_open(h, EL_A, ATTR_CLASS, "regitem", ATTR_HREF,
		    v_reg_url(v, g, NULL), ATTR__END);
		v_navatar(v, g, NULL);
		html_open(h, EL_SPAN, ATTR_CLASS, "regmain", ATTR__END);
		html_open(h, EL_STRONG, ATTR_CLASS, "regname", ATTR__END);
		html_text(h, g->name);
		html_close(h, EL_STRONG);
		if (g->public) {
			html_open(h, EL_SPAN, ATTR_CLASS,
			    "badge badge-public", ATTR__END);
			html_lit(h, "Public");
			html_close(h, EL_SPAN);
		}
		if (g->description && *g->description) {
			html_open(h, EL_SPAN, ATTR_CLASS, "desc", ATTR__END);
			html_text(h, g->description);
			html_close(h, EL_SPAN);
		}
		html_close(h, EL_SPAN);
		html_open(h, EL_SPAN, ATTR_CLASS, "regmeta", ATTR__END);
		html_open(h, EL_SPAN, ATTR_CLASS, "eco", ATTR__END);
		html_text(h, v_eco_label(g->ecosystem));
		html_close(h, EL_SPAN);
		html_open(h, EL_SPAN, ATTR_CLASS, "count", ATTR__END);
		html_textf(h, "%lld package%s", rows[i].packages,
		    rows[i].packages == 1 ? "" : "s");
		html_close(h, EL_SPAN);
		html_close(h, EL_SPAN);
		html_close(h, EL_LI);
	}
	html_close(h, EL_UL);
}

static int
chosen(const struct v_new_registry *f, const char *id)
{
	size_t	 i;

	for (i = 0; i < f->nchosen; i++)
		if (f->chosen[i] && strcmp(f->chosen[i], id) == 0)
			return 1;
	return 0;
}

void
v_registry_new(struct view *v, const struct v_new_registry *f)
{
	struct html	*h = &v->h;
	const char	*eco = f->ecosystem.value, *const *e;
	size_t		 i;

	html_open(h, EL_NAV, ATTR_CLASS, "crumbs", ATTR_ARIA_LABEL,
	    "Breadcrumb", ATTR__END);
	html_open(h, EL_A, ATTR_HREF, v_url(v, "organizations", v->org,
	    "packages", NULL), ATTR__END);
	html_lit(h, "Registries");
	html_close(h, EL_A);
	html_lit(h, " / ");
	html_close(h, EL_NAV);
	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR__END);
	html_tag(h, EL_H1, "New registry");
	html_tag(h, EL_P, "A source registry stores the packages of one "
	    "ecosystem. It starts private; you can make it public later.");
	v_form_error(v, f->error);
	html_form_open(h, v_url(v, "organizations", v->org, "packages",
	    "registries", "new", NULL), ATTR_CLASS, "stack", ATTR_ID,
	    "new-registry-form", ATTR__END);
	v_input(v, "name", "Name", NULL, &f->name, "Its URL slug is made from "
	    "the name (\"My Packages\" becomes my-packages).", 1, "100");
	v_textarea(v, "description", "Description (optional)",
	    &f->description, "Shown under the name on the Registries page.",
	    "2");
	html_open(h, EL_DIV, ATTR_CLASS, f->ecosystem.error ?
	    "field has-error" : "field", ATTR__END);
	html_open(h, EL_LABEL, ATTR_FOR, "f-ecosystem", ATTR__END);
	html_lit(h, "Ecosystem");
	html_close(h, EL_LABEL);
	html_open(h, EL_SELECT, ATTR_ID, "f-ecosystem", ATTR_NAME, "ecosystem",
	    ATTR_REQUIRED, "", ATTR_ARIA_INVALID, f->ecosystem.error ?
	    "true" : NULL, ATTR_ARIA_DESCRIBEDBY, f->ecosystem.error ?
	    "f-ecosystem-error" : NULL, ATTR__END);
	html_open(h, EL_OPTION, ATTR_VALUE, "", ATTR__END);
	html_lit(h, "Choose an ecosystem");
	html_close(h, EL_OPTION);
	for (e = ecosystems; *e; e++) {
		if (strcmp(v_eco_label(*e), *e) == 0)
			continue;	/* not served by this build */
		html_open(h, EL_OPTION, ATTR_VALUE, *e, ATTR_SELECTED,
		    eco && strcmp(eco, *e) == 0 ? "" : NULL, ATTR__END);
		html_text(h, v_eco_label(*e));
		html_close(h, EL_OPTION);
	}
	html_close(h, EL_SELECT);
	if (f->ecosystem.error) {
		html_open(h, EL_P, ATTR_CLASS, "field-error", ATTR_ID,
		    "f-ecosystem-error", ATTR__END);
		html_text(h, v_sentence(v, f->ecosystem.error));
		html_close(h, EL_P);
	}
	html_tag(h, EL_P, "Fixed once the registry exists.");
	html_close(h, EL_DIV);
	if (f->teams_list != NULL) {
		html_open(h, EL_FIELDSET, ATTR_CLASS, f->teams.error ?
		    "field has-error" : "field", ATTR_ARIA_DESCRIBEDBY,
		    f->teams.error ? "f-teams-error" : NULL, ATTR__END);
		html_tag(h, EL_LEGEND, "Teams");
		html_tag(h, EL_P, "The teams you choose get Read & Write "
		    "access to the new registry.");
		for (i = 0; i < f->nteams; i++) {
			html_open(h, EL_LABEL, ATTR_CLASS, "check",
			    ATTR__END);
			html_open(h, EL_INPUT, ATTR_TYPE, "checkbox",
			    ATTR_NAME, "team", ATTR_VALUE,
			    f->teams_list[i].id, ATTR_CHECKED,
			    chosen(f, f->teams_list[i].id) ? "" : NULL,
			    ATTR__END);
			html_text(h, f->teams_list[i].name);
			html_close(h, EL_LABEL);
		}
		if (f->nteams == 0)
			html_tag(h, EL_P, "This organization has no teams.");
		if (f->teams.error) {
			html_open(h, EL_P, ATTR_CLASS, "field-error", ATTR_ID,
			    "f-teams-error", ATTR__END);
			html_text(h, f->teams.error);
			html_close(h, EL_P);
		}
		html_close(h, EL_FIELDSET);
	}
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
	    "btn btn-primary", ATTR__END);
	html_lit(h, "Create Registry");
	html_close(h, EL_BUTTON);
	html_open(h, EL_A, ATTR_CLASS, "btn btn-quiet", ATTR_HREF,
	    v_url(v, "organizations", v->org, "packages", NULL), ATTR__END);
	html_lit(h, "Cancel");
	html_close(h, EL_A);
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

void
v_packages(struct view *v, const struct registry *g, enum access acc,
    const struct ui_pkg *p, size_t n, long long total, const char *filter,
    long page, int per_page)
{
	struct html	*h = &v->h;
	char		*url = v_reg_url(v, g, NULL);
	size_t		 i;

	v_registry_head(v, g, acc, TAB_PACKAGES);
	html_open(h, EL_FORM, ATTR_METHOD, "get", ATTR_CLASS, "filter",
	    ATTR_ACTION, url, ATTR__END);
	html_open(h, EL_LABEL, ATTR_FOR, "filter", ATTR_CLASS, "sr-only",
	    ATTR__END);
	html_lit(h, "Filter packages by name");
	html_close(h, EL_LABEL);
	html_open(h, EL_INPUT, ATTR_TYPE, "search", ATTR_ID, "filter",
	    ATTR_NAME, "q", ATTR_VALUE, filter, ATTR_PLACEHOLDER,
	    "Filter packages by name", ATTR_AUTOCOMPLETE, "off", ATTR__END);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS, "btn",
	    ATTR__END);
	html_lit(h, "Filter");
	html_close(h, EL_FORM);
	if (n == 0) {
		html_open(h, EL_DIV, ATTR_CLASS, "empty", ATTR__END);
		if (filter && *filter) {
			html_tag(h, EL_P, "No package matches the filter.");
		} else {
			html_tag(h, EL_H2, "No packages yet");
			html_open(h, EL_P, ATTR__END);
			html_lit(h, "See the ");
			html_open(h, EL_A, ATTR_HREF, v_reg_url(v, g,
			    "publish", NULL), ATTR__END);
			html_lit(h, "publish instructions");
			html_close(h, EL_A);
			html_lit(h, " to push the first one.");
			html_close(h, EL_P);
		}
		html_close(h, EL_DIV);
		return;
	}
	html_open(h, EL_P, ATTR_CLASS, "muted", ATTR__END);
	html_textf(h, "%lld package%s%s", total, total == 1 ? "" : "s",
	    filter && *filter ? " match" : ", newest first");
	html_close(h, EL_P);
	html_open(h, EL_DIV, ATTR_CLASS, "table-wrap", ATTR__END);
	html_open(h, EL_TABLE, ATTR_CLASS, "packages", ATTR__END);
	html_open(h, EL_THEAD, ATTR__END);
	html_open(h, EL_TR, ATTR__END);
	html_tag(h, EL_TH, "Name");
	html_tag(h, EL_TH, "Version");
	html_tag(h, EL_TH, "Size");
	html_tag(h, EL_TH, "Pushed");
	html_tag(h, EL_TH, "By");
	html_close(h, EL_THEAD);
	html_open(h, EL_TBODY, ATTR__END);
	for (i = 0; i < n; i++) {
		html_open(h, EL_TR, ATTR__END);
		html_open(h, EL_TD, ATTR_CLASS, "pkgname", ATTR__END);
		html_open(h, EL_A, ATTR_HREF, v_reg_url(v, g, "packages",
		    p[i].p.id, NULL), ATTR__END);
		html_text(h, p[i].p.name);
		html_close(h, EL_A);
		if (p[i].p.deprecated) {
			html_open(h, EL_SPAN, ATTR_CLASS, "badge badge-warn",
			    ATTR_TITLE, p[i].p.deprecated, ATTR__END);
			html_lit(h, "Deprecated");
			html_close(h, EL_SPAN);
		}
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		html_open(h, EL_CODE, ATTR__END);
		html_text(h, p[i].p.version);
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		v_size(v, p[i].total_size);
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR__END);
		v_time(v, p[i].p.created_at);
		html_close(h, EL_TD);
		html_tag(h, EL_TD, p[i].uploader ? p[i].uploader :
		    "\xe2\x80\x94");
		html_close(h, EL_TR);
	}
	html_close(h, EL_DIV);
	v_pager(v, url, "q", filter, page, (long long)page * per_page < total);
}

void
v_publish(struct view *v, const struct registry *g, enum access acc)
{
	v_registry_head(v, g, acc, TAB_PUBLISH);
	v_publish_steps(v, g);
}
