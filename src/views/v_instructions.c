/* v_instructions.c: publish and install instructions: real commands and
 * configuration files for this server's URLs and one registry */
#include <string.h>

#include "views/url.h"
#include "views/view.h"
#include "util/banned.h"

/*
 * Every snippet reads the credential from the environment variable
 * DEPOT_TOKEN (npm and Maven expand it in their files, the shell in
 * commands), so a copied snippet never holds a secret and still works.
 */
#define TOKEN_VAR	"DEPOT_TOKEN"

/* URLs of one registry, built once per page. */
struct urls {
	const char	*reg;		/* {packages_url}/{org}/{reg} */
	const char	*hostpath;	/* reg without its scheme */
	const char	*scheme;	/* "http" or "https" */
	const char	*api;		/* REST packages endpoint */
	const char	*id;		/* {org}-{reg}: Maven server id */
	int		 public;
};

static void
urls_init(struct view *v, const struct registry *g, struct urls *u)
{
	const char	*p;

	u->reg = url_path(v->a, v->packages_url, g->org_slug, g->slug, NULL);
	p = strstr(u->reg, "://");
	u->hostpath = p ? p + 3 : u->reg;
	u->scheme = strncmp(u->reg, "https:", 6) == 0 ? "https" : "http";
	u->api = url_path(v->a, v->api_url, "v2", "packages", "organizations",
	    g->org_slug, "registries", g->slug, "packages", NULL);
	u->id = arena_strfmt(v->a, "%s-%s", g->org_slug, g->slug);
	u->public = g->public;
}

/* An index URL with Basic credentials from the environment (private). */
static const char *
cred_url(struct view *v, const struct urls *u, const char *suffix)
{
	if (u->public)
		return arena_strfmt(v->a, "%s%s", u->reg, suffix);
	return arena_strfmt(v->a, "%s://depot:${%s}@%s%s", u->scheme,
	    TOKEN_VAR, u->hostpath, suffix);
}

static void
step(struct view *v, const char *title, const char *text)
{
	html_tag(&v->h, EL_H3, title);
	if (text)
		html_tag(&v->h, EL_P, text);
}

static void
intro(struct view *v, const struct urls *u)
{
	struct html	*h = &v->h;

	html_open(h, EL_DIV, ATTR_CLASS, "callout", ATTR__END);
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "Publishing needs an API access token with the ");
	html_tag(h, EL_CODE, "read_packages");
	html_lit(h, " and ");
	html_tag(h, EL_CODE, "write_packages");
	html_lit(h, " scopes (an administrator makes one with ");
	html_tag(h, EL_CODE, "depotctl token create");
	html_lit(h, "), or an OIDC token this registry's policy accepts. ");
	if (u->public)
		html_lit(h, "This registry is public: installing needs no "
		    "credentials.");
	else
		html_lit(h, "Installing needs a token with read_packages or "
		    "a registry token (Settings \xe2\x80\xba Tokens).");
	html_close(h, EL_P);
	html_close(h, EL_DIV);
	v_snippet(v, "Shell", arena_strfmt(v->a, "export %s=<your token>",
	    TOKEN_VAR));
}

static void
npm_publish(struct view *v, const struct urls *u)
{
	step(v, "1. Point npm at the registry",
	    "Add these lines to the project's .npmrc (npm reads the token "
	    "from the environment):");
	v_snippet(v, ".npmrc", arena_strfmt(v->a, "registry=%s/npm/\n"
	    "//%s/npm/:_authToken=${%s}\n", u->reg, u->hostpath, TOKEN_VAR));
	step(v, "2. Publish there from package.json", NULL);
	v_snippet(v, "package.json", arena_strfmt(v->a, "\"publishConfig\": "
	    "{\n  \"registry\": \"%s/npm/\"\n}", u->reg));
	step(v, "3. Publish", NULL);
	v_snippet(v, "Shell", "npm publish");
	step(v, "4. Install", NULL);
	v_snippet(v, "Shell", arena_strfmt(v->a, "npm install <package> "
	    "--registry %s/npm/", u->reg));
}

