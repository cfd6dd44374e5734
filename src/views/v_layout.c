/* v_layout.c: the page frame and the pieces every page shares */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "eco/eco.h"
#include "http/query.h"
#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

char *
v_url(struct view *v, ...)
{
	va_list	 ap;
	char	*u;

	va_start(ap, v);
	u = url_vpath(v->a, v->base, ap);
	va_end(ap);
	return u;
}

char *
v_reg_url(struct view *v, const struct registry *g, ...)
{
	va_list	 ap;
	char	*base, *u;

	base = url_path(v->a, v->base, "organizations", g->org_slug,
	    "packages", "registries", g->slug, NULL);
	if (base == NULL)
		return NULL;
	va_start(ap, g);
	u = url_vpath(v->a, base, ap);
	va_end(ap);
	return u;
}

static void
nav_link(struct view *v, const char *href, const char *text, int current)
{
	html_open(&v->h, EL_A, ATTR_HREF, href, ATTR_ARIA_CURRENT,
	    current ? "page" : NULL, ATTR__END);
	html_text(&v->h, text);
	html_close(&v->h, EL_A);
}

void
v_begin(struct view *v, const char *title, enum v_nav nav)
{
	struct html	*h = &v->h;
	size_t		 i;

	html_lit(h, "<!DOCTYPE html>\n");
	html_open(h, EL_HTML, ATTR_LANG, "en", ATTR__END);
	html_open(h, EL_HEAD, ATTR__END);
	html_open(h, EL_META, ATTR_CHARSET, "utf-8", ATTR__END);
	html_open(h, EL_META, ATTR_NAME, "viewport", ATTR_CONTENT,
	    "width=device-width, initial-scale=1", ATTR__END);
	html_open(h, EL_TITLE, ATTR__END);
	html_text(h, title);
	html_lit(h, " \xc2\xb7 Depot");
	html_close(h, EL_TITLE);
	html_open(h, EL_LINK, ATTR_REL, "stylesheet", ATTR_HREF,
	    v_url(v, "assets", "depot.css", NULL), ATTR__END);
	html_open(h, EL_SCRIPT, ATTR_SRC, v_url(v, "assets", "depot.js", NULL),
	    ATTR_DEFER, "", ATTR__END);
	html_close(h, EL_SCRIPT);
	html_close(h, EL_HEAD);
	html_open(h, EL_BODY, ATTR__END);
	html_open(h, EL_HEADER, ATTR_CLASS, "topbar", ATTR__END);
	html_open(h, EL_A, ATTR_CLASS, "brand", ATTR_HREF, v->org ?
	    v_url(v, "organizations", v->org, "packages", NULL) :
	    v_url(v, "login", NULL), ATTR__END);
	html_open(h, EL_SPAN, ATTR_CLASS, "brand-mark", ATTR_ARIA_LABEL,
	    "Depot logo", ATTR__END);
	html_lit(h, "\xe2\x97\x86");	/* U+25C6 black diamond */
	html_close(h, EL_SPAN);
	html_lit(h, " Depot");
	html_close(h, EL_A);
	if (v->org) {
		html_open(h, EL_NAV, ATTR_CLASS, "mainnav", ATTR_ARIA_LABEL,
		    "Main", ATTR__END);
		nav_link(v, v_url(v, "organizations", v->org, "packages",
		    NULL), "Package Registries", nav == NAV_REGISTRIES);
		if (v->admin) {
			nav_link(v, v_url(v, "organizations", v->org,
			    "storage", NULL), "Storage", nav == NAV_STORAGE);
			nav_link(v, v_url(v, "organizations", v->org,
			    "audit-log", NULL), "Audit Log", nav == NAV_AUDIT);
		}
		html_close(h, EL_NAV);
	}
	if (v->user) {
		html_open(h, EL_DIV, ATTR_CLASS, "user", ATTR__END);
		if (v->org && v->norgs > 1) {
			/* A menu that needs no script: details/summary. */
			html_open(h, EL_DETAILS, ATTR_CLASS, "orgs", ATTR__END);
			html_open(h, EL_SUMMARY, ATTR_CLASS, "org", ATTR_TITLE,
			    "Switch organization", ATTR__END);
			html_text(h, v->org);
			html_close(h, EL_SUMMARY);
			html_open(h, EL_UL, ATTR__END);
			for (i = 0; i < v->norgs; i++) {
				html_open(h, EL_LI, ATTR__END);
				nav_link(v, v_url(v, "organizations",
				    v->orgs[i].slug, "packages", NULL),
				    v->orgs[i].name && *v->orgs[i].name ?
				    v->orgs[i].name : v->orgs[i].slug,
				    strcmp(v->orgs[i].slug, v->org) == 0);
				html_close(h, EL_LI);
			}
			html_close(h, EL_DETAILS);
		} else if (v->org) {
			html_open(h, EL_SPAN, ATTR_CLASS, "org", ATTR_TITLE,
			    "Organization", ATTR__END);
			html_text(h, v->org);
			html_close(h, EL_SPAN);
		}
		html_open(h, EL_SPAN, ATTR_CLASS, "email", ATTR__END);
		html_text(h, v->user);
		html_close(h, EL_SPAN);
		html_form_open(h, v_url(v, "logout", NULL), ATTR_CLASS,
		    "inline", ATTR__END);
		html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
		    "btn btn-quiet", ATTR__END);
		html_lit(h, "Log out");
		html_close(h, EL_FORM);
		html_close(h, EL_DIV);
	}
	html_close(h, EL_HEADER);
	html_open(h, EL_MAIN, ATTR_CLASS, "page", ATTR_ID, "main", ATTR__END);
	if (v->notice) {
		html_open(h, EL_P, ATTR_CLASS, "notice", ATTR_ID, "notice",
		    ATTR__END);
		html_text(h, v->notice);
		html_close(h, EL_P);
	}
}

