/* v_package.c: a package's page (installation, details, checksums,
 * dependencies, README) and its delete confirmation */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

/* What the pages show from a package's metadata, whatever its ecosystem. */
struct meta {
	const char	*description;
	const char	*license;
	const char	*homepage;
	const char	**deps;		/* "name range" lines */
	size_t		 ndeps;
	int		 markdown;	/* its README is Markdown */
};

static const char *
str_member(struct arena *a, struct json_object *o, const char *const *keys)
{
	struct json_object	*v;

	for (; *keys; keys++)
		if (json_object_object_get_ex(o, *keys, &v) &&
		    json_object_is_type(v, json_type_string) &&
		    json_object_get_string_len(v) > 0)
			return arena_strdup(a, json_object_get_string(v));
	return NULL;
}

/* "MIT", ["MIT", "Apache-2.0"], {"type": "MIT"}, [{"type": ...}]. */
static const char *
license_of(struct arena *a, struct json_object *o)
{
	static const char *const keys[] = { "license", "licenses",
	    "license_expression", NULL };
	struct json_object	*v, *e, *t;
	const char		*const *k;
	char			*out = NULL;
	size_t			 i;

	for (k = keys; *k; k++) {
		if (!json_object_object_get_ex(o, *k, &v) || v == NULL)
			continue;
		if (json_object_is_type(v, json_type_string))
			return arena_strdup(a, json_object_get_string(v));
		if (json_object_is_type(v, json_type_object) &&
		    json_object_object_get_ex(v, "type", &t) &&
		    json_object_is_type(t, json_type_string))
			return arena_strdup(a, json_object_get_string(t));
		if (!json_object_is_type(v, json_type_array))
			continue;
		for (i = 0; i < json_object_array_length(v) && i < 8; i++) {
			e = json_object_array_get_idx(v, i);
			if (json_object_is_type(e, json_type_object) &&
			    json_object_object_get_ex(e, "type", &t))
				e = t;
			if (!json_object_is_type(e, json_type_string))
				continue;
			out = out ? arena_strfmt(a, "%s, %s", out,
			    json_object_get_string(e)) :
			    arena_strdup(a, json_object_get_string(e));
		}
		if (out)
			return out;
	}
	return NULL;
}

/* A JSON value's text, "" for JSON null. */
static const char *
js(struct json_object *o)
{
	const char	*s = o ? json_object_get_string(o) : NULL;

	return s ? s : "";
}

/* One dependency as a line, from each ecosystem's shape. */
static const char *
dep_line(struct arena *a, const char *key, struct json_object *d)
{
	struct json_object	*n, *v, *r;
	const char		*name;
	char			*req = NULL;
	size_t			 i;

	if (key != NULL)	/* npm: {"name": "^1.0.0"} */
		return arena_strfmt(a, "%s %s", key, js(d));
	if (json_object_is_type(d, json_type_string))	/* PyPI */
		return arena_strdup(a, json_object_get_string(d));
	if (!json_object_is_type(d, json_type_object))
		return NULL;
	if (json_object_object_get_ex(d, "artifactId", &n)) {	/* Maven */
		name = js(n);
		if (json_object_object_get_ex(d, "groupId", &v))
			name = arena_strfmt(a, "%s:%s", js(v), name);
		if (json_object_object_get_ex(d, "version", &v))
			return arena_strfmt(a, "%s %s", name, js(v));
		return arena_strdup(a, name);
	}
	if (!json_object_object_get_ex(d, "name", &n))	/* RubyGems */
		return NULL;
	if (json_object_object_get_ex(d, "requirements", &r) &&
	    json_object_is_type(r, json_type_array))
		for (i = 0; i < json_object_array_length(r) && i < 8; i++)
			req = arena_strfmt(a, "%s%s%s", req ? req : "",
			    req ? ", " : "", js(json_object_array_get_idx(r,
			    i)));
	if (json_object_object_get_ex(d, "type", &v) &&
	    strcmp(js(v), "development") == 0)
		return arena_strfmt(a, "%s %s (development)", js(n),
		    req ? req : "");
	return arena_strfmt(a, "%s %s", js(n), req ? req : "");
}

