# src/core.mk: processes, request layer, router, auth, database, storage, handlers
noinst_LIBRARIES += libdepot_core.a
libdepot_core_a_SOURCES = \
	src/req.h src/router.c src/router.h \
	src/worker.c src/worker.h src/master.c src/master.h \
	src/downloads.c src/downloads.h \
	src/fcgi/fcgi.c src/fcgi/fcgi.h \
	src/http/resp.c src/http/resp.h \
	src/auth/principal.h src/auth/auth.c src/auth/auth.h \
	src/auth/scope.c src/auth/scope.h \
	src/auth/credential.c src/auth/credential.h \
	src/auth/token.c src/auth/token.h \
	src/auth/password.c src/auth/password.h \
	src/auth/oidc_policy.c src/auth/oidc_policy.h \
	src/auth/jwt.c src/auth/jwt.h src/auth/jwks.c src/auth/jwks.h \
	src/db/db.c src/db/db.h src/db/model.h \
	src/db/db_migrate.c src/db/db_migrate.h \
	src/db/db_org.c src/db/db_org.h \
	src/db/db_token.c src/db/db_token.h \
	src/db/db_registry.c src/db/db_registry.h \
	src/db/db_pkg.c src/db/db_pkg.h \
	src/db/db_team.c src/db/db_team.h \
	src/db/db_regtoken.c src/db/db_regtoken.h \
	src/db/db_audit.c src/db/db_audit.h \
	src/storage/storage.c src/storage/storage.h src/storage/fs.c \
	src/eco/eco.c src/eco/eco.h \
	src/handlers/handlers.h src/handlers/hjson.c src/handlers/hjson.h \
	src/handlers/h_ops.c src/handlers/h_registry.c src/handlers/h_npm.c \
	src/handlers/h_package.c \
	src/handlers/publish.c src/handlers/publish.h \
	src/handlers/page.c src/handlers/page.h \
	src/handlers/audit.c src/handlers/audit.h \
	src/handlers/h_regtoken.c src/handlers/h_audit.c

CORE_LIBS = libdepot_core.a libdepot_eco.a libdepot_http.a libdepot_util.a \
	$(DEPOT_LIBS)

sbin_PROGRAMS += src/depotd src/depotctl
src_depotd_SOURCES = src/main.c
src_depotd_LDADD = $(CORE_LIBS)
src_depotctl_SOURCES = src/depotctl.c
src_depotctl_LDADD = $(CORE_LIBS)

dist_sql_DATA += sql/0001_initial.sql sql/0002_teams_tokens_audit.sql

dist_man_MANS += man/depotd.8 man/depotctl.8 man/depot.conf.5

check_PROGRAMS += tests/unit/check_core
tests_unit_check_core_SOURCES = tests/unit/check_core.c
tests_unit_check_core_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_core_LDADD = $(CORE_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_core

check_PROGRAMS += tests/fuzz/fuzz_credential
TESTS += tests/fuzz/fuzz_credential
tests_fuzz_fuzz_credential_SOURCES = tests/fuzz/fuzz_credential.c $(FUZZ_MAIN)
tests_fuzz_fuzz_credential_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_credential_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_credential_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/fuzz/corpus/credential

check_PROGRAMS += tests/unit/check_oidc
tests_unit_check_oidc_SOURCES = tests/unit/check_oidc.c
tests_unit_check_oidc_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_oidc_LDADD = $(CORE_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_oidc

check_PROGRAMS += tests/fuzz/fuzz_oidc_policy
TESTS += tests/fuzz/fuzz_oidc_policy
tests_fuzz_fuzz_oidc_policy_SOURCES = tests/fuzz/fuzz_oidc_policy.c $(FUZZ_MAIN)
tests_fuzz_fuzz_oidc_policy_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_oidc_policy_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_oidc_policy_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/fuzz/corpus/oidc_policy
