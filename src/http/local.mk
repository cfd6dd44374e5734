# src/http/local.mk: query, cookies, multipart and form bodies
noinst_LIBRARIES += libdepot_http.a
libdepot_http_a_SOURCES = \
	src/http/kv.c src/http/kv.h \
	src/http/query.c src/http/query.h \
	src/http/cookie.c src/http/cookie.h \
	src/http/multipart.c src/http/multipart.h \
	src/http/form.c src/http/form.h

check_PROGRAMS += tests/unit/check_http
tests_unit_check_http_SOURCES = tests/unit/check_http.c
tests_unit_check_http_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_http_LDADD = libdepot_http.a libdepot_util.a \
	$(DEPOT_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_http

# Fuzz targets: libFuzzer entry points; without --enable-fuzzing they link
# replay.c and `make check` replays tests/fuzz/corpus/<name>/.
# Under libFuzzer a target run without arguments fuzzes forever, so only
# the replayers are tests.
check_PROGRAMS += tests/fuzz/fuzz_query tests/fuzz/fuzz_cookie \
	tests/fuzz/fuzz_multipart
if !FUZZING
TESTS += tests/fuzz/fuzz_query tests/fuzz/fuzz_cookie \
	tests/fuzz/fuzz_multipart
endif
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz_query.c $(FUZZ_MAIN)
tests_fuzz_fuzz_query_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_query_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_query_LDADD = libdepot_http.a libdepot_util.a $(DEPOT_LIBS)
tests_fuzz_fuzz_cookie_SOURCES = tests/fuzz/fuzz_cookie.c $(FUZZ_MAIN)
tests_fuzz_fuzz_cookie_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_cookie_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_cookie_LDADD = libdepot_http.a libdepot_util.a $(DEPOT_LIBS)
tests_fuzz_fuzz_multipart_SOURCES = tests/fuzz/fuzz_multipart.c $(FUZZ_MAIN)
tests_fuzz_fuzz_multipart_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_multipart_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_multipart_LDADD = libdepot_http.a libdepot_util.a \
	$(DEPOT_LIBS)
EXTRA_DIST += tests/fuzz/corpus/query tests/fuzz/corpus/cookie \
	tests/fuzz/corpus/multipart
