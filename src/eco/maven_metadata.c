/* maven_metadata.c: maven-metadata.xml written by the server, with libxml2 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "eco/maven.h"
#include "util/banned.h"

#define SNAPSHOT	"-SNAPSHOT"

/* A writer into a memory buffer, indented two spaces, document begun. */
static xmlTextWriterPtr
writer_new(xmlBufferPtr *b)
{
	xmlTextWriterPtr	 w;

	if ((*b = xmlBufferCreate()) == NULL)
		return NULL;
	if ((w = xmlNewTextWriterMemory(*b, 0)) == NULL) {
		xmlBufferFree(*b);
		*b = NULL;
		return NULL;
	}
	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0) {
		xmlFreeTextWriter(w);
		xmlBufferFree(*b);
		*b = NULL;
		return NULL;
	}
	return w;
}

/* End the document, free the writer and append the text to out: 0 or -1. */
static int
writer_finish(xmlTextWriterPtr w, xmlBufferPtr b, int ok, struct buf *out)
{
	int	 rc = -1;

	if (ok && xmlTextWriterEndDocument(w) < 0)
		ok = 0;
	xmlFreeTextWriter(w);	/* flushes into b */
	if (ok && buf_add(out, xmlBufferContent(b),
	    (size_t)xmlBufferLength(b)) == 0)
		rc = 0;
	xmlBufferFree(b);
	return rc;
}

static int
elem(xmlTextWriterPtr w, const char *name, const char *val)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST val) < 0 ?
	    -1 : 0;
}

static int
is_snapshot(const char *v)
{
	size_t	 n = strlen(v), m = sizeof(SNAPSHOT) - 1;

	return n > m && strcmp(v + n - m, SNAPSHOT) == 0;
}

static int
cmp_versions(const void *a, const void *b)
{
	return maven_version_cmp(*(const char *const *)a,
	    *(const char *const *)b);
}

int
maven_metadata_artifact(struct arena *a, const char *group,
    const char *artifact, const struct maven_file_row *rows, size_t n,
    struct buf *out)
{
	xmlTextWriterPtr	 w;
	xmlBufferPtr		 b;
	const char		**vers, *latest = NULL, *release = NULL;
	const char		*updated = NULL;
	char			*cl, *ext, *ts;
	unsigned		 build;
	size_t			 nv = 0, i, j;
	int			 ok;

