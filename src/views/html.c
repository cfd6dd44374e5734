/* html.c: the escaping HTML writer (elements on a stack, text escaped) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "util/log.h"
#include "views/html.h"
#include "util/banned.h"

static const char *const el_names[EL__MAX] = {
	[EL_A] = "a", [EL_ASIDE] = "aside", [EL_BODY] = "body",
	[EL_BUTTON] = "button", [EL_CODE] = "code", [EL_DD] = "dd",
	[EL_DETAILS] = "details", [EL_DIV] = "div", [EL_DL] = "dl",
	[EL_DT] = "dt", [EL_EM] = "em", [EL_FIELDSET] = "fieldset",
	[EL_FOOTER] = "footer", [EL_FORM] = "form", [EL_H1] = "h1",
	[EL_H2] = "h2", [EL_H3] = "h3", [EL_HEAD] = "head",
	[EL_HEADER] = "header", [EL_HTML] = "html", [EL_LABEL] = "label",
	[EL_LEGEND] = "legend", [EL_LI] = "li", [EL_MAIN] = "main",
	[EL_NAV] = "nav", [EL_OL] = "ol", [EL_OPTION] = "option",
	[EL_P] = "p", [EL_PRE] = "pre", [EL_SCRIPT] = "script",
	[EL_SECTION] = "section", [EL_SELECT] = "select",
	[EL_SMALL] = "small", [EL_SPAN] = "span", [EL_STRONG] = "strong",
	[EL_SUMMARY] = "summary", [EL_TABLE] = "table", [EL_TBODY] = "tbody",
	[EL_TD] = "td", [EL_TEXTAREA] = "textarea", [EL_TH] = "th",
	[EL_THEAD] = "thead", [EL_TIME] = "time", [EL_TITLE] = "title",
	[EL_TR] = "tr", [EL_UL] = "ul",
	[EL_BR] = "br", [EL_HR] = "hr", [EL_IMG] = "img",
	[EL_INPUT] = "input", [EL_LINK] = "link", [EL_META] = "meta",
};

/* Names; a leading '!' marks a boolean attribute (written bare). */
static const char *const attr_names[ATTR__MAX] = {
	[ATTR__END] = "",
	[ATTR_ACTION] = "action", [ATTR_ALT] = "alt",
	[ATTR_ARIA_CURRENT] = "aria-current",
	[ATTR_ARIA_DESCRIBEDBY] = "aria-describedby",
	[ATTR_ARIA_INVALID] = "aria-invalid",
	[ATTR_ARIA_LABEL] = "aria-label",
	[ATTR_AUTOCOMPLETE] = "autocomplete", [ATTR_AUTOFOCUS] = "!autofocus",
	[ATTR_CHARSET] = "charset", [ATTR_CHECKED] = "!checked",
	[ATTR_CLASS] = "class", [ATTR_CONTENT] = "content",
	[ATTR_DATA_COPY] = "data-copy", [ATTR_DATA_FILTER] = "data-filter",
	[ATTR_DATA_NAME] = "data-name", [ATTR_DATA_PREVIEW] = "data-preview",
	[ATTR_DATETIME] = "datetime", [ATTR_DEFER] = "!defer",
	[ATTR_DISABLED] = "!disabled", [ATTR_FOR] = "for",
	[ATTR_HEIGHT] = "height", [ATTR_HIDDEN] = "!hidden",
	[ATTR_HREF] = "href", [ATTR_ID] = "id", [ATTR_LANG] = "lang",
	[ATTR_MAXLENGTH] = "maxlength", [ATTR_METHOD] = "method",
	[ATTR_NAME] = "name", [ATTR_OPEN] = "!open",
	[ATTR_PATTERN] = "pattern", [ATTR_PLACEHOLDER] = "placeholder",
	[ATTR_READONLY] = "!readonly", [ATTR_REL] = "rel",
	[ATTR_REQUIRED] = "!required", [ATTR_ROWS] = "rows",
	[ATTR_SELECTED] = "!selected", [ATTR_SPELLCHECK] = "spellcheck",
	[ATTR_SRC] = "src", [ATTR_TITLE] = "title", [ATTR_TYPE] = "type",
	[ATTR_VALUE] = "value", [ATTR_WIDTH] = "width",
};

const char *
html_el_name(enum html_el el)
{
	return el < EL__MAX ? el_names[el] : "?";
}

const char *
html_attr_name(enum html_attr a)
{
	if (a >= ATTR__MAX)
		return "?";
	return attr_names[a][0] == '!' ? attr_names[a] + 1 : attr_names[a];
}

static int
is_void(enum html_el el)
{
	return el >= EL_BR && el < EL__MAX;
}

static void
fail(struct html *h, const char *why)
{
	if (!h->failed)
		log_warnx("html: %s", why);
	h->failed = 1;
}

