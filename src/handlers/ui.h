/* ui.h: what every page handler (h_ui_*.c) shares: the page frame from the
 * request, sending a page, redirects after a form, permissions for display */
#ifndef DEPOT_UI_H
#define DEPOT_UI_H

#include "req.h"
#include "views/view.h"

/* Rows per page of the package list and the audit log. */
#define UI_PER_PAGE	30

/*
 * A view for r: the signed-in user, the organization in the navigation,
 * admin links, the session's CSRF token for forms, and the confirmation
 * named by ?done= (a fixed set of messages; nothing from the query is
 * shown). Call ui_send or html_release afterwards.
 */
void		 ui_view(struct req *, struct view *);
/* Finish the page (v_end) and send it with code; releases v. */
enum status	 ui_send(struct req *, struct view *, int code);
/*
 * 303 See Other to url (a path from ui's url helpers), with ?done=what
 * when what is not NULL: the page there shows the confirmation.
 */
enum status	 ui_redirect(struct req *, const char *url, const char *what);
/* The path of a page: web_url's path + segments (NULL-terminated). */
char		*ui_url(struct req *, ...) __attribute__((sentinel));
/* A registry's page + segments (NULL-terminated). */
char		*ui_reg_url(struct req *, const struct registry *, ...)
		    __attribute__((sentinel));
/*
 * Does the principal hold the member permission (enum team_perm)? For
 * showing or hiding a button; the action itself still goes through
 * auth_require_perm.
 */
int		 ui_may(struct req *, unsigned perm);
/*
 * A form field: the value, or NULL when absent. Text fields from
 * browsers end lines with CRLF: with multiline they become LF.
 */
const char	*ui_field(struct req *, const char *name, int multiline);
/* ?page=N (1 when absent or bad, at most what DB_UI_MAX_OFFSET allows). */
long		 ui_page(struct req *);

#endif
