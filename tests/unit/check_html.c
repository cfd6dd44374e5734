/* check_html.c: unit tests for the HTML writer and the URL helpers */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "views/html.h"
#include "views/url.h"

static struct arena	 arena;
static struct html	 h;

static void
setup(void)
{
	arena_init(&arena, 16 * 1024 * 1024);
	html_init(&h, "tok123");
}

static void
teardown(void)
{
	html_release(&h);
	arena_release(&arena);
}

/* The page so far, as a string (the buffer is always NUL-terminated). */
static const char *
out(void)
{
	return h.out.data;
}

/* html_text */

START_TEST(test_html_text_escapes)
{
	html_text(&h, "<script>alert(1)</script> & \"q\" 'a'");
	ck_assert_str_eq(out(), "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
	    "&quot;q&quot; &#39;a&#39;");
	ck_assert_int_eq(html_end(&h), 0);
}
END_TEST

START_TEST(test_html_text_entities_stay_text)
{
	html_text(&h, "&lt; &#x3c; &amp;");
	ck_assert_str_eq(out(), "&amp;lt; &amp;#x3c; &amp;amp;");
}
END_TEST

START_TEST(test_html_text_null_and_utf8)
{
	html_text(&h, NULL);
	html_text(&h, "\xf0\x9f\x8c\xbb caf\xc3\xa9");
	ck_assert_str_eq(out(), "\xf0\x9f\x8c\xbb caf\xc3\xa9");
}
END_TEST

START_TEST(test_html_textn_nul_byte)
{
	html_textn(&h, "a\0b", 3);
	ck_assert_str_eq(out(), "a\xef\xbf\xbd" "b");
}
END_TEST

