/* v_settings.c: a registry's settings: General (with visibility and
 * delete), OIDC policy, Tokens, Storage */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

static void
button(struct view *v, const char *cls, const char *id, const char *text)
{
	html_open(&v->h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS, cls,
	    ATTR_ID, id, ATTR__END);
	html_text(&v->h, text);
	html_close(&v->h, EL_BUTTON);
}

static const char *
level_label(const char *level)
{
	if (level == NULL)
		return "";
	if (strcmp(level, "READ_ONLY") == 0)
		return "Read Only";
	if (strcmp(level, "READ_AND_WRITE") == 0)
		return "Read & Write";
	if (strcmp(level, "READ_WRITE_AND_ADMIN") == 0)
		return "Full Access";
	return level;
}

void
v_settings(struct view *v, const struct registry *g,
    const struct v_general *f)
{
	struct html		*h = &v->h;
	struct registry		 preview = *g;
	size_t			 i;

	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	v_settings_nav(v, g, SEC_GENERAL);

	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "general",
	    ATTR__END);
	html_tag(h, EL_H2, "General");
	html_form_open(h, v_reg_url(v, g, "settings", NULL), ATTR_CLASS,
	    "stack", ATTR_ID, "settings-form", ATTR__END);
	v_input(v, "name", "Name", NULL, &f->name, "Renaming changes the "
	    "registry's slug and so every URL of it: installs and publish "
	    "configurations that use the old URLs stop working.", 1, "100");
	v_textarea(v, "description", "Description", &f->description, NULL,
	    "2");
	html_open(h, EL_DIV, ATTR_CLASS, "row", ATTR__END);
	v_input(v, "emoji", "Emoji", NULL, &f->emoji, "An emoji, or a name "
	    "like :package: or :sunflower:", 0, "64");
	v_input(v, "color", "Color", NULL, &f->color, "Background of the "
	    "emoji, as hex: #f0ccff", 0, "7");
	html_open(h, EL_DIV, ATTR_CLASS, "field preview", ATTR__END);
	html_open(h, EL_SPAN, ATTR_CLASS, "label", ATTR__END);
	html_lit(h, "Preview");
	html_close(h, EL_SPAN);
	if (f->emoji.value && !f->emoji.error)
		preview.emoji = (char *)f->emoji.value;
	if (f->color.value && !f->color.error)
		preview.color = (char *)f->color.value;
	v_navatar(v, &preview, "navatar navatar-lg navatar-preview");
	html_close(h, EL_DIV);
	html_close(h, EL_DIV);
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	button(v, "btn btn-primary", "update-registry", "Update Registry");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);

	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "api",
	    ATTR__END);
	html_tag(h, EL_H2, "API integration");
	html_open(h, EL_DL, ATTR_CLASS, "details", ATTR__END);
	html_tag(h, EL_DT, "UUID");
	html_open(h, EL_DD, ATTR_CLASS, "digest", ATTR__END);
	html_open(h, EL_CODE, ATTR_ID, "registry-uuid", ATTR__END);
	html_text(h, g->id);
	html_close(h, EL_CODE);
	v_copy_button(v, "registry-uuid", "Copy the UUID");
	html_close(h, EL_DD);
	html_tag(h, EL_DT, "Slug");
	html_open(h, EL_DD, ATTR__END);
	html_tag(h, EL_CODE, g->slug);
	html_close(h, EL_DD);
	html_tag(h, EL_DT, "Ecosystem");
	html_tag(h, EL_DD, v_eco_label(g->ecosystem));
	html_close(h, EL_DL);
	html_close(h, EL_SECTION);

	if (f->teams != NULL) {
		html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "teams",
		    ATTR__END);
		html_tag(h, EL_H2, "Teams");
		if (f->nteams == 0)
			html_tag(h, EL_P, "No team has access to this "
			    "registry; organization administrators do.");
		html_open(h, EL_UL, ATTR_CLASS, "plain", ATTR__END);
		for (i = 0; i < f->nteams; i++) {
			html_open(h, EL_LI, ATTR__END);
			html_tag(h, EL_STRONG, f->teams[i].name);
			html_lit(h, " \xe2\x80\x94 ");
			html_text(h, level_label(f->teams[i].level));
			html_close(h, EL_LI);
		}
		html_close(h, EL_UL);
		html_close(h, EL_SECTION);
	}

	html_open(h, EL_SECTION, ATTR_CLASS, "card danger-zone", ATTR_ID,
	    "management", ATTR__END);
	html_tag(h, EL_H2, "Registry Management");
	html_open(h, EL_DIV, ATTR_CLASS, "mgmt", ATTR__END);
	html_open(h, EL_DIV, ATTR__END);
	html_tag(h, EL_H3, g->public ? "Public registry" : "Private registry");
	html_tag(h, EL_P, g->public ? "Anyone can install packages from it "
	    "without credentials. Registry tokens are unavailable while it "
	    "is public." : "Only members with access can see and install "
	    "its packages.");
	html_close(h, EL_DIV);
	html_open(h, EL_A, ATTR_CLASS, "btn", ATTR_ID, "visibility",
	    ATTR_HREF, v_reg_url(v, g, "settings", "visibility", NULL),
	    ATTR__END);
	html_text(h, g->public ? "Make registry private" :
	    "Make registry public");
	html_close(h, EL_A);
	html_close(h, EL_DIV);
	if (f->can_delete) {
		html_open(h, EL_DIV, ATTR_CLASS, "mgmt", ATTR__END);
		html_open(h, EL_DIV, ATTR__END);
		html_tag(h, EL_H3, "Delete registry");
		html_tag(h, EL_P, "Deleting the registry deletes every "
		    "package in it, permanently. Type its name exactly as "
		    "shown to confirm.");
		html_close(h, EL_DIV);
		html_close(h, EL_DIV);
		html_form_open(h, v_reg_url(v, g, "settings", "delete", NULL),
		    ATTR_CLASS, "stack", ATTR_ID, "delete-form", ATTR__END);
		v_input(v, "confirm", arena_strfmt(v->a, "Type \"%s\" to "
		    "confirm", g->name), NULL, &f->confirm, NULL, 1, NULL);
		html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
		html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
		    "btn btn-danger", ATTR_ID, "delete-registry",
		    ATTR_DATA_NAME, g->name, ATTR__END);
		html_lit(h, "Delete Registry");
		html_close(h, EL_FORM);
	}
	html_close(h, EL_SECTION);
}