	if ((vers = arena_calloc(a, n + 1, sizeof(*vers))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (maven_file_parse(a, artifact, rows[i].version,
		    rows[i].filename, &cl, &ext, &ts, &build) == -1)
			continue;
		if (updated == NULL || strcmp(rows[i].updated, updated) > 0)
			updated = rows[i].updated;
		for (j = 0; j < nv; j++)
			if (strcmp(vers[j], rows[i].version) == 0)
				break;
		if (j == nv)
			vers[nv++] = rows[i].version;
	}
	if (nv == 0)
		return 1;
	qsort(vers, nv, sizeof(*vers), cmp_versions);
	latest = vers[nv - 1];
	for (i = nv; i > 0 && release == NULL; i--)
		if (!is_snapshot(vers[i - 1]))
			release = vers[i - 1];
	if ((w = writer_new(&b)) == NULL)
		return -1;
	ok = xmlTextWriterStartElement(w, BAD_CAST "metadata") >= 0 &&
	    elem(w, "groupId", group) == 0 &&
	    elem(w, "artifactId", artifact) == 0 &&
	    xmlTextWriterStartElement(w, BAD_CAST "versioning") >= 0 &&
	    elem(w, "latest", latest) == 0 &&
	    (release == NULL || elem(w, "release", release) == 0) &&
	    xmlTextWriterStartElement(w, BAD_CAST "versions") >= 0;
	for (i = 0; ok && i < nv; i++)
		ok = elem(w, "version", vers[i]) == 0;
	ok = ok && xmlTextWriterEndElement(w) >= 0 &&
	    elem(w, "lastUpdated", updated) == 0 &&
	    xmlTextWriterEndElement(w) >= 0 &&
	    xmlTextWriterEndElement(w) >= 0;
	return writer_finish(w, b, ok, out);
}

/* The newest file per classifier and extension of a snapshot version. */
struct snap {
	const char	*classifier;	/* NULL for none */
	const char	*extension;
	const char	*timestamp;	/* NULL: plain X-SNAPSHOT file */
	unsigned	 build;
	const char	*value;
	const char	*updated;
};

/* Is (timestamp, build) of x newer than of y? Timestamped beats plain. */
static int
newer(const char *xts, unsigned xb, const char *yts, unsigned yb)
{
	int	 c;

	if (xts == NULL || yts == NULL)
		return xts != NULL && yts == NULL;
	if (xb != yb)
		return xb > yb;
	c = strcmp(xts, yts);
	return c > 0;
}

static int
same(const char *x, const char *y)
{
	return (x == NULL && y == NULL) ||
	    (x != NULL && y != NULL && strcmp(x, y) == 0);
}

/* yyyyMMdd.HHmmss -> yyyyMMddHHmmss */
static char *
compact(struct arena *a, const char *ts)
{
	return arena_strfmt(a, "%.8s%.6s", ts, ts + 9);
}

int
maven_metadata_version(struct arena *a, const char *group,
    const char *artifact, const char *version,
    const struct maven_file_row *rows, size_t n, struct buf *out)
{
	xmlTextWriterPtr	 w;
	xmlBufferPtr		 b;
	struct snap		*s, *top = NULL;
	const char		*updated = NULL;
	char			*cl, *ext, *ts, buildstr[16];
	unsigned		 build;
	size_t			 ns = 0, i, j, vlen = strlen(version);
	int			 ok;

	if (!is_snapshot(version))
		return 1;
	if ((s = arena_calloc(a, n + 1, sizeof(*s))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].version, version) != 0 ||
		    maven_file_parse(a, artifact, version, rows[i].filename,
		    &cl, &ext, &ts, &build) == -1)
			continue;
		if (updated == NULL || strcmp(rows[i].updated, updated) > 0)
			updated = rows[i].updated;
		for (j = 0; j < ns; j++)
			if (same(s[j].classifier, cl) &&
			    strcmp(s[j].extension, ext) == 0)
				break;
		if (j < ns && !newer(ts, build, s[j].timestamp, s[j].build))
			continue;
		if (j == ns)
			ns++;
		s[j].classifier = cl;
		s[j].extension = ext;
		s[j].timestamp = ts;
		s[j].build = build;
		s[j].value = ts ? arena_strfmt(a, "%.*s%s-%u",
		    (int)(vlen - sizeof(SNAPSHOT) + 2), version, ts, build) :
		    version;
		s[j].updated = ts ? compact(a, ts) : rows[i].updated;
		if (s[j].value == NULL || s[j].updated == NULL)
			return -1;
	}
	if (ns == 0)
		return 1;
	for (j = 0; j < ns; j++)
		if (s[j].timestamp && (top == NULL || newer(s[j].timestamp,
		    s[j].build, top->timestamp, top->build)))
			top = &s[j];
	if ((w = writer_new(&b)) == NULL)
		return -1;
	ok = xmlTextWriterStartElement(w, BAD_CAST "metadata") >= 0 &&
	    xmlTextWriterWriteAttribute(w, BAD_CAST "modelVersion",
	    BAD_CAST "1.1.0") >= 0 &&
	    elem(w, "groupId", group) == 0 &&
	    elem(w, "artifactId", artifact) == 0 &&
	    elem(w, "version", version) == 0 &&
	    xmlTextWriterStartElement(w, BAD_CAST "versioning") >= 0;
	if (ok && top) {
		(void)snprintf(buildstr, sizeof(buildstr), "%u", top->build);
		ok = xmlTextWriterStartElement(w, BAD_CAST "snapshot") >= 0 &&
		    elem(w, "timestamp", top->timestamp) == 0 &&
		    elem(w, "buildNumber", buildstr) == 0 &&
		    xmlTextWriterEndElement(w) >= 0;
	}
	ok = ok && elem(w, "lastUpdated", updated) == 0 &&
	    xmlTextWriterStartElement(w, BAD_CAST "snapshotVersions") >= 0;
	for (j = 0; ok && j < ns; j++)
		ok = xmlTextWriterStartElement(w,
		    BAD_CAST "snapshotVersion") >= 0 &&
		    (s[j].classifier == NULL ||
		    elem(w, "classifier", s[j].classifier) == 0) &&
		    elem(w, "extension", s[j].extension) == 0 &&
		    elem(w, "value", s[j].value) == 0 &&
		    elem(w, "updated", s[j].updated) == 0 &&
		    xmlTextWriterEndElement(w) >= 0;
	ok = ok && xmlTextWriterEndElement(w) >= 0 &&
	    xmlTextWriterEndElement(w) >= 0 &&
	    xmlTextWriterEndElement(w) >= 0;
	return writer_finish(w, b, ok, out);
}
