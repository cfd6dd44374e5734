/* handlers.h: every request handler; the route table in router.c names them */
#ifndef DEPOT_HANDLERS_H
#define DEPOT_HANDLERS_H

#include "req.h"

/* h_ops.c */
enum status	 h_health(struct req *);
enum status	 h_root(struct req *);

/* h_registry.c: REST registries */
enum status	 h_registry_list(struct req *);
enum status	 h_registry_create(struct req *);
enum status	 h_registry_get(struct req *);
enum status	 h_registry_update(struct req *);
enum status	 h_registry_delete(struct req *);

/* h_npm.c: the npm registry protocol */
enum status	 h_npm_packument(struct req *);
enum status	 h_npm_publish(struct req *);
enum status	 h_npm_tarball(struct req *);
enum status	 h_npm_remove(struct req *);
enum status	 h_npm_tarball_remove(struct req *);
enum status	 h_npm_tags(struct req *);
enum status	 h_npm_tag_set(struct req *);
enum status	 h_npm_tag_delete(struct req *);
enum status	 h_npm_whoami(struct req *);
enum status	 h_npm_ping(struct req *);
enum status	 h_npm_advisories(struct req *);

/* h_pypi.c: the PyPI simple and upload protocols */
enum status	 h_pypi_upload(struct req *);
enum status	 h_pypi_index(struct req *);
enum status	 h_pypi_project(struct req *);
enum status	 h_pypi_file(struct req *);
enum status	 h_pypi_yank(struct req *);
enum status	 h_pypi_unyank(struct req *);

/* h_files.c: plain files */
enum status	 h_files_get(struct req *);


/* h_maven.c: the maven2 repository layout */
enum status	 h_maven_get(struct req *);
enum status	 h_maven_put(struct req *);


/* h_ruby.c: the RubyGems push, compact index and specs protocols */
enum status	 h_ruby_root(struct req *);
enum status	 h_ruby_push(struct req *);
enum status	 h_ruby_yank(struct req *);
enum status	 h_ruby_specs(struct req *);
enum status	 h_ruby_quick(struct req *);
enum status	 h_ruby_gem(struct req *);
enum status	 h_ruby_versions(struct req *);
enum status	 h_ruby_info(struct req *);
enum status	 h_ruby_names(struct req *);
struct spool;
enum status	 ruby_upload(struct req *, const char *, struct spool *,
		    char **);
/*
 * gem prints an API error's body as it is: for the push and yank routes,
 * answer st as plain text and return 1; otherwise 0 (nothing sent).
 */
int		 ruby_error_text(struct req *, enum status);

/* h_package.c: REST packages */
enum status	 h_package_upload(struct req *);
enum status	 h_package_get(struct req *);
enum status	 h_package_list(struct req *);
enum status	 h_package_delete(struct req *);
enum status	 h_package_copy(struct req *);

/* h_regtoken.c: REST registry tokens */
enum status	 h_regtoken_list(struct req *);
enum status	 h_regtoken_create(struct req *);
enum status	 h_regtoken_get(struct req *);
enum status	 h_regtoken_update(struct req *);
enum status	 h_regtoken_delete(struct req *);

/* h_ui_*.c: the web pages (DESIGN.md section 2) */
enum status	 h_ui_login(struct req *);
enum status	 h_ui_login_post(struct req *);
enum status	 h_ui_logout(struct req *);
enum status	 h_ui_logout_post(struct req *);
enum status	 h_ui_registries(struct req *);
enum status	 h_ui_registry_new(struct req *);
enum status	 h_ui_registry_create(struct req *);
enum status	 h_ui_packages(struct req *);
enum status	 h_ui_publish(struct req *);
enum status	 h_ui_package(struct req *);
enum status	 h_ui_package_download(struct req *);
enum status	 h_ui_package_delete_confirm(struct req *);
enum status	 h_ui_package_delete(struct req *);
enum status	 h_ui_settings(struct req *);
enum status	 h_ui_settings_save(struct req *);
enum status	 h_ui_visibility_confirm(struct req *);
enum status	 h_ui_visibility(struct req *);
enum status	 h_ui_registry_delete(struct req *);
enum status	 h_ui_oidc(struct req *);
enum status	 h_ui_oidc_save(struct req *);
enum status	 h_ui_tokens(struct req *);
enum status	 h_ui_token_create(struct req *);
enum status	 h_ui_token(struct req *);
enum status	 h_ui_token_save(struct req *);
enum status	 h_ui_token_delete_confirm(struct req *);
enum status	 h_ui_token_delete(struct req *);
enum status	 h_ui_registry_storage(struct req *);
enum status	 h_ui_registry_storage_save(struct req *);
enum status	 h_ui_storage(struct req *);
enum status	 h_ui_storage_new(struct req *);
enum status	 h_ui_storage_create(struct req *);
enum status	 h_ui_storage_default(struct req *);
enum status	 h_ui_audit(struct req *);
/*
 * Answer a page route's error status as an HTML page (the router calls
 * this for RT_UI routes): ST_UNAUTH sends the browser to /login.
 */
void		 ui_error(struct req *, enum status);

/* h_audit.c: the audit log */
enum status	 h_audit_list(struct req *);
enum status	 h_audit_get(struct req *);

/*
 * REST uploads, one per ecosystem: read the spooled, finished file (its
 * client-given name in filename, unvalidated) and publish it into
 * r->registry; *id is the package id. h_package.c's table maps each
 * ecosystem to one of these.
 */
struct spool;
typedef enum status (*upload_fn)(struct req *, const char *filename,
		    struct spool *, char **id);
enum status	 npm_upload(struct req *, const char *, struct spool *,
		    char **);
enum status	 pypi_upload(struct req *, const char *, struct spool *,
		    char **);
enum status	 files_upload(struct req *, const char *, struct spool *,
		    char **);
/* 422: Java packages go in with mvn deploy. */
enum status	 maven_upload(struct req *, const char *, struct spool *,
		    char **);

/* h_npm.c */
struct npm_tarball;
enum status	 npm_store(struct req *, struct spool *,
		    const struct npm_tarball *, const char *const *tags,
		    size_t ntags, char **id);

#endif