void
v_visibility(struct view *v, const struct registry *g)
{
	struct html	*h = &v->h;

	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	html_open(h, EL_SECTION, ATTR_CLASS, "card narrow", ATTR__END);
	html_tag(h, EL_H2, g->public ? "Make registry private?" :
	    "Make registry public?");
	if (g->public)
		html_tag(h, EL_P, "Installing will need credentials again. "
		    "Registry tokens made before it became public work "
		    "again.");
	else
		html_tag(h, EL_P, "Anyone who can reach this server can "
		    "list and install its packages without credentials. "
		    "Publishing still needs a token. Registry tokens stop "
		    "working until the registry is private again.");
	html_form_open(h, v_reg_url(v, g, "settings", "visibility", NULL),
	    ATTR_CLASS, "actions", ATTR__END);
	html_open(h, EL_INPUT, ATTR_TYPE, "hidden", ATTR_NAME, "public",
	    ATTR_VALUE, g->public ? "0" : "1", ATTR__END);
	button(v, g->public ? "btn btn-primary" : "btn btn-danger",
	    "confirm-visibility", g->public ? "Make registry private" :
	    "Make registry public");
	html_open(h, EL_A, ATTR_CLASS, "btn btn-quiet", ATTR_HREF,
	    v_reg_url(v, g, "settings", NULL), ATTR__END);
	html_lit(h, "Cancel");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

/* The line number an OIDC policy error names ("line 3: ..."), or 0. */
static long
error_line(const char *msg)
{
	const char	*p;

	if (msg == NULL || (p = strstr(msg, "line ")) == NULL)
		return 0;
	return strtol(p + 5, NULL, 10);
}

/* The policy with line numbers, the line of the error marked. */
static void
policy_listing(struct view *v, const char *text, long bad)
{
	struct html	*h = &v->h;
	const char	*p = text, *e;
	long		 n = 1;

	html_open(h, EL_OL, ATTR_CLASS, "listing", ATTR_ARIA_LABEL,
	    "The policy, line by line", ATTR__END);
	while (*p && n <= 2000) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		html_open(h, EL_LI, ATTR_CLASS, n == bad ? "bad" : NULL,
		    ATTR_ID, n == bad ? "policy-error-line" : NULL, ATTR__END);
		html_open(h, EL_CODE, ATTR__END);
		html_textn(h, p, (size_t)(e - p));
		html_close(h, EL_LI);
		p = *e ? e + 1 : e;
		n++;
	}
	html_close(h, EL_OL);
}

