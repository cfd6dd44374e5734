/* s3_xml.c: bounded parsing of S3 XML answers with libxml2 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "storage/s3_xml.h"
#include "util/banned.h"

static const char *const roots[S3X__MAX] = {
	"Error", "InitiateMultipartUploadResult",
	"CompleteMultipartUploadResult", "CopyObjectResult",
	"ListBucketResult", "Tagging", NULL
};

static int
contains(const char *p, size_t len, const char *needle)
{
	return p != NULL && memmem(p, len, needle, strlen(needle)) != NULL;
}

static int
named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr
child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 n;

	for (n = parent->children; n; n = n->next)
		if (named(n, name))
			return n;
	return NULL;
}

/* Text content of element n, trimmed, cut at S3_XML_MAX_TEXT; "" if none. */
static char *
text(struct arena *a, xmlNodePtr n)
{
	xmlChar		*c;
	const char	*s, *e;
	size_t		 len;
	char		*out;

	if (n == NULL)
		return NULL;
	if ((c = xmlNodeGetContent(n)) == NULL)
		return arena_strdup(a, "");
	s = (const char *)c;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	len = (size_t)(e - s);
	if (len > S3_XML_MAX_TEXT) {
		len = S3_XML_MAX_TEXT;
		/* Never cut inside a UTF-8 sequence. */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	out = arena_strndup(a, s, len);
	xmlFree(c);
	return out;
}

static int
list(struct arena *a, xmlNodePtr root, struct s3_xml *x)
{
	xmlNodePtr	 n;
	char		*t, *end;
	size_t		 max = 0;

	for (n = root->children; n; n = n->next)
		if (named(n, "Contents") && max < S3_XML_MAX_OBJECTS)
			max++;
	if ((x->objects = arena_calloc(a, max + 1, sizeof(*x->objects)))
	    == NULL)
		return -1;
	for (n = root->children; n && x->nobjects < max; n = n->next) {
		if (!named(n, "Contents"))
			continue;
		x->objects[x->nobjects].key = text(a, child(n, "Key"));
		x->objects[x->nobjects].last_modified =
		    text(a, child(n, "LastModified"));
		if ((t = text(a, child(n, "Size"))) != NULL) {
			x->objects[x->nobjects].size = strtoll(t, &end, 10);
			if (*t == '\0' || *end != '\0' ||
			    x->objects[x->nobjects].size < 0)
				x->objects[x->nobjects].size = -1;
		} else
			x->objects[x->nobjects].size = -1;
		if (x->objects[x->nobjects].key == NULL)
			return -1;
		x->nobjects++;
	}
	t = text(a, child(root, "IsTruncated"));
	x->truncated = t != NULL && strcmp(t, "true") == 0;
	x->next_token = text(a, child(root, "NextContinuationToken"));
	return 0;
}

static int
tagging(struct arena *a, xmlNodePtr root, struct s3_xml *x)
{
	xmlNodePtr	 set, n;

	if ((x->tags = arena_calloc(a, S3_XML_MAX_TAGS + 1, sizeof(*x->tags)))
	    == NULL)
		return -1;
	if ((set = child(root, "TagSet")) == NULL)
		return 0;
	for (n = set->children; n && x->ntags < S3_XML_MAX_TAGS; n = n->next) {
		if (!named(n, "Tag"))
			continue;
		x->tags[x->ntags].key = text(a, child(n, "Key"));
		x->tags[x->ntags].value = text(a, child(n, "Value"));
		if (x->tags[x->ntags].key == NULL)
			return -1;
		if (x->tags[x->ntags].value == NULL)
			x->tags[x->ntags].value = arena_strdup(a, "");
		x->ntags++;
	}
	return 0;
}

int
s3_xml_parse(const char *p, size_t len, struct arena *a, struct s3_xml *x,
    char *err, size_t errsz)
{
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root;
	int		 rc = -1, k;

	memset(x, 0, sizeof(*x));
	x->kind = S3X_OTHER;
	if (len > S3_XML_MAX) {
		snprintf(err, errsz, "answer too large (%zu bytes)", len);
		return -1;
	}
	if (p == NULL || len == 0 || memchr(p, '\0', len) != NULL) {
		snprintf(err, errsz, "answer is not XML text");
		return -1;
	}
	if (contains(p, len, "<!DOCTYPE") || contains(p, len, "<!ENTITY")) {
		snprintf(err, errsz, "answer has a DTD or entities");
		return -1;
	}
	doc = xmlReadMemory(p, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (doc == NULL || doc->intSubset != NULL || doc->extSubset != NULL ||
	    (root = xmlDocGetRootElement(doc)) == NULL) {
		snprintf(err, errsz, "answer is not well-formed XML");
		goto out;
	}
	for (k = 0; k < S3X_OTHER; k++)
		if (named(root, roots[k]))
			break;
	x->kind = (enum s3_xml_kind)k;
	switch (x->kind) {
	case S3X_ERROR:
		x->code = text(a, child(root, "Code"));
		x->message = text(a, child(root, "Message"));
		if (x->code == NULL)
			x->code = arena_strdup(a, "");
		if (x->message == NULL)
			x->message = arena_strdup(a, "");
		if (x->code == NULL || x->message == NULL)
			goto nomem;
		break;
	case S3X_INITIATE:
		x->upload_id = text(a, child(root, "UploadId"));
		if (x->upload_id == NULL || x->upload_id[0] == '\0') {
			snprintf(err, errsz, "multipart answer has no "
			    "UploadId");
			goto out;
		}
		break;
	case S3X_COMPLETE:
	case S3X_COPY:
		x->etag = text(a, child(root, "ETag"));
		break;
	case S3X_LIST:
		if (list(a, root, x) == -1) {
			snprintf(err, errsz, "list answer has an entry "
			    "without a Key");
			goto out;
		}
		break;
	case S3X_TAGGING:
		if (tagging(a, root, x) == -1) {
			snprintf(err, errsz, "tagging answer has a tag "
			    "without a Key");
			goto out;
		}
		break;
	default:
		break;
	}
	rc = 0;
	goto out;
nomem:
	snprintf(err, errsz, "out of memory");
out:
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

const char *
s3_xml_tag(const struct s3_xml *x, const char *key)
{
	size_t	 i;

	if (x->kind != S3X_TAGGING)
		return NULL;
	for (i = 0; i < x->ntags; i++)
		if (strcmp(x->tags[i].key, key) == 0)
			return x->tags[i].value;
	return NULL;
}