int
v_end(struct view *v)
{
	struct html	*h = &v->h;

	html_close(h, EL_MAIN);
	html_open(h, EL_FOOTER, ATTR_CLASS, "foot", ATTR__END);
	html_lit(h, "Depot " PACKAGE_VERSION " \xc2\xb7 ");
	html_open(h, EL_A, ATTR_HREF, v_url(v, "api", NULL), ATTR__END);
	html_lit(h, "REST API");
	html_close(h, EL_A);
	html_close(h, EL_FOOTER);
	return html_end(h);
}

/* Buildkite-style :name: emoji the pages draw; others show as text. */
static const struct {
	const char	*name;
	const char	*utf8;
} emoji[] = {
	{ "airplane", "\xe2\x9c\x88\xef\xb8\x8f" },
	{ "alien", "\xf0\x9f\x91\xbd" },
	{ "anchor", "\xe2\x9a\x93" },
	{ "apple", "\xf0\x9f\x8d\x8e" },
	{ "art", "\xf0\x9f\x8e\xa8" },
	{ "banana", "\xf0\x9f\x8d\x8c" },
	{ "bee", "\xf0\x9f\x90\x9d" },
	{ "bell", "\xf0\x9f\x94\x94" },
	{ "books", "\xf0\x9f\x93\x9a" },
	{ "box", "\xf0\x9f\x93\xa6" },
	{ "bug", "\xf0\x9f\x90\x9b" },
	{ "butterfly", "\xf0\x9f\xa6\x8b" },
	{ "cactus", "\xf0\x9f\x8c\xb5" },
	{ "cat", "\xf0\x9f\x90\xb1" },
	{ "cherries", "\xf0\x9f\x8d\x92" },
	{ "cloud", "\xe2\x98\x81\xef\xb8\x8f" },
	{ "coffee", "\xe2\x98\x95" },
	{ "compass", "\xf0\x9f\xa7\xad" },
	{ "computer", "\xf0\x9f\x92\xbb" },
	{ "crab", "\xf0\x9f\xa6\x80" },
	{ "dart", "\xf0\x9f\x8e\xaf" },
	{ "dog", "\xf0\x9f\x90\xb6" },
	{ "dolphin", "\xf0\x9f\x90\xac" },
	{ "elephant", "\xf0\x9f\x90\x98" },
	{ "evergreen_tree", "\xf0\x9f\x8c\xb2" },
	{ "file_folder", "\xf0\x9f\x93\x81" },
	{ "fire", "\xf0\x9f\x94\xa5" },
	{ "floppy_disk", "\xf0\x9f\x92\xbe" },
	{ "gear", "\xe2\x9a\x99\xef\xb8\x8f" },
	{ "gem", "\xf0\x9f\x92\x8e" },
	{ "ghost", "\xf0\x9f\x91\xbb" },
	{ "globe_with_meridians", "\xf0\x9f\x8c\x90" },
	{ "hammer", "\xf0\x9f\x94\xa8" },
	{ "heart", "\xe2\x9d\xa4\xef\xb8\x8f" },
	{ "key", "\xf0\x9f\x94\x91" },
	{ "label", "\xf0\x9f\x8f\xb7\xef\xb8\x8f" },
	{ "lock", "\xf0\x9f\x94\x92" },
	{ "mag", "\xf0\x9f\x94\x8d" },
	{ "moon", "\xf0\x9f\x8c\x99" },
	{ "mushroom", "\xf0\x9f\x8d\x84" },
	{ "octopus", "\xf0\x9f\x90\x99" },
	{ "package", "\xf0\x9f\x93\xa6" },
	{ "penguin", "\xf0\x9f\x90\xa7" },
	{ "pizza", "\xf0\x9f\x8d\x95" },
	{ "rainbow", "\xf0\x9f\x8c\x88" },
	{ "robot", "\xf0\x9f\xa4\x96" },
	{ "rocket", "\xf0\x9f\x9a\x80" },
	{ "scroll", "\xf0\x9f\x93\x9c" },
	{ "seedling", "\xf0\x9f\x8c\xb1" },
	{ "shield", "\xf0\x9f\x9b\xa1\xef\xb8\x8f" },
	{ "ship", "\xf0\x9f\x9a\xa2" },
	{ "snake", "\xf0\x9f\x90\x8d" },
	{ "sparkles", "\xe2\x9c\xa8" },
	{ "star", "\xe2\xad\x90" },
	{ "sun", "\xe2\x98\x80\xef\xb8\x8f" },
	{ "sunflower", "\xf0\x9f\x8c\xbb" },
	{ "tada", "\xf0\x9f\x8e\x89" },
	{ "test_tube", "\xf0\x9f\xa7\xaa" },
	{ "trophy", "\xf0\x9f\x8f\x86" },
	{ "truck", "\xf0\x9f\x9a\x9a" },
	{ "turtle", "\xf0\x9f\x90\xa2" },
	{ "unicorn", "\xf0\x9f\xa6\x84" },
	{ "whale", "\xf0\x9f\x90\xb3" },
	{ "wrench", "\xf0\x9f\x94\xa7" },
	{ "zap", "\xe2\x9a\xa1" },
};