void
v_oidc(struct view *v, const struct registry *g, const struct v_value *pol)
{
	struct html	*h = &v->h;
	long		 bad = error_line(pol->error);

	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	v_settings_nav(v, g, SEC_OIDC);
	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "oidc",
	    ATTR__END);
	html_tag(h, EL_H2, "OIDC policy");
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "Statements, in YAML or as a JSON array, naming which "
	    "OpenID Connect tokens may publish or install. A token's ");
	html_tag(h, EL_CODE, "aud");
	html_lit(h, " must be ");
	html_tag(h, EL_CODE, url_path(v->a, v->packages_url, g->org_slug,
	    g->slug, NULL));
	html_lit(h, "; the first statement whose iss and claims match grants "
	    "its scopes. Leave it empty for no OIDC access.");
	html_close(h, EL_P);
	html_form_open(h, v_reg_url(v, g, "settings", "oidc", NULL),
	    ATTR_CLASS, "stack", ATTR_ID, "oidc-form", ATTR__END);
	v_textarea(v, "policy", "Policy", pol, NULL, "14");
	if (bad > 0 && pol->value)
		policy_listing(v, pol->value, bad);
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	button(v, "btn btn-primary", "save-policy", "Save Policy");
	html_close(h, EL_FORM);
	html_tag(h, EL_H3, "Example");
	v_snippet(v, "YAML", "- iss: https://agent.buildkite.com\n"
	    "  scopes: [read_packages, write_packages]\n"
	    "  claims:\n"
	    "    organization_slug: your-org\n"
	    "    pipeline_slug: {in: [one-pipeline, another-pipeline]}\n"
	    "    build_branch: {matches: [main, \"release-*\"]}\n");
	html_close(h, EL_SECTION);
}

static void
tokens_closed(struct view *v, const struct registry *g)
{
	struct html	*h = &v->h;

	html_open(h, EL_DIV, ATTR_CLASS, "callout", ATTR_ID,
	    "tokens-unavailable", ATTR__END);
	html_tag(h, EL_H3, "Registry tokens are unavailable while the "
	    "registry is public");
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "Anyone can install from a public registry, so its "
	    "tokens are neither shown nor accepted. Tokens made while it "
	    "was private come back when you ");
	html_open(h, EL_A, ATTR_HREF, v_reg_url(v, g, "settings",
	    "visibility", NULL), ATTR__END);
	html_lit(h, "make it private");
	html_close(h, EL_A);
	html_lit(h, " again.");
	html_close(h, EL_P);
	html_close(h, EL_DIV);
}

void
v_tokens(struct view *v, const struct registry *g, const struct regtoken *t,
    size_t n, const struct v_value *desc)
{
	struct html	*h = &v->h;
	size_t		 i;

	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	v_settings_nav(v, g, SEC_TOKENS);
	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "tokens",
	    ATTR__END);
	html_tag(h, EL_H2, "Registry tokens");
	if (g->public) {
		tokens_closed(v, g);
		html_close(h, EL_SECTION);
		return;
	}
	html_tag(h, EL_P, "Long-lived, read-only tokens for installing "
	    "from this private registry, instead of a personal API token. "
	    "You can view and copy them again later.");
	html_open(h, EL_TABLE, ATTR_CLASS, "tokens", ATTR__END);
	html_open(h, EL_THEAD, ATTR__END);
	html_open(h, EL_TR, ATTR__END);
	html_tag(h, EL_TH, "Description");
	html_tag(h, EL_TH, "Created");
	html_tag(h, EL_TH, "");
	html_close(h, EL_THEAD);
	html_open(h, EL_TBODY, ATTR__END);
	for (i = 0; i < n; i++) {
		html_open(h, EL_TR, ATTR__END);
		html_tag(h, EL_TD, t[i].description);
		html_open(h, EL_TD, ATTR__END);
		v_time(v, t[i].created_at);
		if (t[i].creator_email) {
			html_lit(h, " by ");
			html_text(h, t[i].creator_email);
		}
		html_close(h, EL_TD);
		html_open(h, EL_TD, ATTR_CLASS, "row-actions", ATTR__END);
		html_open(h, EL_A, ATTR_CLASS, "btn btn-small", ATTR_HREF,
		    v_reg_url(v, g, "settings", "tokens", t[i].id, NULL),
		    ATTR__END);
		html_lit(h, "View");
		html_close(h, EL_A);
		html_open(h, EL_A, ATTR_CLASS, "btn btn-small", ATTR_HREF,
		    url_query(v->a, v_reg_url(v, g, "settings", "tokens",
		    t[i].id, NULL), "edit", "1", NULL), ATTR__END);
		html_lit(h, "Edit description");
		html_close(h, EL_A);
		html_open(h, EL_A, ATTR_CLASS, "btn btn-small btn-danger",
		    ATTR_HREF, v_reg_url(v, g, "settings", "tokens", t[i].id,
		    "delete", NULL), ATTR__END);
		html_lit(h, "Delete token");
		html_close(h, EL_A);
		html_close(h, EL_TR);
	}
	if (n == 0) {
		html_open(h, EL_TR, ATTR__END);
		html_open(h, EL_TD, ATTR_CLASS, "muted", ATTR__END);
		html_lit(h, "No tokens yet.");
		html_close(h, EL_TR);
	}
	html_close(h, EL_TABLE);
	html_tag(h, EL_H3, "Create Registry Token");
	html_form_open(h, v_reg_url(v, g, "settings", "tokens", NULL),
	    ATTR_CLASS, "stack", ATTR_ID, "token-form", ATTR__END);
	v_input(v, "description", "Description", NULL, desc, "What the token "
	    "is for, such as the CI job that installs with it.", 1, "255");
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	button(v, "btn btn-primary", "create-token", "Create");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

