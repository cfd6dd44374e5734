/* maven_xml.c: libxml2 reading without network, DTDs or entities */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "eco/maven_xml.h"
#include "util/banned.h"

/* Every external entity or DTD load fails, whatever the options say. */
static xmlParserInputPtr
no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static int
contains(const char *p, size_t len, const char *needle)
{
	size_t	 n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, n) == 0)
			return 1;
	return 0;
}

xmlDocPtr
maven_xml_parse(const char *p, size_t len, size_t max, const char *what,
    const char *root, const char *ns, char *err, size_t errsz)
{
	static int		 init;
	xmlParserCtxtPtr	 ctxt = NULL;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 r;
	const xmlError		*e;
	size_t			 n;

	if (!init) {
		xmlInitParser();
		xmlSetExternalEntityLoader(no_loader);
		init = 1;
	}
	if (len > max) {
		snprintf(err, errsz, "%s is larger than %zu bytes", what, max);
		return NULL;
	}
	if (len == 0 || memchr(p, '\0', len) != NULL) {
		snprintf(err, errsz, "%s is not XML: %s", what,
		    len ? "it has a NUL byte" : "it is empty");
		return NULL;
	}
	if (contains(p, len, "<!DOCTYPE") || contains(p, len, "<!ENTITY")) {
		snprintf(err, errsz, "%s has a DOCTYPE or ENTITY declaration "
		    "(DTDs and entities are not allowed)", what);
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctxt, p, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL || !ctxt->wellFormed) {
		e = xmlCtxtGetLastError(ctxt);
		if (e && e->message) {
			n = strcspn(e->message, "\n");
			snprintf(err, errsz, "%s is not XML: %.*s at line %d",
			    what, (int)(n > 160 ? 160 : n), e->message,
			    e->line);
		} else
			snprintf(err, errsz, "%s is not XML", what);
		goto fail;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		snprintf(err, errsz, "%s has a DTD (not allowed)", what);
		goto fail;
	}
	r = xmlDocGetRootElement(doc);
	if (r == NULL || strcmp((const char *)r->name, root) != 0 ||
	    (r->ns != NULL && r->ns->href != NULL &&
	    strcmp((const char *)r->ns->href, ns) != 0)) {
		snprintf(err, errsz, "%s's root element is not <%s>", what,
		    root);
		goto fail;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
fail:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return NULL;
}

xmlNodePtr
maven_xml_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 c;

	if (parent == NULL)
		return NULL;
	for (c = parent->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

char *
maven_xml_text(struct arena *a, xmlNodePtr n, size_t max)
{
	xmlNodePtr	 c;
	xmlChar		*t;
	const char	*s;
	size_t		 len;
	char		*out;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return NULL;
	if ((t = xmlNodeGetContent(n)) == NULL)
		return NULL;
	s = (const char *)t;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	if (len > max) {
		len = max;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	out = len ? arena_strndup(a, s, len) : NULL;
	xmlFree(t);
	return out;
}
