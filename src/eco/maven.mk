# src/eco/maven.mk: the maven ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
libdepot_eco_a_SOURCES += src/eco/maven.h \
	src/eco/maven_path.c \
	src/eco/maven_version.c \
	src/eco/maven_xml.c src/eco/maven_xml.h \
	src/eco/maven_pom.c \
	src/eco/maven_metadata.c
libdepot_core_a_SOURCES += src/handlers/h_maven.c

check_PROGRAMS += tests/unit/check_maven
tests_unit_check_maven_SOURCES = tests/unit/check_maven.c
tests_unit_check_maven_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_maven_LDADD = $(ECO_TEST_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_maven

MAVEN_FUZZ = tests/fuzz/fuzz_maven_path tests/fuzz/fuzz_maven_pom \
	tests/fuzz/fuzz_maven_metadata
check_PROGRAMS += $(MAVEN_FUZZ)
TESTS += $(MAVEN_FUZZ)
tests_fuzz_fuzz_maven_path_SOURCES = tests/fuzz/fuzz_maven_path.c $(FUZZ_MAIN)
tests_fuzz_fuzz_maven_path_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_maven_path_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_maven_path_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_maven_pom_SOURCES = tests/fuzz/fuzz_maven_pom.c $(FUZZ_MAIN)
tests_fuzz_fuzz_maven_pom_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_maven_pom_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_maven_pom_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_maven_metadata_SOURCES = tests/fuzz/fuzz_maven_metadata.c \
	$(FUZZ_MAIN)
tests_fuzz_fuzz_maven_metadata_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_maven_metadata_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_maven_metadata_LDADD = $(ECO_TEST_LIBS)
EXTRA_DIST += tests/fuzz/corpus/maven_path tests/fuzz/corpus/maven_pom \
	tests/fuzz/corpus/maven_metadata
