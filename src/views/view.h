/* view.h: the pages of the web interface (v_*.c), HTML only */
#ifndef DEPOT_VIEW_H
#define DEPOT_VIEW_H

#include <stddef.h>

#include "auth/principal.h"
#include "db/db_audit.h"
#include "db/db_regtoken.h"
#include "db/db_storage.h"
#include "db/db_ui.h"
#include "storage/s3.h"
#include "db/model.h"
#include "views/html.h"

/*
 * Views turn data the handlers fetched into HTML through struct html; they
 * never query and never decide who may do what (the handler passes what
 * the user may do as flags). Every link is built with url_* helpers from
 * v->base, the path part of web_url, so the UI works under a prefix.
 *
 * A page: v_begin (doctype, head, header with the navigation, opens
 * <main>), the page's own function(s), then v_end (closes everything; -1
 * when the writer failed). The handler sends v->h.out.
 */
enum v_nav {
	NAV_NONE,
	NAV_REGISTRIES,
	NAV_STORAGE,
	NAV_AUDIT
};

struct view {
	struct html	 h;
	struct arena	*a;
	const char	*base;		/* path of web_url: "" or "/prefix" */
	const char	*api_url;
	const char	*packages_url;
	const char	*user;		/* signed-in e-mail, NULL: nobody */
	const char	*org;		/* org slug for the navigation */
	int		 admin;		/* org admin: storage and audit log */
	const struct org *orgs;		/* the user's organizations */
	size_t		 norgs;
	const char	*notice;	/* a confirmation line, or NULL */
	unsigned	 ids;		/* for unique element ids */
};

/* Registry tabs and settings sections. */
enum v_tab {
	TAB_PACKAGES,
	TAB_PUBLISH,
	TAB_SETTINGS
};
enum v_section {
	SEC_GENERAL,
	SEC_OIDC,
	SEC_TOKENS,
	SEC_STORAGE
};

/* A form field's value and its error (NULL when fine). */
struct v_value {
	const char	*value;
	const char	*error;
};

/* v_layout.c: the frame and shared pieces */
void	 v_begin(struct view *, const char *title, enum v_nav);
int	 v_end(struct view *);
/* base + segments (NULL-terminated), each percent-encoded. */
char	*v_url(struct view *, ...) __attribute__((sentinel));
/* The registry's page URL + segments (NULL-terminated). */
char	*v_reg_url(struct view *, const struct registry *, ...)
	    __attribute__((sentinel));
/* The registry's emoji on its color, as Buildkite shows it. */
void	 v_navatar(struct view *, const struct registry *, const char *cls);
/* Registry heading, tabs (Settings only with full access). */
void	 v_registry_head(struct view *, const struct registry *,
	    enum access, enum v_tab);
/* Settings side navigation; opens the section's content column. */
void	 v_settings_nav(struct view *, const struct registry *, enum v_section);
/* A copyable code block: label above, copy button (JS only). */
void	 v_snippet(struct view *, const char *label, const char *text);
/* A copy button for the text of element id (hidden without JS). */
void	 v_copy_button(struct view *, const char *id, const char *label);
/* <time> for an ISO 8601 UTC time: "2024-05-01 12:34 UTC". */
void	 v_time(struct view *, const char *iso);
/* "1.2 MB" with the exact byte count as a title. */
void	 v_size(struct view *, long long bytes);
/* The ecosystem's label ("JavaScript (npm)") or its name. */
const char *v_eco_label(const char *ecosystem);
/* msg with its first letter upper-case (server messages start lower). */
const char *v_sentence(struct view *, const char *msg);
/* An error summary above a form. */
void	 v_form_error(struct view *, const char *msg);
/*
 * A labelled text input (type "text" unless given) with its error beside
 * it: the value is kept, the message tied to the field (aria).
 */
void	 v_input(struct view *, const char *name, const char *label,
	    const char *type, const struct v_value *, const char *hint,
	    int required, const char *maxlength);
