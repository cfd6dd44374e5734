/* npm_packument.c: the package documents npm clients fetch */
#include <string.h>

#include <json-c/json.h>

#include "eco/npm.h"
#include "eco/npm_json.h"
#include "util/banned.h"

/* Manifest fields kept per version in the abbreviated document, in order. */
static const char *const npm_abbrev_fields[] = {
	"name",
	"version",
	"dependencies",
	"optionalDependencies",
	"peerDependencies",
	"peerDependenciesMeta",
	"bundleDependencies",
	"bin",
	"directories",
	"engines",
	"os",
	"cpu",
};

static const char *const npm_install_scripts[] = {
	"preinstall",
	"install",
	"postinstall",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Add val under key, taking the reference over. On failure val is put here,
 * so callers can pass a constructor's result straight in.
 */
static int
add(struct json_object *o, const char *key, struct json_object *val)
{
	if (val == NULL)
		return -1;
	if (json_object_object_add(o, key, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

/* A string member, skipped (0) when s is NULL. */
static int
add_str(struct json_object *o, const char *key, const char *s)
{
	if (s == NULL)
		return 0;
	return add(o, key, json_object_new_string(s));
}

/* Copy a member of m (a new reference to the same value) if present. */
static int
add_from(struct json_object *o, const char *key, struct json_object *m,
    const char *mkey)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(m, mkey, &v))
		return 0;
	return add(o, key, json_object_get(v));
}

static struct json_object *
dist_obj(const struct npm_version *ver)
{
	struct json_object	*d;

	if ((d = json_object_new_object()) == NULL)
		return NULL;
	if (add_str(d, "tarball", ver->tarball_url) == -1 ||
	    add_str(d, "shasum", ver->shasum) == -1 ||
	    add_str(d, "integrity", ver->integrity) == -1) {
		json_object_put(d);
		return NULL;
	}
	return d;
}

static int
has_install_script(struct json_object *m)
{
	struct json_object	*scripts;
	size_t			 i;

	if (!json_object_object_get_ex(m, "scripts", &scripts) ||
	    !json_object_is_type(scripts, json_type_object))
		return 0;
	for (i = 0; i < NELEM(npm_install_scripts); i++)
		if (json_object_object_get_ex(scripts, npm_install_scripts[i],
		    NULL))
			return 1;
	return 0;
}

/*
 * One version of the full document: package.json less "_*", "dist" and
 * "deprecated" (the server's state is the one shown), then _id, deprecated
 * and dist.
 */
static struct json_object *
full_version(const char *name, const struct npm_version *ver,
    struct json_object *m)
{
	struct json_object	*v;
	struct buf		 id;

	buf_init(&id, 0);
	if ((v = json_object_new_object()) == NULL)
		goto fail;
	json_object_object_foreach(m, key, val) {
		if (key[0] == '_' || strcmp(key, "dist") == 0 ||
		    strcmp(key, "deprecated") == 0)
			continue;
		if (add(v, key, json_object_get(val)) == -1)
			goto fail;
	}
	if (buf_printf(&id, "%s@%s", name, ver->version) == -1 ||
	    add(v, "_id", json_object_new_string_len(id.data,
	    (int)id.len)) == -1 ||
	    add_str(v, "deprecated", ver->deprecated) == -1 ||
	    add(v, "dist", dist_obj(ver)) == -1)
		goto fail;
	buf_release(&id);
	return v;
fail:
	buf_release(&id);
	json_object_put(v);
	return NULL;
}

static struct json_object *
abbrev_version(const struct npm_version *ver, struct json_object *m)
{
	struct json_object	*v;
	const char		*f, *mf;
	size_t			 i;

	if ((v = json_object_new_object()) == NULL)
		return NULL;
	for (i = 0; i < NELEM(npm_abbrev_fields); i++) {
		f = npm_abbrev_fields[i];
		/* npm accepts both spellings in package.json. */
		if (strcmp(f, "bundleDependencies") == 0 &&
		    !json_object_object_get_ex(m, f, NULL))
			mf = "bundledDependencies";
		else
			mf = f;
		if (add_from(v, f, m, mf) == -1)
			goto fail;
	}
	if (add_str(v, "deprecated", ver->deprecated) == -1 ||
	    add_from(v, "_hasShrinkwrap", m, "_hasShrinkwrap") == -1)
		goto fail;
	if (has_install_script(m) &&
	    add(v, "hasInstallScript", json_object_new_boolean(1)) == -1)
		goto fail;
	if (add(v, "dist", dist_obj(ver)) == -1)
		goto fail;
	return v;
fail:
	json_object_put(v);
	return NULL;
}

static const char *
latest_version(const struct npm_packument *pk)
{
	size_t	 i;

	for (i = 0; i < pk->ntags; i++)
		if (pk->tags[i].tag != NULL &&
		    strcmp(pk->tags[i].tag, "latest") == 0)
			return pk->tags[i].version;
	return NULL;
}

/*
 * Tags naming a version that was left out (unknown or unparsable) are left
 * out too, so that no client follows a tag to a missing version. The result
 * is appended to out.
 */
int
npm_packument_render(const struct npm_packument *pk, int abbreviated,
    struct buf *out)
{
	struct json_object	*root = NULL, *versions = NULL, *time = NULL;
	struct json_object	*tags = NULL, *m = NULL, *v, *desc = NULL;
	const struct npm_version *ver;
	const char		*latest, *s;
	size_t			 i, len;
	int			 rc = -1;

	if (pk->name == NULL)
		goto out;
	latest = latest_version(pk);
	if ((root = json_object_new_object()) == NULL ||
	    (versions = json_object_new_object()) == NULL ||
	    (time = json_object_new_object()) == NULL ||
	    (tags = json_object_new_object()) == NULL)
		goto out;
	if (add_str(time, "created", pk->created) == -1 ||
	    add_str(time, "modified", pk->modified) == -1)
		goto out;
	for (i = 0; i < pk->nversions; i++) {
		ver = &pk->versions[i];
		if (ver->version == NULL || ver->manifest == NULL)
			continue;
		m = npm_json_parse(ver->manifest, strlen(ver->manifest),
		    NPM_JSON_DEPTH);
		if (m == NULL)
			continue;
		v = abbreviated ? abbrev_version(ver, m) :
		    full_version(pk->name, ver, m);
		if (add(versions, ver->version, v) == -1)
			goto out;
		if (add_str(time, ver->version, ver->created) == -1)
			goto out;
		if (latest != NULL && strcmp(latest, ver->version) == 0 &&
		    json_object_object_get_ex(m, "description", &v) &&
		    json_object_is_type(v, json_type_string)) {
			json_object_put(desc);
			desc = json_object_get(v);
		}
		json_object_put(m);
		m = NULL;
	}
	for (i = 0; i < pk->ntags; i++) {
		if (pk->tags[i].tag == NULL || pk->tags[i].version == NULL ||
		    !json_object_object_get_ex(versions, pk->tags[i].version,
		    NULL))
			continue;
		if (add_str(tags, pk->tags[i].tag, pk->tags[i].version) == -1)
			goto out;
	}
	if (abbreviated) {
		if (add_str(root, "name", pk->name) == -1 ||
		    add_str(root, "modified", pk->modified) == -1)
			goto out;
	} else {
		if (add_str(root, "_id", pk->name) == -1 ||
		    add_str(root, "_rev", pk->rev) == -1 ||
		    add_str(root, "name", pk->name) == -1)
			goto out;
	}
	if (add(root, "dist-tags", tags) == -1) {
		tags = NULL;
		goto out;
	}
	tags = NULL;
	if (add(root, "versions", versions) == -1) {
		versions = NULL;
		goto out;
	}
	versions = NULL;
	if (!abbreviated) {
		if (add(root, "time", time) == -1) {
			time = NULL;
			goto out;
		}
		time = NULL;
		if (add_str(root, "readme", pk->readme) == -1)
			goto out;
		if (desc != NULL) {
			if (add(root, "description", desc) == -1) {
				desc = NULL;
				goto out;
			}
			desc = NULL;
		}
	}
	s = json_object_to_json_string_length(root,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s == NULL || buf_add(out, s, len) == -1)
		goto out;
	rc = 0;
out:
	json_object_put(m);
	json_object_put(desc);
	json_object_put(tags);
	json_object_put(time);
	json_object_put(versions);
	json_object_put(root);
	return rc;
}
