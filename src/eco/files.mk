# src/eco/files.mk: the files ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
libdepot_eco_a_SOURCES += src/eco/files.h src/eco/files_name.c
libdepot_core_a_SOURCES += src/handlers/h_files.c

check_PROGRAMS += tests/unit/check_files
tests_unit_check_files_SOURCES = tests/unit/check_files.c
tests_unit_check_files_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_files_LDADD = $(ECO_TEST_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_files

check_PROGRAMS += tests/fuzz/fuzz_files_name
tests_fuzz_fuzz_files_name_SOURCES = tests/fuzz/fuzz_files_name.c $(FUZZ_MAIN)
tests_fuzz_fuzz_files_name_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_files_name_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_files_name_LDADD = $(ECO_TEST_LIBS)
TESTS += tests/fuzz/fuzz_files_name
EXTRA_DIST += tests/fuzz/corpus/files_name