#define MAX_DEPS	500

static void
meta_read(struct arena *a, const char *ecosystem, const char *text,
    struct meta *m)
{
	static const char *const desc[] = { "description", "summary", NULL };
	static const char *const home[] = { "homepage", "home_page", "url",
	    NULL };
	static const char *const deps[] = { "dependencies", "requires_dist",
	    NULL };
	struct json_object	*o, *d, *ct;
	const char		*const *k, *line;
	size_t			 i, n;

	memset(m, 0, sizeof(*m));
	m->markdown = strcmp(ecosystem, "javascript") == 0;
	if (text == NULL || (o = json_tokener_parse(text)) == NULL)
		return;
	if (!json_object_is_type(o, json_type_object))
		goto out;
	m->description = str_member(a, o, desc);
	m->license = license_of(a, o);
	m->homepage = url_external(str_member(a, o, home));
	if (json_object_object_get_ex(o, "description_content_type", &ct) &&
	    json_object_is_type(ct, json_type_string) &&
	    strstr(json_object_get_string(ct), "markdown") != NULL)
		m->markdown = 1;
	for (k = deps; *k; k++) {
		if (!json_object_object_get_ex(o, *k, &d) || d == NULL)
			continue;
		if (json_object_is_type(d, json_type_object))
			n = (size_t)json_object_object_length(d);
		else if (json_object_is_type(d, json_type_array))
			n = json_object_array_length(d);
		else
			continue;
		if (n > MAX_DEPS)
			n = MAX_DEPS;
		if ((m->deps = arena_calloc(a, n + 1, sizeof(*m->deps))) ==
		    NULL)
			break;
		if (json_object_is_type(d, json_type_object)) {
			json_object_object_foreach(d, key, val) {
				if (m->ndeps == n)
					break;
				if ((line = dep_line(a, key, val)) != NULL)
					m->deps[m->ndeps++] = line;
			}
		} else
			for (i = 0; i < n; i++)
				if ((line = dep_line(a, NULL,
				    json_object_array_get_idx(d, i))) != NULL)
					m->deps[m->ndeps++] = line;
		break;
	}
out:
	json_object_put(o);
}

static void
row(struct view *v, const char *term)
{
	html_tag(&v->h, EL_DT, term);
	html_open(&v->h, EL_DD, ATTR__END);
}

/* A digest with its copy button. */
static void
digest(struct view *v, const char *name, const char *hex)
{
	struct html	*h = &v->h;
	char		*id;

	if (hex == NULL)
		return;
	id = arena_strfmt(v->a, "digest-%u", ++v->ids);
	html_tag(h, EL_DT, name);
	html_open(h, EL_DD, ATTR_CLASS, "digest", ATTR__END);
	html_open(h, EL_CODE, ATTR_ID, id, ATTR__END);
	html_text(h, hex);
	html_close(h, EL_CODE);
	v_copy_button(v, id, arena_strfmt(v->a, "Copy %s", name));
	html_close(h, EL_DD);
}

