/* v_login.c: the login and logout pages */
#include <string.h>

#include "views/view.h"
#include "util/banned.h"

/*
 * The login form: e-mail, password, the login CSRF token (the hidden
 * field html_form_open adds) and where to go afterwards. error is shown
 * above the fields; the e-mail is kept, the password never.
 */
void
v_login(struct view *v, const char *email, const char *error,
    const char *next)
{
	struct html	*h = &v->h;
	struct v_value	 e = { email, NULL }, p = { NULL, NULL };

	html_open(h, EL_SECTION, ATTR_CLASS, "card narrow", ATTR__END);
	html_tag(h, EL_H1, "Log in to Depot");
	v_form_error(v, error);
	html_form_open(h, v_url(v, "login", NULL), ATTR_CLASS, "stack",
	    ATTR__END);
	if (next)
		html_open(h, EL_INPUT, ATTR_TYPE, "hidden", ATTR_NAME, "next",
		    ATTR_VALUE, next, ATTR__END);
	v_input(v, "email", "Email", "email", &e, NULL, 1, "254");
	v_input(v, "password", "Password", "password", &p, NULL, 1, "1024");
	html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
	    "btn btn-primary", ATTR__END);
	html_lit(h, "Log in");
	html_close(h, EL_FORM);
	html_close(h, EL_SECTION);
}

void
v_logout(struct view *v)
{
	struct html	*h = &v->h;

	html_open(h, EL_SECTION, ATTR_CLASS, "card narrow", ATTR__END);
	html_tag(h, EL_H1, "Log out");
	html_tag(h, EL_P, v->user ? "End this session of Depot in this "
	    "browser?" : "You are not logged in.");
	if (v->user) {
		html_form_open(h, v_url(v, "logout", NULL), ATTR__END);
		html_open(h, EL_BUTTON, ATTR_TYPE, "submit", ATTR_CLASS,
		    "btn btn-primary", ATTR__END);
		html_lit(h, "Log out");
		html_close(h, EL_FORM);
	} else {
		html_open(h, EL_A, ATTR_CLASS, "btn", ATTR_HREF,
		    v_url(v, "login", NULL), ATTR__END);
		html_lit(h, "Log in");
		html_close(h, EL_A);
	}
	html_close(h, EL_SECTION);
}