static void
pypi_publish(struct view *v, const struct urls *u)
{
	step(v, "1. Upload with twine", "Build the distributions, then "
	    "upload them (any user name works; the password is the token):");
	v_snippet(v, "Shell", arena_strfmt(v->a, "python3 -m build\n"
	    "twine upload --repository-url %s/pypi/ -u depot -p \"$%s\" "
	    "dist/*", u->reg, TOKEN_VAR));
	step(v, "2. Install with pip", NULL);
	v_snippet(v, "Shell", arena_strfmt(v->a, "pip install "
	    "--index-url %s <package>", cred_url(v, u, "/pypi/simple/")));
	step(v, "Or keep the index in pip.conf", NULL);
	v_snippet(v, "pip.conf", arena_strfmt(v->a, "[global]\n"
	    "extra-index-url = %s\n", cred_url(v, u, "/pypi/simple/")));
}

static void
ruby_publish(struct view *v, const struct urls *u)
{
	step(v, "1. Allow pushes to this registry in the gemspec", NULL);
	v_snippet(v, "my_gem.gemspec", arena_strfmt(v->a,
	    "spec.metadata[\"allowed_push_host\"] = \"%s\"", u->reg));
	step(v, "2. Build and push", NULL);
	v_snippet(v, "Shell", arena_strfmt(v->a, "gem build *.gemspec\n"
	    "GEM_HOST_API_KEY=\"$%s\" gem push --host %s *.gem", TOKEN_VAR,
	    u->reg));
	step(v, "3. Install", NULL);
	v_snippet(v, "Shell", arena_strfmt(v->a, "gem install <gem> "
	    "--clear-sources --source %s", cred_url(v, u, "")));
}

static void
maven_publish(struct view *v, const struct urls *u)
{
	step(v, "1. Give Maven the token", "In ~/.m2/settings.xml (Maven "
	    "reads the token from the environment):");
	v_snippet(v, "settings.xml", arena_strfmt(v->a, "<settings>\n"
	    "  <servers>\n    <server>\n      <id>%s</id>\n"
	    "      <configuration>\n        <httpHeaders>\n"
	    "          <property>\n            <name>Authorization</name>\n"
	    "            <value>Bearer ${env.%s}</value>\n"
	    "          </property>\n        </httpHeaders>\n"
	    "      </configuration>\n    </server>\n  </servers>\n"
	    "</settings>\n", u->id, TOKEN_VAR));
	step(v, "2. Deploy here from pom.xml", NULL);
	v_snippet(v, "pom.xml", arena_strfmt(v->a, "<distributionManagement>\n"
	    "  <repository>\n    <id>%s</id>\n    <url>%s/maven2/</url>\n"
	    "  </repository>\n  <snapshotRepository>\n    <id>%s</id>\n"
	    "    <url>%s/maven2/</url>\n  </snapshotRepository>\n"
	    "</distributionManagement>\n", u->id, u->reg, u->id, u->reg));
	step(v, "3. Publish", NULL);
	v_snippet(v, "Shell", "mvn deploy");
	step(v, "4. Use the packages", "Add the repository to the pom.xml of "
	    "a project that depends on them:");
	v_snippet(v, "pom.xml", arena_strfmt(v->a, "<repositories>\n"
	    "  <repository>\n    <id>%s</id>\n    <url>%s/maven2/</url>\n"
	    "    <releases><enabled>true</enabled></releases>\n"
	    "    <snapshots><enabled>true</enabled></snapshots>\n"
	    "  </repository>\n</repositories>\n", u->id, u->reg));
}

static void
files_publish(struct view *v, const struct urls *u)
{
	struct html	*h = &v->h;

	step(v, "1. Upload a file", NULL);
	html_open(h, EL_P, ATTR__END);
	html_lit(h, "File names follow ");
	html_tag(h, EL_CODE, "{BASENAME}-{SEMVER}.{EXT}");
	html_lit(h, ", for example ");
	html_tag(h, EL_CODE, "my-app-1.0.0.zip");
	html_lit(h, ".");
	html_close(h, EL_P);
	v_snippet(v, "Shell", arena_strfmt(v->a, "curl -X POST -H "
	    "\"Authorization: Bearer $%s\" -F file=@my-app-1.0.0.zip \\\n"
	    "  %s", TOKEN_VAR, u->api));
	step(v, "2. Download it", NULL);
	v_snippet(v, "Shell", arena_strfmt(v->a, "curl -L -O %s%s/files/"
	    "my-app-1.0.0.zip", u->public ? "" : arena_strfmt(v->a,
	    "-H \"Authorization: Bearer $%s\" ", TOKEN_VAR), u->reg));
}