void
v_token(struct view *v, const struct registry *g, const struct regtoken *t,
    const char *secret, const struct v_value *desc)
{
	struct html	*h = &v->h;
	char		*url;

	url = v_reg_url(v, g, "settings", "tokens", t->id, NULL);
	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	v_settings_nav(v, g, SEC_TOKENS);
	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "token",
	    ATTR__END);
	html_open(h, EL_P, ATTR__END);
	html_open(h, EL_A, ATTR_HREF, v_reg_url(v, g, "settings", "tokens",
	    NULL), ATTR__END);
	html_lit(h, "\xe2\x86\x90 All tokens");
	html_close(h, EL_P);
	html_tag(h, EL_H2, t->description);
	html_open(h, EL_DL, ATTR_CLASS, "details", ATTR__END);
	html_tag(h, EL_DT, "Token");
	html_open(h, EL_DD, ATTR_CLASS, "digest", ATTR__END);
	html_open(h, EL_CODE, ATTR_ID, "token-value", ATTR__END);
	html_text(h, secret);
	html_close(h, EL_CODE);
	v_copy_button(v, "token-value", "Copy the token");
	html_close(h, EL_DD);
	html_tag(h, EL_DT, "Created");
	html_open(h, EL_DD, ATTR__END);
	v_time(v, t->created_at);
	if (t->creator_email) {
		html_lit(h, " by ");
		html_text(h, t->creator_email);
	}
	html_close(h, EL_DD);
	html_close(h, EL_DL);
	html_tag(h, EL_H3, "Use it");
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "It reads this registry only. The ");
	html_open(h, EL_A, ATTR_HREF, v_reg_url(v, g, "publish", NULL),
	    ATTR__END);
	html_lit(h, "install instructions");
	html_close(h, EL_A);
	html_lit(h, " take it from the environment:");
	html_close(h, EL_P);
	v_snippet(v, "Shell", arena_strfmt(v->a, "export DEPOT_TOKEN=%s",
	    secret));
	html_tag(h, EL_H3, "Edit description");
	html_form_open(h, url, ATTR_CLASS, "stack", ATTR_ID, "token-edit",
	    ATTR__END);
	v_input(v, "description", "Description", NULL, desc, NULL, 1, "255");
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	button(v, "btn btn-primary", "save-token", "Save");
	html_open(h, EL_A, ATTR_CLASS, "btn btn-danger", ATTR_ID,
	    "delete-token", ATTR_HREF, v_reg_url(v, g, "settings", "tokens",
	    t->id, "delete", NULL), ATTR__END);
	html_lit(h, "Delete token");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

