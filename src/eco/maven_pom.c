/* maven_pom.c: reading poms and client maven-metadata.xml, safely */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <libxml/tree.h>

#include "eco/maven.h"
#include "eco/maven_xml.h"
#include "util/banned.h"

#define POM_NS		"http://maven.apache.org/POM/4.0.0"
#define METADATA_NS	"http://maven.apache.org/METADATA/1.1.0"
#define DESCRIPTION_MAX	(64 * 1024)
#define LICENSES_MAX	32

static char *
text(struct arena *a, xmlNodePtr parent, const char *name)
{
	return maven_xml_text(a, maven_xml_child(parent, name),
	    MAVEN_VALUE_MAX);
}

static int
read_deps(struct arena *a, xmlNodePtr deps, struct maven_pom *out)
{
	xmlNodePtr		 c;
	struct maven_dep	*d;
	char			*opt;
	size_t			 n = 0;

	for (c = deps ? deps->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "dependency") == 0)
			n++;
	if (n == 0)
		return 0;
	if (n > MAVEN_DEPS_MAX)
		n = MAVEN_DEPS_MAX;
	if ((out->deps = arena_calloc(a, n, sizeof(*out->deps))) == NULL)
		return -1;
	for (c = deps->children; c != NULL && out->ndeps < n; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, "dependency") != 0)
			continue;
		d = &out->deps[out->ndeps];
		d->group = text(a, c, "groupId");
		d->artifact = text(a, c, "artifactId");
		if (d->group == NULL || d->artifact == NULL)
			continue;
		d->version = text(a, c, "version");
		d->scope = text(a, c, "scope");
		d->type = text(a, c, "type");
		d->classifier = text(a, c, "classifier");
		opt = text(a, c, "optional");
		d->optional = opt && strcmp(opt, "true") == 0;
		out->ndeps++;
	}
	return 0;
}

static int
read_licenses(struct arena *a, xmlNodePtr lics, struct maven_pom *out)
{
	xmlNodePtr	 c;
	char		*name;

	if (lics == NULL)
		return 0;
	if ((out->licenses = arena_calloc(a, LICENSES_MAX,
	    sizeof(*out->licenses))) == NULL)
		return -1;
	for (c = lics->children; c != NULL && out->nlicenses < LICENSES_MAX;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, "license") != 0)
			continue;
		if ((name = text(a, c, "name")) != NULL)
			out->licenses[out->nlicenses++] = name;
	}
	return 0;
}

int
maven_pom_read(struct arena *a, const char *p, size_t len,
    struct maven_pom *out, char *err, size_t errsz)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, parent;
	char		*pg, *pa, *pv;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if ((doc = maven_xml_parse(p, len, MAVEN_POM_MAX, "pom", "project",
	    POM_NS, err, errsz)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	parent = maven_xml_child(root, "parent");
	pg = text(a, parent, "groupId");
	pa = text(a, parent, "artifactId");
	pv = text(a, parent, "version");
	if (parent && pg && pa && pv)
		out->parent = arena_strfmt(a, "%s:%s:%s", pg, pa, pv);
	if ((out->group = text(a, root, "groupId")) == NULL)
		out->group = pg;
	if ((out->version = text(a, root, "version")) == NULL)
		out->version = pv;
	out->artifact = text(a, root, "artifactId");
	out->packaging = text(a, root, "packaging");
	if (out->packaging == NULL)
		out->packaging = arena_strdup(a, "jar");
	out->name = text(a, root, "name");
	out->description = maven_xml_text(a, maven_xml_child(root,
	    "description"), DESCRIPTION_MAX);
	out->url = text(a, root, "url");
	if (out->artifact == NULL) {
		snprintf(err, errsz, "pom has no artifactId");
		goto out;
	}
	if (out->group == NULL) {
		snprintf(err, errsz, "pom has no groupId (nor a parent's)");
		goto out;
	}
	if (out->version == NULL) {
		snprintf(err, errsz, "pom has no version (nor a parent's)");
		goto out;
	}
	if (read_licenses(a, maven_xml_child(root, "licenses"), out) == -1 ||
	    read_deps(a, maven_xml_child(root, "dependencies"), out) == -1) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

static void
add_str(struct json_object *o, const char *key, const char *val)
{
	if (val != NULL)
		json_object_object_add(o, key, json_object_new_string(val));
}

char *
maven_pom_json(struct arena *a, const struct maven_pom *pom)
{
	struct json_object	*o, *arr, *d;
	const char		*s;
	char			*out = NULL;
	size_t			 i;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	add_str(o, "groupId", pom->group);
	add_str(o, "artifactId", pom->artifact);
	add_str(o, "version", pom->version);
	add_str(o, "packaging", pom->packaging);
	add_str(o, "name", pom->name);
	add_str(o, "description", pom->description);
	add_str(o, "url", pom->url);
	add_str(o, "parent", pom->parent);
	if (pom->nlicenses) {
		arr = json_object_new_array();
		for (i = 0; i < pom->nlicenses; i++)
			json_object_array_add(arr,
			    json_object_new_string(pom->licenses[i]));
		json_object_object_add(o, "licenses", arr);
	}
	if (pom->ndeps) {
		arr = json_object_new_array();
		for (i = 0; i < pom->ndeps; i++) {
			d = json_object_new_object();
			add_str(d, "groupId", pom->deps[i].group);
			add_str(d, "artifactId", pom->deps[i].artifact);
			add_str(d, "version", pom->deps[i].version);
			add_str(d, "scope", pom->deps[i].scope);
			add_str(d, "type", pom->deps[i].type);
			add_str(d, "classifier", pom->deps[i].classifier);
			if (pom->deps[i].optional)
				json_object_object_add(d, "optional",
				    json_object_new_boolean(1));
			json_object_array_add(arr, d);
		}
		json_object_object_add(o, "dependencies", arr);
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s != NULL)
		out = arena_strdup(a, s);
	json_object_put(o);
	return out;
}

int
maven_metadata_read(struct arena *a, const char *p, size_t len,
    struct maven_meta_in *out, char *err, size_t errsz)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root;

	memset(out, 0, sizeof(*out));
	if ((doc = maven_xml_parse(p, len, MAVEN_POM_MAX,
	    "maven-metadata.xml", "metadata", METADATA_NS, err,
	    errsz)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	out->group = text(a, root, "groupId");
	out->artifact = text(a, root, "artifactId");
	out->version = text(a, root, "version");
	out->plugins = maven_xml_child(root, "plugins") != NULL;
	xmlFreeDoc(doc);
	return 0;
}