#define DEFAULT_EMOJI	"\xf0\x9f\x93\xa6"	/* package */
#define DEFAULT_COLOR	"#e7e3f4"

/* The glyph for an emoji field: :name: from the table, else the text. */
static const char *
emoji_glyph(const char *e)
{
	size_t	 i, n;

	if (e == NULL || *e == '\0')
		return DEFAULT_EMOJI;
	n = strlen(e);
	if (n > 2 && e[0] == ':' && e[n - 1] == ':') {
		for (i = 0; i < sizeof(emoji) / sizeof(emoji[0]); i++)
			if (strlen(emoji[i].name) == n - 2 &&
			    strncmp(emoji[i].name, e + 1, n - 2) == 0)
				return emoji[i].utf8;
		return DEFAULT_EMOJI;
	}
	return e;
}

/* XML-escape s into b for the SVG text. */
static void
xml_text(struct buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		default: buf_addch(b, *s);
		}
}

/*
 * The navatar is an SVG image in a data: URL: the page's CSP forbids
 * inline styles, and a registry's color is data, so it is painted inside
 * the image. The color is a validated #hex value; the emoji is
 * XML-escaped, then the whole SVG percent-encoded.
 */
void
v_navatar(struct view *v, const struct registry *g, const char *cls)
{
	struct buf	 b;
	const char	*color = g->color && *g->color ? g->color :
	    DEFAULT_COLOR;
	char		*src;

	buf_init(&b, 8192);
	buf_adds(&b, "<svg xmlns='http://www.w3.org/2000/svg' width='64' "
	    "height='64' viewBox='0 0 64 64'><rect width='64' height='64' "
	    "rx='14' fill='");
	xml_text(&b, color);
	buf_adds(&b, "'/><text x='32' y='34' font-size='34' "
	    "text-anchor='middle' dominant-baseline='central'>");
	xml_text(&b, emoji_glyph(g->emoji));
	buf_adds(&b, "</text></svg>");
	src = arena_strfmt(v->a, "data:image/svg+xml,%s",
	    url_encode(v->a, b.data));
	buf_release(&b);
	html_open(&v->h, EL_IMG, ATTR_CLASS, cls ? cls : "navatar", ATTR_SRC,
	    src, ATTR_ALT, "", ATTR_WIDTH, "40", ATTR_HEIGHT, "40",
	    ATTR_DATA_PREVIEW, cls && strstr(cls, "preview") ? "1" : NULL,
	    ATTR__END);
}

