/* maven_xml.h: libxml2 reading without network, DTDs or entities */
#ifndef DEPOT_MAVEN_XML_H
#define DEPOT_MAVEN_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "util/arena.h"

/*
 * Parse p[0..len) (at most max bytes) into a document the caller frees
 * with xmlFreeDoc. Refused before libxml2 sees it: more than max bytes, a
 * NUL byte, "<!DOCTYPE" or "<!ENTITY" anywhere. Parsed with XML_PARSE_NONET
 * and without NOENT, DTDLOAD, DTDATTR or DTDVALID, with an external entity
 * loader that loads nothing; a document that still has a DTD is refused.
 * The root element must be named root, in namespace ns or in none.
 * what names the document in messages ("pom"). NULL with a message in err.
 */
xmlDocPtr	 maven_xml_parse(const char *p, size_t len, size_t max,
		    const char *what, const char *root, const char *ns,
		    char *err, size_t errsz);

/* The first child element of parent named name (any namespace), or NULL. */
xmlNodePtr	 maven_xml_child(xmlNodePtr parent, const char *name);
/*
 * The trimmed text of element n (NULL n gives NULL), cut at max bytes
 * (never inside a UTF-8 sequence), as an arena string. An element with
 * child elements or empty text gives NULL.
 */
char		*maven_xml_text(struct arena *, xmlNodePtr n, size_t max);

#endif