void	 v_textarea(struct view *, const char *name, const char *label,
	    const struct v_value *, const char *hint, const char *rows);
/* A page of results: previous/next links keeping the query. */
void	 v_pager(struct view *, const char *url, const char *q_name,
	    const char *q, long page, int more);

/* v_login.c */
void	 v_login(struct view *, const char *email, const char *error,
	    const char *next);
void	 v_logout(struct view *);

/* v_error.c: an error page's content. */
void	 v_error(struct view *, int code, const char *title, const char *msg);

/* v_registry.c */
struct v_registry_row {
	const struct registry	*g;
	long long		 packages;
};
void	 v_registries(struct view *, const struct v_registry_row *, size_t n,
	    size_t total, const char *filter, int can_create);
struct v_new_registry {
	struct v_value		 name, description, ecosystem, teams;
	const struct ui_team	*teams_list;	/* NULL: org without teams */
	size_t			 nteams;
	const char *const	*chosen;	/* team ids ticked */
	size_t			 nchosen;
	const char		*error;		/* not about one field */
};
void	 v_registry_new(struct view *, const struct v_new_registry *);
void	 v_packages(struct view *, const struct registry *, enum access,
	    const struct ui_pkg *, size_t n, long long total,
	    const char *filter, long page, int per_page);
void	 v_publish(struct view *, const struct registry *, enum access);

/* v_instructions.c: commands and files for this server and registry */
void	 v_publish_steps(struct view *, const struct registry *);
void	 v_install_steps(struct view *, const struct registry *,
	    const struct pkg *, const struct pkg_file *);

/* v_package.c */
struct v_package {
	const struct ui_pkg	*p;
	const struct pkg_file	*files;
	size_t			 nfiles;
	int			 can_delete;
};
void	 v_package(struct view *, const struct registry *, enum access,
	    const struct v_package *);
void	 v_package_delete(struct view *, const struct registry *,
	    const struct ui_pkg *);

/* v_settings.c */
struct v_general {
	struct v_value		 name, description, emoji, color;
	struct v_value		 confirm;	/* delete: the typed name */
	const struct ui_team	*teams;		/* with access, or NULL */
	size_t			 nteams;
	int			 can_delete;
};
void	 v_settings(struct view *, const struct registry *,
	    const struct v_general *);
void	 v_visibility(struct view *, const struct registry *);
void	 v_oidc(struct view *, const struct registry *, const struct v_value *);
void	 v_tokens(struct view *, const struct registry *,
	    const struct regtoken *, size_t n, const struct v_value *);
void	 v_token(struct view *, const struct registry *,
	    const struct regtoken *, const char *secret,
	    const struct v_value *);
void	 v_token_delete(struct view *, const struct registry *,
	    const struct regtoken *);
/*
 * Registry storage: where new packages go (current: a link id, NULL for
 * hosted storage) and a Change form among hosted storage and the
 * organization's active links.
 */
void	 v_registry_storage(struct view *, const struct registry *,
	    const struct storage_link *, size_t n, const char *current);

/* v_org.c */
/*
 * The organization's storage: hosted storage and its storage links, with
 * a form to make one the default for new registries.
 */
void	 v_storage(struct view *, const struct org *,
	    const struct storage_link *, size_t n);
/* The form that links an S3-compatible bucket (after its diagnostic). */
struct v_link_form {
	struct v_value		 name, endpoint, region, bucket, prefix;
	struct v_value		 access_key_id, secret;
	const char		*addressing;	/* auto, path, virtual */
	const char		*error;
	const struct s3_diag	*diag;		/* a failed diagnostic */
};
void	 v_storage_new(struct view *, const struct org *,
	    const struct v_link_form *);
void	 v_audit(struct view *, const struct org *,
	    const struct audit_event *, size_t n, const char *type, long page,
	    int more);

#endif