START_TEST(test_html_textf_formats_then_escapes)
{
	char	 big[2000];

	html_textf(&h, "%d <%s>", 3, "b&c");
	ck_assert_str_eq(out(), "3 &lt;b&amp;c&gt;");
	memset(big, '<', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	html_textf(&h, "%s", big);
	ck_assert_uint_eq(strlen(out()), strlen("3 &lt;b&amp;c&gt;") +
	    4 * (sizeof(big) - 1));
}
END_TEST

/* html_open: attributes */

START_TEST(test_html_open_attribute_escaped)
{
	html_open(&h, EL_A, ATTR_HREF, "/x?a=1&b=\"2\"", ATTR_TITLE,
	    "\"><script>x</script>", ATTR__END);
	html_text(&h, "t");
	html_close(&h, EL_A);
	ck_assert_str_eq(out(), "<a href=\"/x?a=1&amp;b=&quot;2&quot;\" "
	    "title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">t</a>");
}
END_TEST

START_TEST(test_html_open_single_quote_attribute)
{
	html_open(&h, EL_INPUT, ATTR_VALUE, "' onfocus='x", ATTR__END);
	ck_assert_str_eq(out(), "<input value=\"&#39; onfocus=&#39;x\">");
}
END_TEST

START_TEST(test_html_open_null_value_omitted)
{
	html_open(&h, EL_INPUT, ATTR_TYPE, "checkbox", ATTR_CHECKED, NULL,
	    ATTR_DISABLED, "", ATTR_NAME, "n", ATTR__END);
	ck_assert_str_eq(out(),
	    "<input type=\"checkbox\" disabled name=\"n\">");
	ck_assert_uint_eq(h.depth, 0);
}
END_TEST

START_TEST(test_html_open_boolean_value_not_written)
{
	html_open(&h, EL_OPTION, ATTR_SELECTED, "\"><x>", ATTR__END);
	html_close(&h, EL_OPTION);
	ck_assert_str_eq(out(), "<option selected></option>");
}
END_TEST

/* html_close: the stack */

START_TEST(test_html_close_balanced)
{
	html_open(&h, EL_DIV, ATTR__END);
	html_open(&h, EL_UL, ATTR__END);
	html_open(&h, EL_LI, ATTR__END);
	html_open(&h, EL_STRONG, ATTR__END);
	html_close(&h, EL_UL);
	ck_assert_str_eq(out(), "<div><ul><li><strong></strong></li></ul>");
	ck_assert_uint_eq(h.depth, 1);
	ck_assert_int_eq(html_end(&h), 0);
	ck_assert_str_eq(out(),
	    "<div><ul><li><strong></strong></li></ul></div>");
}
END_TEST

START_TEST(test_html_close_innermost)
{
	html_open(&h, EL_DIV, ATTR_ID, "a", ATTR__END);
	html_open(&h, EL_DIV, ATTR_ID, "b", ATTR__END);
	html_open(&h, EL_SPAN, ATTR__END);
	html_close(&h, EL_DIV);
	ck_assert_str_eq(out(), "<div id=\"a\"><div id=\"b\"><span></span>"
	    "</div>");
	ck_assert_uint_eq(h.depth, 1);
}
END_TEST

START_TEST(test_html_close_not_open_fails)
{
	html_open(&h, EL_P, ATTR__END);
	html_close(&h, EL_TABLE);
	ck_assert_int_eq(h.failed, 1);
	ck_assert_int_eq(html_end(&h), -1);
}
END_TEST

START_TEST(test_html_close_void_never_pushed)
{
	html_open(&h, EL_BR, ATTR__END);
	html_open(&h, EL_IMG, ATTR_SRC, "/a.png", ATTR_ALT, "", ATTR__END);
	ck_assert_uint_eq(h.depth, 0);
	html_close(&h, EL_BR);
	ck_assert_int_eq(html_end(&h), -1);
}
END_TEST

START_TEST(test_html_close_too_deep_fails)
{
	int	 i;

	for (i = 0; i <= HTML_STACK_MAX; i++)
		html_open(&h, EL_DIV, ATTR__END);
	ck_assert_int_eq(h.failed, 1);
	ck_assert_int_eq(html_end(&h), -1);
}
END_TEST

START_TEST(test_html_end_closes_all)
{
	html_lit(&h, "<!DOCTYPE html>");
	html_open(&h, EL_HTML, ATTR_LANG, "en", ATTR__END);
	html_open(&h, EL_BODY, ATTR__END);
	html_open(&h, EL_MAIN, ATTR__END);
	html_tag(&h, EL_H1, "<T>");
	ck_assert_int_eq(html_end(&h), 0);
	ck_assert_str_eq(out(), "<!DOCTYPE html><html lang=\"en\"><body>"
	    "<main><h1>&lt;T&gt;</h1></main></body></html>");
	ck_assert_uint_eq(h.depth, 0);
}
END_TEST

/* html_form_open */

START_TEST(test_html_form_open_csrf)
{
	html_form_open(&h, "/o/a&b", ATTR_CLASS, "f", ATTR__END);
	html_close(&h, EL_FORM);
	ck_assert_str_eq(out(), "<form method=\"post\" action=\"/o/a&amp;b\" "
	    "class=\"f\"><input type=\"hidden\" name=\"csrf_token\" "
	    "value=\"tok123\"></form>");
}
END_TEST

START_TEST(test_html_form_open_without_csrf_fails)
{
	struct html	 g;

	html_init(&g, NULL);
	html_form_open(&g, "/x", ATTR__END);
	ck_assert_int_eq(html_end(&g), -1);
	html_release(&g);
}
END_TEST

/* html_markdown */

START_TEST(test_html_markdown_safe)
{
	const char	*md = "# Title\n\n<script>alert(1)</script>\n\n"
	    "[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
	    "![i](data:text/html;base64,PHNjcmlwdD4=)\n\n**b** `c<d>`\n";

	html_markdown(&h, md, strlen(md));
	ck_assert_int_eq(html_end(&h), 0);
	ck_assert_ptr_nonnull(strstr(out(), "<h1>Title</h1>"));
	ck_assert_ptr_nonnull(strstr(out(), "<strong>b</strong>"));
	ck_assert_ptr_nonnull(strstr(out(), "<code>c&lt;d&gt;</code>"));
	ck_assert_ptr_null(strstr(out(), "<script"));
	ck_assert_ptr_null(strstr(out(), "javascript:"));
	ck_assert_ptr_null(strstr(out(), "onerror"));
	ck_assert_ptr_null(strstr(out(), "data:text/html"));
}
END_TEST

START_TEST(test_html_markdown_bad_utf8)
{
	const char	 md[] = "a \xff\xfe b";

	html_markdown(&h, md, sizeof(md) - 1);
	ck_assert_int_eq(html_end(&h), 0);
	ck_assert_ptr_null(strstr(out(), "\xff"));
}
END_TEST

/* html limits */

START_TEST(test_html_max_fails)
{
	char	*big = malloc(1024 * 1024 + 1);
	int	 i;

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', 1024 * 1024);
	big[1024 * 1024] = '\0';
	for (i = 0; i < 17; i++)
		html_text(&h, big);
	free(big);
	ck_assert_int_eq(html_end(&h), -1);
}
END_TEST

START_TEST(test_html_names)
{
	ck_assert_str_eq(html_el_name(EL_TEXTAREA), "textarea");
	ck_assert_str_eq(html_attr_name(ATTR_CHECKED), "checked");
	ck_assert_str_eq(html_attr_name(ATTR_ARIA_LABEL), "aria-label");
}
END_TEST

/* url helpers */

START_TEST(test_url_path_segments)
{
	char	*u;

	u = url_path(&arena, "", "organizations", "acme", "packages", NULL);
	ck_assert_str_eq(u, "/organizations/acme/packages");
	u = url_path(&arena, "/base", "a/b", "../x", "<s>\"", "caf\xc3\xa9",
	    NULL);
	ck_assert_str_eq(u, "/base/a%2Fb/..%2Fx/%3Cs%3E%22/caf%C3%A9");
	u = url_path(&arena, "http://h:1", "javascript:alert(1)", NULL);
	ck_assert_str_eq(u, "http://h:1/javascript%3Aalert%281%29");
}
END_TEST

START_TEST(test_url_query_pairs)
{
	char	*u;

	u = url_query(&arena, "/p", "q", "a b&c=d", "empty", "", "none", NULL,
	    "page", "2", NULL);
	ck_assert_str_eq(u, "/p?q=a%20b%26c%3Dd&page=2");
	u = url_query(&arena, "/p?x=1", "y", "2", NULL);
	ck_assert_str_eq(u, "/p?x=1&y=2");
	u = url_query(&arena, "/p", "a", NULL, NULL);
	ck_assert_str_eq(u, "/p");
}
END_TEST

START_TEST(test_url_external_schemes)
{
	ck_assert_str_eq(url_external("https://example.com/x"),
	    "https://example.com/x");
	ck_assert_str_eq(url_external("http://e.x"), "http://e.x");
	ck_assert_ptr_null(url_external("javascript:alert(1)"));
	ck_assert_ptr_null(url_external("JAVASCRIPT:alert(1)"));
	ck_assert_ptr_null(url_external("data:text/html,x"));
	ck_assert_ptr_null(url_external("//evil.example"));
	ck_assert_ptr_null(url_external("https://a b"));
	ck_assert_ptr_null(url_external("https://a\"onx=1"));
	ck_assert_ptr_null(url_external("http://"));
	ck_assert_ptr_null(url_external(NULL));
}
END_TEST

START_TEST(test_url_base_path)
{
	ck_assert_str_eq(url_base_path(&arena, "http://127.0.0.1:8080"), "");
	ck_assert_str_eq(url_base_path(&arena, "https://h/depot/"), "/depot");
	ck_assert_str_eq(url_base_path(&arena, "https://h/"), "");
	ck_assert_str_eq(url_base_path(&arena, NULL), "");
}
END_TEST

static Suite *
html_suite(void)
{
	Suite	*s = suite_create("html");
	TCase	*tc;

	tc = tcase_create("html_text");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_text_escapes);
	tcase_add_test(tc, test_html_text_entities_stay_text);
	tcase_add_test(tc, test_html_text_null_and_utf8);
	tcase_add_test(tc, test_html_textn_nul_byte);
	tcase_add_test(tc, test_html_textf_formats_then_escapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("html_open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_open_attribute_escaped);
	tcase_add_test(tc, test_html_open_single_quote_attribute);
	tcase_add_test(tc, test_html_open_null_value_omitted);
	tcase_add_test(tc, test_html_open_boolean_value_not_written);
	suite_add_tcase(s, tc);

	tc = tcase_create("html_close");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_close_balanced);
	tcase_add_test(tc, test_html_close_innermost);
	tcase_add_test(tc, test_html_close_not_open_fails);
	tcase_add_test(tc, test_html_close_void_never_pushed);
	tcase_add_test(tc, test_html_close_too_deep_fails);
	tcase_add_test(tc, test_html_end_closes_all);
	suite_add_tcase(s, tc);

	tc = tcase_create("html_form_open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_form_open_csrf);
	tcase_add_test(tc, test_html_form_open_without_csrf_fails);
	suite_add_tcase(s, tc);

	tc = tcase_create("html_markdown");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_markdown_safe);
	tcase_add_test(tc, test_html_markdown_bad_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("html_limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_max_fails);
	tcase_add_test(tc, test_html_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("url");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_url_path_segments);
	tcase_add_test(tc, test_url_query_pairs);
	tcase_add_test(tc, test_url_external_schemes);
	tcase_add_test(tc, test_url_base_path);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(html_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