void
v_package(struct view *v, const struct registry *g, enum access acc,
    const struct v_package *vp)
{
	struct html		*h = &v->h;
	const struct pkg	*p = &vp->p->p;
	const struct pkg_file	*f;
	struct meta		 m;
	size_t			 i;

	meta_read(v->a, g->ecosystem, p->metadata, &m);
	v_registry_head(v, g, acc, TAB_PACKAGES);
	html_open(h, EL_DIV, ATTR_CLASS, "pkghead", ATTR__END);
	html_open(h, EL_H2, ATTR__END);
	html_open(h, EL_SPAN, ATTR_CLASS, "pkgname", ATTR__END);
	html_text(h, p->name);
	html_close(h, EL_SPAN);
	html_lit(h, " ");
	html_open(h, EL_CODE, ATTR_CLASS, "version", ATTR__END);
	html_text(h, p->version);
	html_close(h, EL_CODE);
	html_close(h, EL_H2);
	if (p->deprecated) {
		html_open(h, EL_P, ATTR_CLASS, "alert", ATTR__END);
		html_lit(h, "Deprecated");
		if (*p->deprecated) {
			html_lit(h, ": ");
			html_text(h, p->deprecated);
		}
		html_close(h, EL_P);
	}
	html_close(h, EL_DIV);

	html_open(h, EL_DIV, ATTR_CLASS, "columns", ATTR__END);
	html_open(h, EL_DIV, ATTR_CLASS, "col-main", ATTR__END);
	html_open(h, EL_SECTION, ATTR_ID, "installation", ATTR__END);
	html_tag(h, EL_H3, "Installation");
	v_install_steps(v, g, p, vp->nfiles ? &vp->files[0] : NULL);
	html_close(h, EL_SECTION);

	html_open(h, EL_SECTION, ATTR_ID, "files", ATTR__END);
	html_tag(h, EL_H3, vp->nfiles == 1 ? "File" : "Files");
	for (i = 0; i < vp->nfiles; i++) {
		f = &vp->files[i];
		html_open(h, EL_DIV, ATTR_CLASS, "file", ATTR__END);
		html_open(h, EL_P, ATTR_CLASS, "filename", ATTR__END);
		html_open(h, EL_A, ATTR_HREF, url_query(v->a, v_reg_url(v, g,
		    "packages", p->id, "download", NULL), "file", f->filename,
		    NULL), ATTR_CLASS, "dl", ATTR__END);
		html_text(h, f->filename);
		html_close(h, EL_A);
		html_lit(h, " ");
		v_size(v, f->size);
		html_close(h, EL_P);
		html_open(h, EL_DL, ATTR_CLASS, "digests", ATTR__END);
		digest(v, "MD5", f->md5);
		digest(v, "SHA1", f->sha1);
		digest(v, "SHA256", f->sha256);
		digest(v, "SHA512", f->sha512);
		html_close(h, EL_DL);
		html_close(h, EL_DIV);
	}
	html_close(h, EL_SECTION);

	if (m.ndeps) {
		html_open(h, EL_SECTION, ATTR_ID, "dependencies", ATTR__END);
		html_open(h, EL_H3, ATTR__END);
		html_textf(h, "Dependencies (%zu)", m.ndeps);
		html_close(h, EL_H3);
		html_open(h, EL_UL, ATTR_CLASS, "deps", ATTR__END);
		for (i = 0; i < m.ndeps; i++) {
			html_open(h, EL_LI, ATTR__END);
			html_open(h, EL_CODE, ATTR__END);
			html_text(h, m.deps[i]);
			html_close(h, EL_LI);
		}
		html_close(h, EL_UL);
		html_close(h, EL_SECTION);
	}

	if (p->readme && *p->readme) {
		html_open(h, EL_SECTION, ATTR_ID, "readme", ATTR_CLASS,
		    "readme", ATTR__END);
		html_tag(h, EL_H3, "README");
		if (m.markdown) {
			html_open(h, EL_DIV, ATTR_CLASS, "markdown",
			    ATTR__END);
			html_markdown(h, p->readme, strlen(p->readme));
			html_close(h, EL_DIV);
		} else {
			html_open(h, EL_PRE, ATTR_CLASS, "readme-plain",
			    ATTR__END);
			html_text(h, p->readme);
			html_close(h, EL_PRE);
		}
		html_close(h, EL_SECTION);
	}
	html_close(h, EL_DIV);

	html_open(h, EL_ASIDE, ATTR_CLASS, "col-side", ATTR__END);
	if (vp->nfiles) {
		html_open(h, EL_A, ATTR_CLASS, "btn btn-primary btn-block",
		    ATTR_ID, "download", ATTR_HREF, v_reg_url(v, g, "packages",
		    p->id, "download", NULL), ATTR__END);
		html_lit(h, "Download");
		html_close(h, EL_A);
	}
	if (m.description) {
		html_tag(h, EL_H3, "About this version");
		html_open(h, EL_P, ATTR_CLASS, "about", ATTR__END);
		html_text(h, m.description);
		html_close(h, EL_P);
	}
	html_tag(h, EL_H3, "Details");
	html_open(h, EL_DL, ATTR_CLASS, "details", ATTR__END);
	row(v, "Name");
	html_text(h, p->name);
	html_close(h, EL_DD);
	row(v, "Version");
	html_text(h, p->version);
	html_close(h, EL_DD);
	row(v, "Registry");
	html_text(h, g->name);
	html_close(h, EL_DD);
	row(v, "Visibility");
	html_text(h, g->public ? "Public" : "Private");
	html_close(h, EL_DD);
	if (m.license) {
		row(v, "License");
		html_text(h, m.license);
		html_close(h, EL_DD);
	}
	if (m.homepage) {
		row(v, "Homepage");
		html_open(h, EL_A, ATTR_HREF, m.homepage, ATTR_REL,
		    "nofollow noopener noreferrer", ATTR__END);
		html_text(h, m.homepage);
		html_close(h, EL_DD);
	}
	row(v, "Pushed");
	v_time(v, p->created_at);
	if (vp->p->uploader) {
		html_lit(h, " by ");
		html_text(h, vp->p->uploader);
	}
	html_close(h, EL_DD);
	row(v, "Package size");
	v_size(v, vp->p->total_size);
	html_close(h, EL_DD);
	row(v, "Total files");
	html_textf(h, "%zu", vp->nfiles);
	html_close(h, EL_DD);
	row(v, "Dependencies");
	html_textf(h, "%zu", m.ndeps);
	html_close(h, EL_DD);
	row(v, "Downloads");
	html_textf(h, "%lld", p->downloads);
	html_close(h, EL_DL);
	if (vp->can_delete) {
		html_open(h, EL_A, ATTR_CLASS, "btn btn-danger btn-block",
		    ATTR_ID, "delete-package", ATTR_HREF, v_reg_url(v, g,
		    "packages", p->id, "delete", NULL), ATTR__END);
		html_lit(h, "Delete package");
		html_close(h, EL_A);
	}
	html_close(h, EL_ASIDE);
	html_close(h, EL_DIV);
}

void
v_package_delete(struct view *v, const struct registry *g,
    const struct ui_pkg *up)
{
	struct html	*h = &v->h;

	html_open(h, EL_SECTION, ATTR_CLASS, "card narrow", ATTR__END);
	html_tag(h, EL_H1, "Delete package");
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "Delete ");
	html_tag(h, EL_STRONG, up->p.name);
	html_lit(h, " ");
	html_tag(h, EL_CODE, up->p.version);
	html_lit(h, " from ");
	html_tag(h, EL_STRONG, g->name);
	html_lit(h, "? Its files are removed and clients can no longer "
	    "install this version. This cannot be undone.");
	html_close(h, EL_P);
	html_form_open(h, v_reg_url(v, g, "packages", up->p.id, "delete",
	    NULL), ATTR_CLASS, "actions", ATTR__END);
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
	    "btn btn-danger", ATTR__END);
	html_lit(h, "Delete package");
	html_close(h, EL_BUTTON);
	html_open(h, EL_A, ATTR_CLASS, "btn btn-quiet", ATTR_HREF,
	    v_reg_url(v, g, "packages", up->p.id, NULL), ATTR__END);
	html_lit(h, "Cancel");
	html_close(h, EL_A);
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}