static void
put(struct html *h, const char *s, size_t n)
{
	if (h->failed)
		return;
	if (buf_add(&h->out, s, n) == -1)
		fail(h, "page larger than HTML_MAX");
}

void
html_init(struct html *h, const char *csrf)
{
	memset(h, 0, sizeof(*h));
	buf_init(&h->out, HTML_MAX);
	h->csrf = csrf;
}

void
html_release(struct html *h)
{
	buf_release(&h->out);
	h->depth = 0;
}

void
html_raw(struct html *h, const char *s)
{
	put(h, s, strlen(s));
}

/* Escape s[0..n): the same set for text and for quoted attributes. */
void
html_textn(struct html *h, const char *s, size_t n)
{
	size_t		 i, start = 0;
	const char	*ent;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		case '\0': ent = "\xef\xbf\xbd"; break;	/* U+FFFD */
		default: continue;
		}
		put(h, s + start, i - start);
		put(h, ent, strlen(ent));
		start = i + 1;
	}
	put(h, s + start, n - start);
}

void
html_text(struct html *h, const char *s)
{
	if (s != NULL)
		html_textn(h, s, strlen(s));
}

void
html_textf(struct html *h, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[512], *big = NULL;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail(h, "bad format");
		return;
	}
	if ((size_t)n < sizeof(small)) {
		html_textn(h, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		fail(h, "out of memory");
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	html_textn(h, big, (size_t)n);
	free(big);
}

/* The (attr, value) pairs of ap, up to ATTR__END, each escaped. */
static void
attrs(struct html *h, va_list ap)
{
	enum html_attr	 a;
	const char	*v, *name;

	while ((a = (enum html_attr)va_arg(ap, int)) != ATTR__END) {
		v = va_arg(ap, const char *);
		if (a >= ATTR__MAX) {
			fail(h, "unknown attribute");
			return;
		}
		if (v == NULL)
			continue;
		name = attr_names[a];
		put(h, " ", 1);
		if (name[0] == '!') {
			html_raw(h, name + 1);
			continue;
		}
		html_raw(h, name);
		put(h, "=\"", 2);
		html_text(h, v);
		put(h, "\"", 1);
	}
}

static void
push(struct html *h, enum html_el el)
{
	if (h->depth == HTML_STACK_MAX)
		fail(h, "elements nested too deep");
	else
		h->stack[h->depth++] = el;
}

void
html_open(struct html *h, enum html_el el, ...)
{
	va_list	 ap;

	if (el >= EL__MAX) {
		fail(h, "unknown element");
		return;
	}
	put(h, "<", 1);
	html_raw(h, el_names[el]);
	va_start(ap, el);
	attrs(h, ap);
	va_end(ap);
	put(h, ">", 1);
	if (!is_void(el))
		push(h, el);
}

void
html_close(struct html *h, enum html_el el)
{
	size_t	 i;

	for (i = h->depth; i > 0; i--)
		if (h->stack[i - 1] == el)
			break;
	if (i == 0) {
		fail(h, "closing an element that is not open");
		return;
	}
	while (h->depth >= i) {
		h->depth--;
		put(h, "</", 2);
		html_raw(h, el_names[h->stack[h->depth]]);
		put(h, ">", 1);
	}
}

void
html_tag(struct html *h, enum html_el el, const char *text)
{
	html_open(h, el, ATTR__END);
	html_text(h, text);
	html_close(h, el);
}

void
html_form_open(struct html *h, const char *action, ...)
{
	va_list	 ap;

	html_lit(h, "<form method=\"post\" action=\"");
	html_text(h, action);
	put(h, "\"", 1);
	va_start(ap, action);
	attrs(h, ap);
	va_end(ap);
	put(h, ">", 1);
	push(h, EL_FORM);
	if (h->csrf == NULL) {
		fail(h, "a form on a page without a CSRF token");
		return;
	}
	html_open(h, EL_INPUT, ATTR_TYPE, "hidden", ATTR_NAME, HTML_CSRF_FIELD,
	    ATTR_VALUE, h->csrf, ATTR__END);
}

void
html_markdown(struct html *h, const char *text, size_t len)
{
	char	*out;

	if (text == NULL || len == 0)
		return;
	/* CMARK_OPT_UNSAFE is not given: raw HTML and bad URLs are dropped. */
	out = cmark_markdown_to_html(text, len, CMARK_OPT_DEFAULT |
	    CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_NOBREAKS);
	if (out == NULL) {
		fail(h, "cannot render markdown");
		return;
	}
	put(h, out, strlen(out));
	free(out);
}

int
html_end(struct html *h)
{
	while (h->depth > 0 && !h->failed)
		html_close(h, h->stack[h->depth - 1]);
	return h->failed ? -1 : 0;
}
