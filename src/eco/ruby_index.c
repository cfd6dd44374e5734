/* ruby_index.c: specs.4.8, quick gemspecs and the compact index */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "eco/ruby.h"
#include "util/digest.h"
#include "util/banned.h"

/*
 * Marshal layouts, as Ruby 3.1 and RubyGems 3.3 write them:
 *   Gem::Version       U :Gem::Version [version]          (marshal_dump)
 *   Gem::Requirement   U :Gem::Requirement [[[op, Version], ...]]
 *   Gem::Dependency    o :Gem::Dependency @name @requirement @type
 *                      @prerelease @version_requirements
 *   Time               Iu :Time <8 bytes> :zone "UTC"      (_dump)
 *   Gem::Specification u :Gem::Specification <Marshal of the 19-field
 *                      array Gem::Specification#_dump builds>
 */

static void
m_utf8(struct marshal *m, const char *s)
{
	marshal_str(m, s, strlen(s), MENC_UTF8);
}

static void
m_utf8_or_nil(struct marshal *m, const char *s)
{
	if (s == NULL)
		marshal_nil(m);
	else
		m_utf8(m, s);
}

static void
m_version(struct marshal *m, const char *v)
{
	marshal_user_marshal(m, "Gem::Version");
	marshal_array(m, 1);
	m_utf8(m, v);
}

static void
m_requirement(struct marshal *m, const struct gem_req *r, size_t n)
{
	size_t	 i;

	marshal_user_marshal(m, "Gem::Requirement");
	marshal_array(m, 1);
	marshal_array(m, n);
	for (i = 0; i < n; i++) {
		marshal_array(m, 2);
		m_utf8(m, r[i].op);
		m_version(m, r[i].version);
	}
}

static void
m_dependency(struct marshal *m, const struct gem_dep *d)
{
	marshal_object(m, "Gem::Dependency", 5);
	marshal_sym(m, "@name");
	m_utf8(m, d->name);
	marshal_sym(m, "@requirement");
	m_requirement(m, d->reqs, d->nreqs);
	marshal_sym(m, "@type");
	marshal_sym(m, d->development ? "development" : "runtime");
	marshal_sym(m, "@prerelease");
	marshal_bool(m, 0);
	marshal_sym(m, "@version_requirements");
	m_requirement(m, d->reqs, d->nreqs);
}

/*
 * Time#_dump of midnight UTC on date ("YYYY-MM-DD"): two little-endian
 * words, p = 1<<31 | utc<<30 | (year-1900)<<14 | mon0<<10 | mday<<5 | hour
 * and s = min<<26 | sec<<20 | usec; then the ivar zone = "UTC". A date
 * Ruby would need more ivars for (year before 1900) is written as nil, which
 * Gem::Specification#_load turns into today.
 */
static void
m_date(struct marshal *m, const char *date)
{
	unsigned char	 b[8];
	unsigned long	 p;
	int		 y, mon, d;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &mon, &d) != 3 ||
	    y < 1900 || y > 9999 || mon < 1 || mon > 12 || d < 1 || d > 31) {
		marshal_nil(m);
		return;
	}
	p = 1UL << 31 | 1UL << 30 | (unsigned long)(y - 1900) << 14 |
	    (unsigned long)(mon - 1) << 10 | (unsigned long)d << 5;
	b[0] = p & 0xff;
	b[1] = (p >> 8) & 0xff;
	b[2] = (p >> 16) & 0xff;
	b[3] = (p >> 24) & 0xff;
	memset(b + 4, 0, 4);
	marshal_user_dump(m, "Time", b, sizeof(b), 1);
	marshal_sym(m, "zone");
	marshal_str(m, "UTC", 3, MENC_ASCII);
}

static void
m_strs(struct marshal *m, const char *const *v, size_t n)
{
	size_t	 i;

	marshal_array(m, n);
	for (i = 0; i < n; i++)
		m_utf8(m, v[i]);
}

static const char *
plat(const struct gem_tuple *t)
{
	return t->platform ? t->platform : "ruby";
}

int
gem_specs_render(const struct gem_tuple *t, size_t n, struct buf *out)
{
	struct marshal	 m;
	size_t		 i;

	marshal_begin(&m, out);
	marshal_array(&m, n);
	for (i = 0; i < n; i++) {
		marshal_array(&m, 3);
		m_utf8(&m, t[i].name);
		m_version(&m, t[i].version);
		m_utf8(&m, plat(&t[i]));
	}
	return marshal_end(&m);
}

int
gem_quick_render(const struct gem_spec *s, struct buf *out)
{
	struct marshal	 m, in;
	struct buf	 inner;
	size_t		 i;
	int		 rc = -1, sv;

	/* The inner dump is bounded by what holds the outer one. */
	buf_init(&inner, out->max ? out->max : BUF_MAX_DEFAULT);
	marshal_begin(&in, &inner);
	marshal_array(&in, 19);
	m_utf8_or_nil(&in, s->rubygems_version);
	/* _load indexes MARSHAL_FIELDS by it: only 1..4 are known there. */
	sv = s->specification_version;
	marshal_int(&in, sv >= 1 && sv <= 4 ? sv : 4);
	m_utf8(&in, s->name);
	m_version(&in, s->version);
	m_date(&in, s->date);
	m_utf8(&in, s->summary ? s->summary : "");
	m_requirement(&in, s->ruby_reqs, s->nruby_reqs);
	m_requirement(&in, s->rubygems_reqs, s->nrubygems_reqs);
	m_utf8(&in, s->platform);
	marshal_array(&in, s->ndeps);
	for (i = 0; i < s->ndeps; i++)
		m_dependency(&in, &s->deps[i]);
	m_utf8(&in, "");	/* rubyforge_project */
	if (s->email_list)
		m_strs(&in, s->emails, s->nemails);
	else
		m_utf8_or_nil(&in, s->nemails ? s->emails[0] : NULL);
	m_strs(&in, s->authors, s->nauthors);
	m_utf8_or_nil(&in, s->description);
	m_utf8_or_nil(&in, s->homepage);
	marshal_bool(&in, 1);	/* has_rdoc */
	m_utf8(&in, s->platform);
	m_strs(&in, s->licenses, s->nlicenses);
	marshal_hash(&in, s->nmeta);
	for (i = 0; i < s->nmeta; i++) {
		m_utf8(&in, s->meta_keys[i]);
		m_utf8(&in, s->meta_values[i]);
	}
	if (marshal_end(&in) == -1)
		goto out;
	marshal_begin(&m, out);
	marshal_user_dump(&m, "Gem::Specification", inner.data, inner.len, 0);
	rc = marshal_end(&m);
out:
	buf_release(&inner);
	return rc;
}

