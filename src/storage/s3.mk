# src/storage/s3.mk: the S3-compatible storage backend and its tests
# (private storage links, storage/s3.h), the per-link backend pool
# (blobstore.c) and the storage tables (db_storage.c); libcurl and
# libxml2 come through DEPOT_LIBS.
libdepot_core_a_SOURCES += \
	src/storage/sigv4.c src/storage/sigv4.h \
	src/storage/s3_xml.c src/storage/s3_xml.h \
	src/storage/s3_req.c src/storage/s3_req.h \
	src/storage/s3.c src/storage/s3.h \
	src/db/db_storage.c src/db/db_storage.h \
	src/blobstore.c src/blobstore.h \
	src/ctl_storage.c src/ctl_storage.h

dist_sql_DATA += sql/0003_storage.sql

check_PROGRAMS += tests/unit/check_s3
tests_unit_check_s3_SOURCES = tests/unit/check_s3.c
tests_unit_check_s3_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_s3_LDADD = $(CORE_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_s3

check_PROGRAMS += tests/fuzz/fuzz_s3_xml
TESTS += tests/fuzz/fuzz_s3_xml
tests_fuzz_fuzz_s3_xml_SOURCES = tests/fuzz/fuzz_s3_xml.c $(FUZZ_MAIN)
tests_fuzz_fuzz_s3_xml_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_s3_xml_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_s3_xml_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/fuzz/corpus/s3_xml
