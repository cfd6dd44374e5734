/* pypi_simple.c: the simple repository API's pages: PEP 503 HTML and PEP 691 JSON */
#include <string.h>

#include <json-c/json.h>

#include "eco/pypi.h"
#include "util/banned.h"

#define PYPI_API_VERSION	"1.1"

int
pypi_html_escape(struct buf *b, const char *s)
{
	const char	*p, *rep;
	size_t		 run;

	for (p = s; *p != '\0'; p += run) {
		run = strcspn(p, "&<>\"'");
		if (run > 0) {
			if (buf_add(b, p, run) == -1)
				return -1;
			continue;
		}
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: rep = "&#39;"; break;
		}
		if (buf_adds(b, rep) == -1)
			return -1;
		run = 1;
	}
	return 0;
}

/* ' name="value"' with the value escaped. */
static int
html_attr(struct buf *b, const char *name, const char *pre, const char *v)
{
	return buf_printf(b, " %s=\"", name) == -1 ||
	    (pre && pypi_html_escape(b, pre) == -1) ||
	    pypi_html_escape(b, v) == -1 || buf_addch(b, '"') == -1 ? -1 : 0;
}

/* The page up to <body>, titled title (a literal) and name (escaped). */
static int
html_head(struct buf *b, const char *title, const char *name)
{
	return buf_adds(b, "<!DOCTYPE html>\n<html>\n<head>\n"
	    "<meta name=\"pypi:repository-version\" content=\""
	    PYPI_API_VERSION "\">\n<title>") == -1 ||
	    buf_adds(b, title) == -1 || pypi_html_escape(b, name) == -1 ||
	    buf_adds(b, "</title>\n</head>\n<body>\n") == -1 ? -1 : 0;
}

static int
html_file(struct buf *b, const struct pypi_file *f)
{
	if (buf_adds(b, "<a href=\"") == -1 ||
	    pypi_html_escape(b, f->url) == -1 ||
	    (f->sha256 && (buf_adds(b, "#sha256=") == -1 ||
	    pypi_html_escape(b, f->sha256) == -1)) ||
	    buf_addch(b, '"') == -1)
		return -1;
	if (f->requires_python && f->requires_python[0] != '\0' &&
	    html_attr(b, "data-requires-python", NULL,
	    f->requires_python) == -1)
		return -1;
	if (f->core_metadata_sha256 &&
	    (html_attr(b, "data-dist-info-metadata", "sha256=",
	    f->core_metadata_sha256) == -1 ||
	    html_attr(b, "data-core-metadata", "sha256=",
	    f->core_metadata_sha256) == -1))
		return -1;
	if (f->yanked && html_attr(b, "data-yanked", NULL, f->yanked) == -1)
		return -1;
	return buf_addch(b, '>') == -1 || pypi_html_escape(b,
	    f->filename) == -1 || buf_adds(b, "</a><br>\n") == -1 ? -1 : 0;
}

static struct json_object *
json_meta(void)
{
	struct json_object	*m = json_object_new_object();

	json_object_object_add(m, "api-version",
	    json_object_new_string(PYPI_API_VERSION));
	return m;
}

static struct json_object *
json_sha256(const char *hex)
{
	struct json_object	*h = json_object_new_object();

	json_object_object_add(h, "sha256", json_object_new_string(hex));
	return h;
}

static struct json_object *
json_file(const struct pypi_file *f)
{
	struct json_object	*o = json_object_new_object(), *y;

	json_object_object_add(o, "filename",
	    json_object_new_string(f->filename));
	json_object_object_add(o, "url", json_object_new_string(f->url));
	json_object_object_add(o, "hashes", f->sha256 ?
	    json_sha256(f->sha256) : json_object_new_object());
	if (f->requires_python && f->requires_python[0] != '\0')
		json_object_object_add(o, "requires-python",
		    json_object_new_string(f->requires_python));
	/*
	 * PEP 714: only "core-metadata" in JSON. pip 22.3 to 23.1 fail hard
	 * on a "dist-info-metadata" object (Debian 12's pip 23.0.1 among
	 * them); they ignore the new key and read the wheel instead.
	 */
	if (f->core_metadata_sha256)
		json_object_object_add(o, "core-metadata",
		    json_sha256(f->core_metadata_sha256));
	else
		json_object_object_add(o, "core-metadata",
		    json_object_new_boolean(0));
	if (f->yanked == NULL)
		y = json_object_new_boolean(0);
	else if (f->yanked[0] == '\0')
		y = json_object_new_boolean(1);
	else
		y = json_object_new_string(f->yanked);
	json_object_object_add(o, "yanked", y);
	json_object_object_add(o, "size", json_object_new_int64(f->size));
	if (f->upload_time)
		json_object_object_add(o, "upload-time",
		    json_object_new_string(f->upload_time));
	return o;
}

/* Serialize root onto b and release it. */
static int
json_emit(struct buf *b, struct json_object *root)
{
	const char	*s;
	size_t		 len;
	int		 rc = -1;

	s = json_object_to_json_string_length(root, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s != NULL && buf_add(b, s, len) == 0)
		rc = 0;
	json_object_put(root);
	return rc;
}

int
pypi_simple_project(const struct pypi_project *p, int json, struct buf *out)
{
	struct json_object	*root, *arr;
	size_t			 i;

	if (json) {
		root = json_object_new_object();
		json_object_object_add(root, "meta", json_meta());
		json_object_object_add(root, "name",
		    json_object_new_string(p->name));
		arr = json_object_new_array();
		for (i = 0; i < p->nversions; i++)
			json_object_array_add(arr,
			    json_object_new_string(p->versions[i]));
		json_object_object_add(root, "versions", arr);
		arr = json_object_new_array();
		for (i = 0; i < p->nfiles; i++)
			json_object_array_add(arr, json_file(&p->files[i]));
		json_object_object_add(root, "files", arr);
		return json_emit(out, root);
	}
	if (html_head(out, "Links for ", p->name) == -1 ||
	    buf_adds(out, "<h1>Links for ") == -1 ||
	    pypi_html_escape(out, p->name) == -1 ||
	    buf_adds(out, "</h1>\n") == -1)
		return -1;
	for (i = 0; i < p->nfiles; i++)
		if (html_file(out, &p->files[i]) == -1)
			return -1;
	return buf_adds(out, "</body>\n</html>\n");
}

int
pypi_simple_index(const char *const *names, size_t n, int json,
    struct buf *out)
{
	struct json_object	*root, *arr, *o;
	size_t			 i;

	if (json) {
		root = json_object_new_object();
		json_object_object_add(root, "meta", json_meta());
		arr = json_object_new_array();
		for (i = 0; i < n; i++) {
			o = json_object_new_object();
			json_object_object_add(o, "name",
			    json_object_new_string(names[i]));
			json_object_array_add(arr, o);
		}
		json_object_object_add(root, "projects", arr);
		return json_emit(out, root);
	}
	if (html_head(out, "Simple index", "") == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_adds(out, "<a href=\"") == -1 ||
		    pypi_html_escape(out, names[i]) == -1 ||
		    buf_adds(out, "/\">") == -1 ||
		    pypi_html_escape(out, names[i]) == -1 ||
		    buf_adds(out, "</a><br>\n") == -1)
			return -1;
	return buf_adds(out, "</body>\n</html>\n");
}
