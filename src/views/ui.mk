# src/views/ui.mk: the web interface: sessions (db_session.c), the page
# queries (db_ui.c), the registry rules shared with the REST API
# (regops.c), the HTML writer and views (src/views/), the page handlers
# (h_ui_*.c), their unit test and the static files under web/.
libdepot_core_a_SOURCES += \
	src/db/db_session.c src/db/db_session.h \
	src/db/db_ui.c src/db/db_ui.h \
	src/handlers/regops.c src/handlers/regops.h \
	src/views/html.c src/views/html.h \
	src/views/url.c src/views/url.h \
	src/views/view.h src/views/v_layout.c src/views/v_login.c \
	src/views/v_error.c src/views/v_registry.c src/views/v_instructions.c \
	src/views/v_package.c src/views/v_settings.c src/views/v_org.c \
	src/handlers/ui.c src/handlers/ui.h \
	src/handlers/h_ui_auth.c src/handlers/h_ui_registry.c \
	src/handlers/h_ui_package.c src/handlers/h_ui_settings.c \
	src/handlers/h_ui_token.c src/handlers/h_ui_org.c

dist_sql_DATA += sql/0007_sessions.sql sql/0008_audit_context.sql
webdir = $(pkgdatadir)/web
dist_web_DATA = web/depot.css web/depot.js

check_PROGRAMS += tests/unit/check_html
tests_unit_check_html_SOURCES = tests/unit/check_html.c
tests_unit_check_html_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_html_LDADD = $(CORE_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_html
