# src/eco/pypi.mk: the pypi ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
libdepot_eco_a_SOURCES += \
	src/eco/pypi.h \
	src/eco/pypi_name.c \
	src/eco/pypi_meta.c \
	src/eco/pypi_dist.c \
	src/eco/pypi_simple.c

check_PROGRAMS += tests/unit/check_pypi
tests_unit_check_pypi_SOURCES = tests/unit/check_pypi.c
tests_unit_check_pypi_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_pypi_LDADD = libdepot_eco.a libdepot_util.a $(DEPOT_LIBS) \
	$(CHECK_LIBS)
TESTS += tests/unit/check_pypi

check_PROGRAMS += tests/fuzz/fuzz_pypi_meta tests/fuzz/fuzz_pypi_name \
	tests/fuzz/fuzz_pypi_dist
tests_fuzz_fuzz_pypi_meta_SOURCES = tests/fuzz/fuzz_pypi_meta.c $(FUZZ_MAIN)
tests_fuzz_fuzz_pypi_meta_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_pypi_meta_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_pypi_meta_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_pypi_name_SOURCES = tests/fuzz/fuzz_pypi_name.c $(FUZZ_MAIN)
tests_fuzz_fuzz_pypi_name_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_pypi_name_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_pypi_name_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_pypi_dist_SOURCES = tests/fuzz/fuzz_pypi_dist.c $(FUZZ_MAIN)
tests_fuzz_fuzz_pypi_dist_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_pypi_dist_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_pypi_dist_LDADD = $(ECO_TEST_LIBS)
TESTS += tests/fuzz/fuzz_pypi_meta tests/fuzz/fuzz_pypi_name \
	tests/fuzz/fuzz_pypi_dist

EXTRA_DIST += tests/fuzz/corpus/pypi_meta tests/fuzz/corpus/pypi_name \
	tests/fuzz/corpus/pypi_dist

libdepot_core_a_SOURCES += src/handlers/h_pypi.c
