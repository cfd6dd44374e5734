# src/util/local.mk: strings, arena, logging, digests, spools, config
noinst_LIBRARIES += libdepot_util.a
libdepot_util_a_SOURCES = \
	src/util/banned.h \
	src/util/buf.c src/util/buf.h \
	src/util/arena.c src/util/arena.h \
	src/util/log.c src/util/log.h \
	src/util/digest.c src/util/digest.h \
	src/util/spool.c src/util/spool.h \
	src/util/conf.c src/util/conf.h \
	src/util/cache.c src/util/cache.h \
	src/util/secret.c src/util/secret.h

check_PROGRAMS += tests/unit/check_util
tests_unit_check_util_SOURCES = tests/unit/check_util.c
tests_unit_check_util_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_util_LDADD = libdepot_util.a $(DEPOT_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_util
