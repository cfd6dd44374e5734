/* v_error.c: the page shown for an error status */
#include "views/view.h"
#include "util/banned.h"

void
v_error(struct view *v, int code, const char *title, const char *msg)
{
	struct html	*h = &v->h;

	html_open(h, EL_SECTION, ATTR_CLASS, "card narrow error-page",
	    ATTR__END);
	html_open(h, EL_P, ATTR_CLASS, "error-code", ATTR__END);
	html_textf(h, "%d", code);
	html_close(h, EL_P);
	html_tag(h, EL_H1, title);
	if (msg)
		html_tag(h, EL_P, v_sentence(v, msg));
	html_open(h, EL_P, ATTR__END);
	html_open(h, EL_A, ATTR_HREF, v->org ? v_url(v, "organizations",
	    v->org, "packages", NULL) : v_url(v, "login", NULL), ATTR__END);
	html_lit(h, "Back to the registries");
	html_close(h, EL_P);
	html_close(h, EL_SECTION);
}