void
v_token_delete(struct view *v, const struct registry *g,
    const struct regtoken *t)
{
	struct html	*h = &v->h;

	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	html_open(h, EL_SECTION, ATTR_CLASS, "card narrow", ATTR__END);
	html_tag(h, EL_H2, "Delete token?");
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "Anything that installs with the token ");
	html_tag(h, EL_STRONG, t->description);
	html_lit(h, " will be refused. This cannot be undone.");
	html_close(h, EL_P);
	html_form_open(h, v_reg_url(v, g, "settings", "tokens", t->id,
	    "delete", NULL), ATTR_CLASS, "actions", ATTR__END);
	button(v, "btn btn-danger", "confirm-delete-token", "Delete token");
	html_open(h, EL_A, ATTR_CLASS, "btn btn-quiet", ATTR_HREF,
	    v_reg_url(v, g, "settings", "tokens", NULL), ATTR__END);
	html_lit(h, "Cancel");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

/* "s3://bucket/prefix" of a link. */
static const char *
location(struct view *v, const struct storage_link *l)
{
	return arena_strfmt(v->a, "s3://%s/%s", l->bucket, l->prefix ?
	    l->prefix : "");
}

void
v_registry_storage(struct view *v, const struct registry *g,
    const struct storage_link *l, size_t n, const char *current)
{
	struct html	*h = &v->h;
	size_t		 i, active = 0;
	const char	*cur_name = "Hosted storage", *cur_loc = NULL;

	for (i = 0; i < n; i++) {
		if (strcmp(l[i].status, "active") == 0)
			active++;
		if (current && strcmp(l[i].id, current) == 0) {
			cur_name = l[i].name;
			cur_loc = location(v, &l[i]);
		}
	}
	v_registry_head(v, g, ACC_ADMIN, TAB_SETTINGS);
	v_settings_nav(v, g, SEC_STORAGE);
	html_open(h, EL_SECTION, ATTR_CLASS, "card", ATTR_ID, "storage",
	    ATTR__END);
	html_tag(h, EL_H2, "Storage");
	html_tag(h, EL_P, "Where new packages of this registry are stored. "
	    "Packages published earlier stay where they were stored.");
	html_open(h, EL_DIV, ATTR_CLASS, "storage-item current", ATTR_ID,
	    "current-storage", ATTR__END);
	html_tag(h, EL_STRONG, cur_name);
	html_lit(h, " ");
	html_open(h, EL_SPAN, ATTR_CLASS, "badge", ATTR__END);
	html_lit(h, "Current");
	html_close(h, EL_SPAN);
	html_tag(h, EL_P, cur_loc ? cur_loc : "Files are kept on this Depot "
	    "server's own disk and sent by its web server.");
	html_close(h, EL_DIV);
	if (active == 0) {
		html_tag(h, EL_P, "This organization has no active private "
		    "storage links, so hosted storage is the only choice. "
		    "Administrators add links with depotctl storage add.");
		html_close(h, EL_SECTION);
		return;
	}
	html_tag(h, EL_H3, "Change");
	html_form_open(h, v_reg_url(v, g, "settings", "storage", NULL),
	    ATTR_CLASS, "stack", ATTR_ID, "storage-form", ATTR__END);
	html_open(h, EL_FIELDSET, ATTR_CLASS, "field", ATTR__END);
	html_tag(h, EL_LEGEND, "Store new packages in");
	html_open(h, EL_LABEL, ATTR_CLASS, "check", ATTR__END);
	html_open(h, EL_INPUT, ATTR_TYPE, "radio", ATTR_NAME, "storage",
	    ATTR_VALUE, "hosted", ATTR_CHECKED, current ? NULL : "",
	    ATTR__END);
	html_lit(h, "Hosted storage");
	html_close(h, EL_LABEL);
	for (i = 0; i < n; i++) {
		if (strcmp(l[i].status, "active") != 0)
			continue;
		html_open(h, EL_LABEL, ATTR_CLASS, "check", ATTR__END);
		html_open(h, EL_INPUT, ATTR_TYPE, "radio", ATTR_NAME,
		    "storage", ATTR_VALUE, l[i].id, ATTR_CHECKED, current &&
		    strcmp(current, l[i].id) == 0 ? "" : NULL, ATTR__END);
		html_text(h, l[i].name);
		html_lit(h, " ");
		html_open(h, EL_SMALL, ATTR_CLASS, "muted", ATTR__END);
		html_text(h, location(v, &l[i]));
		html_close(h, EL_LABEL);
	}
	html_close(h, EL_FIELDSET);
	html_open(h, EL_DIV, ATTR_CLASS, "actions", ATTR__END);
	button(v, "btn btn-primary", "change-storage", "Change");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}