const char *
v_eco_label(const char *ecosystem)
{
	const struct ecosystem_ops	*e = eco_find(ecosystem);

	return e ? e->label : ecosystem;
}

static void
tab(struct view *v, const char *href, const char *text, int current)
{
	html_open(&v->h, EL_A, ATTR_HREF, href, ATTR_CLASS, "tab",
	    ATTR_ARIA_CURRENT, current ? "page" : NULL, ATTR__END);
	html_text(&v->h, text);
	html_close(&v->h, EL_A);
}

void
v_registry_head(struct view *v, const struct registry *g, enum access acc,
    enum v_tab t)
{
	struct html	*h = &v->h;

	html_open(h, EL_NAV, ATTR_CLASS, "crumbs", ATTR_ARIA_LABEL,
	    "Breadcrumb", ATTR__END);
	html_open(h, EL_A, ATTR_HREF, v_url(v, "organizations", g->org_slug,
	    "packages", NULL), ATTR__END);
	html_lit(h, "Registries");
	html_close(h, EL_A);
	html_lit(h, " / ");
	html_close(h, EL_NAV);
	html_open(h, EL_DIV, ATTR_CLASS, "reghead", ATTR__END);
	v_navatar(v, g, "navatar navatar-lg");
	html_open(h, EL_DIV, ATTR__END);
	html_open(h, EL_H1, ATTR__END);
	html_open(h, EL_SPAN, ATTR_CLASS, "regname", ATTR__END);
	html_text(h, g->name);
	html_close(h, EL_SPAN);
	if (g->public) {
		html_open(h, EL_SPAN, ATTR_CLASS, "badge badge-public",
		    ATTR__END);
		html_lit(h, "Public");
		html_close(h, EL_SPAN);
	}
	html_close(h, EL_H1);
	if (g->description && *g->description) {
		html_open(h, EL_P, ATTR_CLASS, "desc", ATTR__END);
		html_text(h, g->description);
		html_close(h, EL_P);
	}
	html_open(h, EL_P, ATTR_CLASS, "meta", ATTR__END);
	html_open(h, EL_SPAN, ATTR_CLASS, "eco", ATTR__END);
	html_text(h, v_eco_label(g->ecosystem));
	html_close(h, EL_SPAN);
	html_open(h, EL_SPAN, ATTR_CLASS, "muted", ATTR__END);
	html_text(h, g->public ? "Public" : "Private");
	html_close(h, EL_SPAN);
	html_close(h, EL_P);
	html_close(h, EL_DIV);
	html_close(h, EL_DIV);
	html_open(h, EL_NAV, ATTR_CLASS, "tabs", ATTR_ARIA_LABEL, "Registry",
	    ATTR__END);
	tab(v, v_reg_url(v, g, NULL), "Packages", t == TAB_PACKAGES);
	tab(v, v_reg_url(v, g, "publish", NULL), "Publish instructions",
	    t == TAB_PUBLISH);
	if (acc >= ACC_ADMIN)
		tab(v, v_reg_url(v, g, "settings", NULL), "Settings",
		    t == TAB_SETTINGS);
	html_close(h, EL_NAV);
}

