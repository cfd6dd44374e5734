/* pypi_meta.c: core metadata (METADATA, PKG-INFO): RFC 822-style fields */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "eco/pypi.h"
#include "util/banned.h"

#define PYPI_KEY_MAX	128	/* bytes of a field name */

static const char *const meta_versions[] = {
	"1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4"
};

static int	 meta_fail(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
meta_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
pypi_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 c;

	while (i < len) {
		if (p[i] == '\0')
			return 0;
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
		} else
			return 0;
		if (len - i - 1 < n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
ows(int c)
{
	return c == ' ' || c == '\t';
}

struct mp {
	struct arena		*arena;
	struct pypi_meta	*out;
	size_t			 cap;
	const char		*key;	/* field being read, arena */
	int			 desc;	/* it is Description */
	struct buf		 val;
};

/* Finish the field being read: trailing white space dropped. */
static int
mp_flush(struct mp *m)
{
	struct pypi_field	*nf;
	char			*v;
	size_t			 n;

	if (m->key == NULL)
		return 0;
	n = m->val.len;
	while (n > 0 && (ows(m->val.data[n - 1]) || m->val.data[n - 1] == '\n'))
		n--;
	if ((v = arena_strndup(m->arena, m->val.data, n)) == NULL)
		return -1;
	if (m->out->nfields == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		if ((nf = arena_calloc(m->arena, m->cap, sizeof(*nf))) == NULL)
			return -1;
		if (m->out->nfields)
			memcpy(nf, m->out->fields,
			    m->out->nfields * sizeof(*nf));
		m->out->fields = nf;
	}
	m->out->fields[m->out->nfields].key = m->key;
	m->out->fields[m->out->nfields].value = v;
	m->out->nfields++;
	m->key = NULL;
	buf_reset(&m->val);
	return 0;
}

/* A continuation line (starting with white space) of the current field. */
static int
mp_continue(struct mp *m, const char *l, size_t n)
{
	if (m->desc) {
		/* Descriptions are indented by 8 spaces, or "       |". */
		if (n >= 8 && (memcmp(l, "        ", 8) == 0 ||
		    memcmp(l, "       |", 8) == 0)) {
			l += 8;
			n -= 8;
		} else
			while (n > 0 && ows(*l)) {
				l++;
				n--;
			}
		return buf_addch(&m->val, '\n') == -1 ||
		    buf_add(&m->val, l, n) == -1 ? -1 : 0;
	}
	while (n > 0 && ows(*l)) {
		l++;
		n--;
	}
	if (n == 0)
		return 0;
	if (m->val.len > 0 && buf_addch(&m->val, ' ') == -1)
		return -1;
	return buf_add(&m->val, l, n);
}

/* Occurrences of key among the fields, and the first value. */
static size_t
meta_count(const struct pypi_meta *m, const char *key, const char **first)
{
	size_t	 i, n = 0;

	*first = NULL;
	for (i = 0; i < m->nfields; i++)
		if (strcasecmp(m->fields[i].key, key) == 0) {
			if (n++ == 0)
				*first = m->fields[i].value;
		}
	return n;
}

/* The one required field key, or an error. */
static int
meta_required(const struct pypi_meta *m, const char *key, const char **v,
    char *err, size_t errsz)
{
	size_t	 n = meta_count(m, key, v);

	if (n == 0 || **v == '\0')
		return meta_fail(err, errsz, "metadata has no %s", key);
	if (n > 1)
		return meta_fail(err, errsz, "metadata has more than one %s",
		    key);
	return 0;
}

int
pypi_meta_parse(struct arena *a, const char *p, size_t len,
    struct pypi_meta *out, char *err, size_t errsz)
{
	struct mp	 m;
	const char	*l, *eol, *end, *colon, *v;
	size_t		 n, i, lineno = 0;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.arena = a;
	m.out = out;
	buf_init(&m.val, PYPI_META_MAX);
	if (errsz > 0)
		err[0] = '\0';
	if (len > PYPI_META_MAX) {
		meta_fail(err, errsz, "metadata is larger than %d bytes",
		    PYPI_META_MAX);
		goto out;
	}
	if (memchr(p, '\0', len) != NULL) {
		meta_fail(err, errsz, "metadata holds a NUL byte");
		goto out;
	}
	if (!pypi_utf8_valid(p, len)) {
		meta_fail(err, errsz, "metadata is not valid UTF-8");
		goto out;
	}
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		len -= 3;
	}
	end = p + len;
	for (l = p; l < end; l = eol + 1) {
		lineno++;
		if ((eol = memchr(l, '\n', (size_t)(end - l))) == NULL)
			eol = end;
		n = (size_t)(eol - l);
		if (n > 0 && l[n - 1] == '\r')
			n--;
		if (n == 0) {
			/* End of the fields: the rest is the description. */
			if (eol + 1 < end) {
				out->body = arena_strndup(a, eol + 1,
				    (size_t)(end - eol - 1));
				out->body_len = (size_t)(end - eol - 1);
				if (out->body == NULL)
					goto oom;
			}
			break;
		}
		if (ows(l[0])) {
			if (m.key == NULL) {
				meta_fail(err, errsz, "metadata line %zu: "
				    "continuation line before any field",
				    lineno);
				goto out;
			}
			if (mp_continue(&m, l, n) == -1)
				goto oom;
			continue;
		}
		if (mp_flush(&m) == -1)
			goto oom;
		if ((colon = memchr(l, ':', n)) == NULL || colon == l ||
		    (size_t)(colon - l) > PYPI_KEY_MAX) {
			meta_fail(err, errsz, "metadata line %zu: not a "
			    "'Name: value' field", lineno);
			goto out;
		}
		for (i = 0; l + i < colon; i++)
			if ((unsigned char)l[i] <= 32 ||
			    (unsigned char)l[i] >= 127) {
				meta_fail(err, errsz, "metadata line %zu: "
				    "bad character in field name", lineno);
				goto out;
			}
		if (out->nfields >= PYPI_META_FIELDS) {
			meta_fail(err, errsz, "metadata has more than %d "
			    "fields", PYPI_META_FIELDS);
			goto out;
		}
		if ((m.key = arena_strndup(a, l, (size_t)(colon - l))) == NULL)
			goto oom;
		m.desc = strcasecmp(m.key, "Description") == 0;
		for (v = colon + 1; v < l + n && ows(*v); v++)
			;
		if (buf_add(&m.val, v, (size_t)(l + n - v)) == -1)
			goto oom;
	}
	if (mp_flush(&m) == -1)
		goto oom;
	if (meta_required(out, "Metadata-Version", &out->metadata_version,
	    err, errsz) == -1 ||
	    meta_required(out, "Name", &out->name, err, errsz) == -1 ||
	    meta_required(out, "Version", &out->version, err, errsz) == -1)
		goto out;
	for (i = 0; i < sizeof(meta_versions) / sizeof(meta_versions[0]); i++)
		if (strcmp(out->metadata_version, meta_versions[i]) == 0)
			break;
	if (i == sizeof(meta_versions) / sizeof(meta_versions[0])) {
		meta_fail(err, errsz, "unsupported Metadata-Version '%.16s'",
		    out->metadata_version);
		goto out;
	}
	if (!pypi_name_valid(out->name, strlen(out->name))) {
		meta_fail(err, errsz, "metadata Name is not a valid project "
		    "name");
		goto out;
	}
	if (pypi_version_normalize(out->version, strlen(out->version),
	    out->norm_version, sizeof(out->norm_version)) == -1) {
		meta_fail(err, errsz, "metadata Version is not a valid "
		    "PEP 440 version");
		goto out;
	}
	rc = 0;
	goto out;
oom:
	meta_fail(err, errsz, "out of memory");
out:
	buf_release(&m.val);
	if (rc == -1)
		memset(out, 0, sizeof(*out));
	return rc;
}

const char *
pypi_meta_get(const struct pypi_meta *m, const char *key)
{
	const char	*v;

	(void)meta_count(m, key, &v);
	return v;
}

const char *
pypi_meta_description(const struct pypi_meta *m)
{
	if (m->body != NULL && m->body_len > 0)
		return m->body;
	return pypi_meta_get(m, "Description");
}

static const struct {
	const char	*field;
	const char	*member;
	int		 multi;
} meta_members[] = {
	{ "Summary", "summary", 0 },
	{ "Requires-Python", "requires_python", 0 },
	{ "License", "license", 0 },
	{ "License-Expression", "license_expression", 0 },
	{ "Home-page", "home_page", 0 },
	{ "Download-URL", "download_url", 0 },
	{ "Author", "author", 0 },
	{ "Author-email", "author_email", 0 },
	{ "Maintainer", "maintainer", 0 },
	{ "Maintainer-email", "maintainer_email", 0 },
	{ "Keywords", "keywords", 0 },
	{ "Description-Content-Type", "description_content_type", 0 },
	{ "Requires-Dist", "requires_dist", 1 },
	{ "Provides-Extra", "provides_extra", 1 },
	{ "Classifier", "classifiers", 1 },
	{ "Project-URL", "project_urls", 1 },
	{ "Platform", "platforms", 1 },
	{ "Supported-Platform", "supported_platforms", 1 },
	{ "Requires-External", "requires_external", 1 },
	{ "Provides-Dist", "provides_dist", 1 },
	{ "Obsoletes-Dist", "obsoletes_dist", 1 },
	{ "Dynamic", "dynamic", 1 },
	{ "License-File", "license_files", 1 },
};

char *
pypi_meta_json(struct arena *a, const struct pypi_meta *m)
{
	struct json_object	*root, *arr;
	const char		*v, *s;
	char			*out = NULL;
	size_t			 i, j, len;

	if ((root = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(root, "name", json_object_new_string(m->name));
	json_object_object_add(root, "version",
	    json_object_new_string(m->norm_version));
	json_object_object_add(root, "metadata_version",
	    json_object_new_string(m->metadata_version));
	for (i = 0; i < sizeof(meta_members) / sizeof(meta_members[0]); i++) {
		if (!meta_members[i].multi) {
			if ((v = pypi_meta_get(m, meta_members[i].field)) !=
			    NULL)
				json_object_object_add(root,
				    meta_members[i].member,
				    json_object_new_string(v));
			continue;
		}
		arr = NULL;
		for (j = 0; j < m->nfields; j++) {
			if (strcasecmp(m->fields[j].key,
			    meta_members[i].field) != 0)
				continue;
			if (arr == NULL) {
				arr = json_object_new_array();
				json_object_object_add(root,
				    meta_members[i].member, arr);
			}
			json_object_array_add(arr,
			    json_object_new_string(m->fields[j].value));
		}
	}
	s = json_object_to_json_string_length(root, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s != NULL)
		out = arena_strndup(a, s, len);
	json_object_put(root);
	return out;
}
