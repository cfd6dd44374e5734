# src/eco/local.mk: ecosystems and the archive reader they share
noinst_LIBRARIES += libdepot_eco.a
libdepot_eco_a_SOURCES = \
	src/eco/archive.c src/eco/archive.h \
	src/eco/semver.c src/eco/semver.h \
	src/eco/npm.h \
	src/eco/npm_json.c src/eco/npm_json.h \
	src/eco/npm_name.c \
	src/eco/npm_body.c \
	src/eco/npm_tarball.c \
	src/eco/npm_packument.c

ECO_TEST_LIBS = libdepot_eco.a libdepot_util.a $(DEPOT_LIBS)

check_PROGRAMS += tests/unit/check_semver tests/unit/check_archive \
	tests/unit/check_npm
tests_unit_check_semver_SOURCES = tests/unit/check_semver.c
tests_unit_check_semver_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_semver_LDADD = $(ECO_TEST_LIBS) $(CHECK_LIBS)
tests_unit_check_archive_SOURCES = tests/unit/check_archive.c
tests_unit_check_archive_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_archive_LDADD = $(ECO_TEST_LIBS) $(CHECK_LIBS)
tests_unit_check_npm_SOURCES = tests/unit/check_npm.c
tests_unit_check_npm_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_npm_LDADD = $(ECO_TEST_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_semver tests/unit/check_archive tests/unit/check_npm

check_PROGRAMS += tests/fuzz/fuzz_npm_body tests/fuzz/fuzz_npm_tarball \
	tests/fuzz/fuzz_semver
tests_fuzz_fuzz_npm_body_SOURCES = tests/fuzz/fuzz_npm_body.c $(FUZZ_MAIN)
tests_fuzz_fuzz_npm_body_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_npm_body_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_npm_body_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_npm_tarball_SOURCES = tests/fuzz/fuzz_npm_tarball.c \
	$(FUZZ_MAIN)
tests_fuzz_fuzz_npm_tarball_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_npm_tarball_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_npm_tarball_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_semver_SOURCES = tests/fuzz/fuzz_semver.c $(FUZZ_MAIN)
tests_fuzz_fuzz_semver_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_semver_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_semver_LDADD = $(ECO_TEST_LIBS)
TESTS += tests/fuzz/fuzz_npm_body tests/fuzz/fuzz_npm_tarball \
	tests/fuzz/fuzz_semver

EXTRA_DIST += tests/fuzz/corpus/npm_body tests/fuzz/corpus/npm_tarball \
	tests/fuzz/corpus/semver