void
v_settings_nav(struct view *v, const struct registry *g, enum v_section s)
{
	struct html	*h = &v->h;

	html_open(h, EL_DIV, ATTR_CLASS, "settings", ATTR__END);
	html_open(h, EL_NAV, ATTR_CLASS, "sidenav", ATTR_ARIA_LABEL,
	    "Settings", ATTR__END);
	tab(v, v_reg_url(v, g, "settings", NULL), "General", s == SEC_GENERAL);
	tab(v, v_reg_url(v, g, "settings", "oidc", NULL), "OIDC policy",
	    s == SEC_OIDC);
	tab(v, v_reg_url(v, g, "settings", "tokens", NULL), "Tokens",
	    s == SEC_TOKENS);
	tab(v, v_reg_url(v, g, "settings", "storage", NULL), "Storage",
	    s == SEC_STORAGE);
	html_close(h, EL_NAV);
	html_open(h, EL_DIV, ATTR_CLASS, "settings-body", ATTR__END);
}

void
v_copy_button(struct view *v, const char *id, const char *label)
{
	html_open(&v->h, EL_BUTTON, ATTR_TYPE, "button", ATTR_CLASS,
	    "btn btn-small copy", ATTR_DATA_COPY, id, ATTR_HIDDEN, "",
	    ATTR_ARIA_LABEL, label ? label : "Copy to clipboard", ATTR__END);
	html_lit(&v->h, "Copy");
	html_close(&v->h, EL_BUTTON);
}

void
v_snippet(struct view *v, const char *label, const char *text)
{
	struct html	*h = &v->h;
	char		*id = arena_strfmt(v->a, "snippet-%u", ++v->ids);

	html_open(h, EL_DIV, ATTR_CLASS, "snippet", ATTR__END);
	html_open(h, EL_DIV, ATTR_CLASS, "snippet-head", ATTR__END);
	html_open(h, EL_SPAN, ATTR__END);
	html_text(h, label);
	html_close(h, EL_SPAN);
	v_copy_button(v, id, label ? arena_strfmt(v->a, "Copy %s", label) :
	    NULL);
	html_close(h, EL_DIV);
	html_open(h, EL_PRE, ATTR_ID, id, ATTR__END);
	html_open(h, EL_CODE, ATTR__END);
	html_text(h, text);
	html_close(h, EL_PRE);
	html_close(h, EL_DIV);
}

void
v_time(struct view *v, const char *iso)
{
	char	 shown[32];

	if (iso == NULL || strlen(iso) < 16) {
		html_text(&v->h, iso ? iso : "");
		return;
	}
	snprintf(shown, sizeof(shown), "%.10s %.5s UTC", iso, iso + 11);
	html_open(&v->h, EL_TIME, ATTR_DATETIME, iso, ATTR__END);
	html_text(&v->h, shown);
	html_close(&v->h, EL_TIME);
}

void
v_size(struct view *v, long long n)
{
	static const char *const units[] = { "kB", "MB", "GB", "TB" };
	char	 shown[32], exact[48];
	double	 d = (double)n;
	int	 u = -1;

	while (d >= 1000 && u < 3) {
		d /= 1000;
		u++;
	}
	if (u < 0)
		snprintf(shown, sizeof(shown), "%lld B", n);
	else
		snprintf(shown, sizeof(shown), "%.1f %s", d, units[u]);
	snprintf(exact, sizeof(exact), "%lld bytes", n);
	html_open(&v->h, EL_SPAN, ATTR_TITLE, exact, ATTR__END);
	html_text(&v->h, shown);
	html_close(&v->h, EL_SPAN);
}

void
v_form_error(struct view *v, const char *msg)
{
	if (msg == NULL)
		return;
	html_open(&v->h, EL_DIV, ATTR_CLASS, "alert", ATTR_ID, "form-error",
	    ATTR__END);
	html_text(&v->h, v_sentence(v, msg));
	html_close(&v->h, EL_DIV);
}

/* The opening of a field: wrapper and label; *err_id for aria. */
static char *
field_head(struct view *v, const char *name, const char *label,
    const struct v_value *val, char **err_id)
{
	char	*id = arena_strfmt(v->a, "f-%s", name);

	*err_id = val && val->error ? arena_strfmt(v->a, "%s-error", id) :
	    NULL;
	html_open(&v->h, EL_DIV, ATTR_CLASS, val && val->error ?
	    "field has-error" : "field", ATTR__END);
	html_open(&v->h, EL_LABEL, ATTR_FOR, id, ATTR__END);
	html_text(&v->h, label);
	html_close(&v->h, EL_LABEL);
	return id;
}

