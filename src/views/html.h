/* html.h: the escaping HTML writer every page goes through */
#ifndef DEPOT_HTML_H
#define DEPOT_HTML_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Contract (STYLE.md section 6):
 * - Text and attribute values are always escaped: html_text* for text,
 *   html_open's attribute values. Nothing a user typed can open a tag, end
 *   an attribute or start an entity.
 * - Raw output takes string literals only: html_lit(h, "<hr>") compiles,
 *   html_lit(h, var) does not (the "" s "" concatenation needs literals).
 *   html_raw is the function behind it; call it only through html_lit.
 *   The other raw writer is html_markdown, which renders with libcmark's
 *   safe mode (raw HTML and javascript:/data: links dropped).
 * - Elements and attributes are enums, so a typo does not compile. Open
 *   elements sit on a stack: html_close(h, EL_X) closes every element
 *   opened after the innermost X, then X; html_end closes them all.
 *   Closing an element that is not open is our bug: it marks the writer
 *   failed (html_end returns -1), so the page is answered 500, never sent
 *   unbalanced.
 * - html_form_open writes <form method="post"> with the CSRF token field.
 * The output is one buffer of at most HTML_MAX bytes; past it the writer
 * fails the same way.
 */
#define HTML_STACK_MAX	64
#define HTML_MAX	((size_t)16 * 1024 * 1024)
#define HTML_CSRF_FIELD	"csrf_token"

enum html_el {
	EL_A,
	EL_ASIDE,
	EL_BODY,
	EL_BUTTON,
	EL_CODE,
	EL_DD,
	EL_DETAILS,
	EL_DIV,
	EL_DL,
	EL_DT,
	EL_EM,
	EL_FIELDSET,
	EL_FOOTER,
	EL_FORM,
	EL_H1,
	EL_H2,
	EL_H3,
	EL_HEAD,
	EL_HEADER,
	EL_HTML,
	EL_LABEL,
	EL_LEGEND,
	EL_LI,
	EL_MAIN,
	EL_NAV,
	EL_OL,
	EL_OPTION,
	EL_P,
	EL_PRE,
	EL_SCRIPT,
	EL_SECTION,
	EL_SELECT,
	EL_SMALL,
	EL_SPAN,
	EL_STRONG,
	EL_SUMMARY,
	EL_TABLE,
	EL_TBODY,
	EL_TD,
	EL_TEXTAREA,
	EL_TH,
	EL_THEAD,
	EL_TIME,
	EL_TITLE,
	EL_TR,
	EL_UL,
	/* Void elements: html_open writes them whole, nothing to close. */
	EL_BR,
	EL_HR,
	EL_IMG,
	EL_INPUT,
	EL_LINK,
	EL_META,
	EL__MAX
};

/*
 * Attributes, passed to html_open as (attr, value) pairs ending with
 * ATTR__END. A NULL value leaves the attribute out, so optional ones need
 * no branches. Boolean attributes (checked, disabled ...) are written bare
 * when their value is non-NULL (pass "" or "1").
 */
enum html_attr {
	ATTR__END,
	ATTR_ACTION,
	ATTR_ALT,
	ATTR_ARIA_CURRENT,
	ATTR_ARIA_DESCRIBEDBY,
	ATTR_ARIA_INVALID,
	ATTR_ARIA_LABEL,
	ATTR_AUTOCOMPLETE,
	ATTR_AUTOFOCUS,
	ATTR_CHARSET,
	ATTR_CHECKED,
	ATTR_CLASS,
	ATTR_CONTENT,
	ATTR_DATA_COPY,
	ATTR_DATA_FILTER,
	ATTR_DATA_NAME,
	ATTR_DATA_PREVIEW,
	ATTR_DATETIME,
	ATTR_DEFER,
	ATTR_DISABLED,
	ATTR_FOR,
	ATTR_HEIGHT,
	ATTR_HIDDEN,
	ATTR_HREF,
	ATTR_ID,
	ATTR_LANG,
	ATTR_MAXLENGTH,
	ATTR_METHOD,
	ATTR_NAME,
	ATTR_OPEN,
	ATTR_PATTERN,
	ATTR_PLACEHOLDER,
	ATTR_READONLY,
	ATTR_REL,
	ATTR_REQUIRED,
	ATTR_ROWS,
	ATTR_SELECTED,
	ATTR_SPELLCHECK,
	ATTR_SRC,
	ATTR_TITLE,
	ATTR_TYPE,
	ATTR_VALUE,
	ATTR_WIDTH,
	ATTR__MAX
};

struct html {
	struct buf	 out;
	enum html_el	 stack[HTML_STACK_MAX];
	size_t		 depth;
	const char	*csrf;		/* for html_form_open; NULL: none */
	int		 failed;
};

/* An empty page writer; csrf is the token forms carry (may be NULL). */
void	 html_init(struct html *, const char *csrf);
void	 html_release(struct html *);

/* Raw bytes: only through html_lit, which takes literals only. */
void	 html_raw(struct html *, const char *);
#define html_lit(h, s)	html_raw((h), "" s "")

/* Escaped text (& < > " ' become entities). NULL writes nothing. */
void	 html_text(struct html *, const char *);
void	 html_textn(struct html *, const char *, size_t);
void	 html_textf(struct html *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* <el attr="value" ...>; pairs end with ATTR__END. */
void	 html_open(struct html *, enum html_el, ...);
/* Close the innermost el and everything opened inside it. */
void	 html_close(struct html *, enum html_el);
/* <el>text</el>, no attributes. */
void	 html_tag(struct html *, enum html_el, const char *text);
/*
 * <form method="post" action="action" attrs...> and the hidden CSRF field;
 * the form stays open for html_close(h, EL_FORM).
 */
void	 html_form_open(struct html *, const char *action, ...);
/*
 * Markdown (a README) rendered by libcmark in safe mode: raw HTML is
 * omitted, links and images with javascript:, vbscript:, file: or
 * non-image data: URLs lose them; invalid UTF-8 is replaced. The result is
 * balanced on its own.
 */
void	 html_markdown(struct html *, const char *text, size_t len);
/*
 * Close everything still open. 0 with the page in h->out, or -1 when the
 * writer failed (misuse, or HTML_MAX passed).
 */
int	 html_end(struct html *);

/* The element's and attribute's names (tests, diagnostics). */
const char	*html_el_name(enum html_el);
const char	*html_attr_name(enum html_attr);

#endif