size_t
gem_latest(const struct gem_tuple *t, size_t n, struct gem_tuple *out)
{
	size_t	 i, j, m = 0;

	for (i = 0; i < n; i++) {
		if (gem_version_prerelease(t[i].version))
			continue;
		for (j = 0; j < m; j++)
			if (strcmp(out[j].name, t[i].name) == 0 &&
			    strcmp(plat(&out[j]), plat(&t[i])) == 0)
				break;
		if (j == m)
			out[m++] = t[i];
		else if (gem_version_cmp(t[i].version, out[j].version) > 0)
			out[j] = t[i];
	}
	return m;
}

void
gem_md5_hex(const void *p, size_t len, char out[33])
{
	unsigned char	 h[EVP_MAX_MD_SIZE];
	unsigned int	 hl = 0;

	if (EVP_Digest(p, len, h, &hl, EVP_md5(), NULL) != 1 || hl != 16) {
		memset(out, '0', 32);
		out[32] = '\0';
		return;
	}
	hex_encode(h, 16, out);
}

int
gem_names_render(const char *const *names, size_t n, struct buf *out)
{
	size_t	 i;

	if (buf_adds(out, "---\n") == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_printf(out, "%s\n", names[i]) == -1)
			return -1;
	return 0;
}

int
gem_versions_render(const char *created_at, const struct gem_versions_row *r,
    size_t n, struct buf *out)
{
	size_t	 i, j;

	if (buf_printf(out, "created_at: %s\n---\n", created_at) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (buf_printf(out, "%s ", r[i].name) == -1)
			return -1;
		for (j = 0; j < r[i].nversions; j++)
			if (buf_printf(out, "%s%s", j ? "," : "",
			    r[i].versions[j]) == -1)
				return -1;
		if (buf_printf(out, " %s\n", r[i].info_md5) == -1)
			return -1;
	}
	return 0;
}

static int
req_cmp(const void *a, const void *b)
{
	const struct gem_req	*x = a, *y = b;
	char			 sx[GEM_VERSION_MAX + 8];
	char			 sy[GEM_VERSION_MAX + 8];

	snprintf(sx, sizeof(sx), "%s %s", x->op, x->version);
	snprintf(sy, sizeof(sy), "%s %s", y->op, y->version);
	return strcmp(sx, sy);
}

/* "op v&op v", sorted as the compact_index gem does. */
static int
put_reqs(struct buf *out, const struct gem_req *r, size_t n)
{
	struct gem_req	*s;
	size_t		 i;
	int		 rc = -1;

	if (n == 0)
		return buf_adds(out, ">= 0");
	if ((s = calloc(n, sizeof(*s))) == NULL)
		return -1;
	memcpy(s, r, n * sizeof(*s));
	qsort(s, n, sizeof(*s), req_cmp);
	for (i = 0; i < n; i++)
		if (buf_printf(out, "%s%s %s", i ? "&" : "", s[i].op,
		    s[i].version) == -1)
			goto out;
	rc = 0;
out:
	free(s);
	return rc;
}

/* Only ">= 0" (or nothing): no constraint worth a field. */
static int
req_any(const struct gem_req *r, size_t n)
{
	return n == 0 || (n == 1 && strcmp(r[0].op, ">=") == 0 &&
	    gem_version_cmp(r[0].version, "0") == 0);
}

int
gem_info_render(const struct gem_info_ver *v, size_t n, struct buf *out)
{
	const struct gem_spec	*s;
	size_t			 i, j, k;

	if (buf_adds(out, "---\n") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		s = v[i].spec;
		if (buf_adds(out, s->version) == -1 ||
		    (strcmp(s->platform, "ruby") != 0 &&
		    buf_printf(out, "-%s", s->platform) == -1) ||
		    buf_addch(out, ' ') == -1)
			return -1;
		for (j = 0, k = 0; j < s->ndeps; j++) {
			if (s->deps[j].development)
				continue;
			if (buf_printf(out, "%s%s:", k++ ? "," : "",
			    s->deps[j].name) == -1 ||
			    put_reqs(out, s->deps[j].reqs,
			    s->deps[j].nreqs) == -1)
				return -1;
		}
		if (buf_printf(out, "|checksum:%s", v[i].sha256) == -1)
			return -1;
		if (!req_any(s->ruby_reqs, s->nruby_reqs) &&
		    (buf_adds(out, ",ruby:") == -1 ||
		    put_reqs(out, s->ruby_reqs, s->nruby_reqs) == -1))
			return -1;
		if (!req_any(s->rubygems_reqs, s->nrubygems_reqs) &&
		    (buf_adds(out, ",rubygems:") == -1 ||
		    put_reqs(out, s->rubygems_reqs, s->nrubygems_reqs) == -1))
			return -1;
		if (buf_addch(out, '\n') == -1)
			return -1;
	}
	return 0;
}