const char *
v_sentence(struct view *v, const char *msg)
{
	char	*s;

	if (msg == NULL || !(*msg >= 'a' && *msg <= 'z') ||
	    (s = arena_strdup(v->a, msg)) == NULL)
		return msg;
	s[0] = (char)(s[0] - 'a' + 'A');
	return s;
}

static void
field_tail(struct view *v, const struct v_value *val, const char *err_id,
    const char *hint)
{
	if (val && val->error) {
		html_open(&v->h, EL_P, ATTR_CLASS, "field-error", ATTR_ID,
		    err_id, ATTR__END);
		html_text(&v->h, v_sentence(v, val->error));
		html_close(&v->h, EL_P);
	}
	if (hint) {
		html_open(&v->h, EL_P, ATTR_CLASS, "hint", ATTR__END);
		html_text(&v->h, hint);
		html_close(&v->h, EL_P);
	}
	html_close(&v->h, EL_DIV);
}

void
v_input(struct view *v, const char *name, const char *label,
    const char *type, const struct v_value *val, const char *hint,
    int required, const char *maxlength)
{
	char	*err_id, *id = field_head(v, name, label, val, &err_id);

	html_open(&v->h, EL_INPUT, ATTR_ID, id, ATTR_NAME, name, ATTR_TYPE,
	    type ? type : "text", ATTR_VALUE, val ? val->value : NULL,
	    ATTR_REQUIRED, required ? "" : NULL, ATTR_MAXLENGTH, maxlength,
	    ATTR_ARIA_INVALID, err_id ? "true" : NULL,
	    ATTR_ARIA_DESCRIBEDBY, err_id, ATTR_AUTOFOCUS, err_id ? "" : NULL,
	    ATTR_SPELLCHECK, type && strcmp(type, "email") == 0 ? "false" :
	    NULL, ATTR__END);
	field_tail(v, val, err_id, hint);
}

void
v_textarea(struct view *v, const char *name, const char *label,
    const struct v_value *val, const char *hint, const char *rows)
{
	char	*err_id, *id = field_head(v, name, label, val, &err_id);

	html_open(&v->h, EL_TEXTAREA, ATTR_ID, id, ATTR_NAME, name, ATTR_ROWS,
	    rows, ATTR_SPELLCHECK, "false", ATTR_ARIA_INVALID, err_id ?
	    "true" : NULL, ATTR_ARIA_DESCRIBEDBY, err_id, ATTR__END);
	/* A leading newline would be eaten by the parser: keep it. */
	if (val && val->value && (val->value[0] == '\n' ||
	    val->value[0] == '\r'))
		html_lit(&v->h, "\n");
	html_text(&v->h, val ? val->value : NULL);
	html_close(&v->h, EL_TEXTAREA);
	field_tail(v, val, err_id, hint);
}

void
v_pager(struct view *v, const char *url, const char *q_name, const char *q,
    long page, int more)
{
	struct html	*h = &v->h;
	char		 p[32];

	if (page <= 1 && !more)
		return;
	html_open(h, EL_NAV, ATTR_CLASS, "pager", ATTR_ARIA_LABEL, "Pages",
	    ATTR__END);
	if (page > 1) {
		snprintf(p, sizeof(p), "%ld", page - 1);
		html_open(h, EL_A, ATTR_CLASS, "btn", ATTR_REL, "prev",
		    ATTR_HREF, url_query(v->a, url, q_name, q, "page",
		    page - 1 > 1 ? p : NULL, NULL), ATTR__END);
		html_lit(h, "\xe2\x86\x90 Newer");
		html_close(h, EL_A);
	}
	html_open(h, EL_SPAN, ATTR_CLASS, "muted", ATTR__END);
	html_textf(h, "Page %ld", page);
	html_close(h, EL_SPAN);
	if (more) {
		snprintf(p, sizeof(p), "%ld", page + 1);
		html_open(h, EL_A, ATTR_CLASS, "btn", ATTR_REL, "next",
		    ATTR_HREF, url_query(v->a, url, q_name, q, "page", p,
		    NULL), ATTR__END);
		html_lit(h, "Older \xe2\x86\x92");
		html_close(h, EL_A);
	}
	html_close(h, EL_NAV);
}