static void
rest_publish(struct view *v, const struct urls *u)
{
	step(v, "Upload a package with the REST API", NULL);
	v_snippet(v, "Shell", arena_strfmt(v->a, "curl -X POST -H "
	    "\"Authorization: Bearer $%s\" -F file=@<package file> \\\n  %s",
	    TOKEN_VAR, u->api));
}

void
v_publish_steps(struct view *v, const struct registry *g)
{
	struct urls	 u;
	const char	*e = g->ecosystem;

	urls_init(v, g, &u);
	html_open(&v->h, EL_SECTION, ATTR_CLASS, "instructions", ATTR_ID,
	    "publish", ATTR__END);
	html_tag(&v->h, EL_H2, "Publish instructions");
	intro(v, &u);
	if (strcmp(e, "javascript") == 0)
		npm_publish(v, &u);
	else if (strcmp(e, "python") == 0)
		pypi_publish(v, &u);
	else if (strcmp(e, "ruby") == 0)
		ruby_publish(v, &u);
	else if (strcmp(e, "java") == 0)
		maven_publish(v, &u);
	else if (strcmp(e, "files") == 0)
		files_publish(v, &u);
	if (strcmp(e, "files") != 0 && strcmp(e, "java") != 0)
		rest_publish(v, &u);
	html_close(&v->h, EL_SECTION);
}

/* Maven coordinates from a package named "group:artifact". */
static void
maven_install(struct view *v, const struct urls *u, const struct pkg *p)
{
	const char	*colon = strchr(p->name, ':');
	char		*group, *artifact;

	group = colon ? arena_strndup(v->a, p->name,
	    (size_t)(colon - p->name)) : arena_strdup(v->a, p->name);
	artifact = colon ? arena_strdup(v->a, colon + 1) :
	    arena_strdup(v->a, p->name);
	v_snippet(v, "pom.xml", arena_strfmt(v->a, "<dependency>\n"
	    "  <groupId>%s</groupId>\n  <artifactId>%s</artifactId>\n"
	    "  <version>%s</version>\n</dependency>\n", group, artifact,
	    p->version));
	v_snippet(v, "pom.xml", arena_strfmt(v->a, "<repositories>\n"
	    "  <repository>\n    <id>%s</id>\n    <url>%s/maven2/</url>\n"
	    "  </repository>\n</repositories>\n", u->id, u->reg));
}

void
v_install_steps(struct view *v, const struct registry *g, const struct pkg *p,
    const struct pkg_file *f)
{
	struct urls	 u;
	const char	*e = g->ecosystem;

	urls_init(v, g, &u);
	if (strcmp(e, "javascript") == 0) {
		if (!u.public)
			v_snippet(v, ".npmrc", arena_strfmt(v->a,
			    "//%s/npm/:_authToken=${%s}\n", u.hostpath,
			    TOKEN_VAR));
		v_snippet(v, "Shell", arena_strfmt(v->a, "npm install "
		    "%s@%s --registry %s/npm/", p->name, p->version, u.reg));
	} else if (strcmp(e, "python") == 0)
		v_snippet(v, "Shell", arena_strfmt(v->a, "pip install "
		    "'%s==%s' --index-url %s", p->name, p->version,
		    cred_url(v, &u, "/pypi/simple/")));
	else if (strcmp(e, "ruby") == 0)
		v_snippet(v, "Shell", arena_strfmt(v->a, "gem install %s "
		    "-v %s --clear-sources --source %s", p->name, p->version,
		    cred_url(v, &u, "")));
	else if (strcmp(e, "java") == 0)
		maven_install(v, &u, p);
	else if (f != NULL)
		v_snippet(v, "Shell", arena_strfmt(v->a, "curl -L -O %s%s",
		    u.public ? "" : arena_strfmt(v->a, "-H \"Authorization: "
		    "Bearer $%s\" ", TOKEN_VAR), url_path(v->a, u.reg,
		    "files", f->filename, NULL)));
}
