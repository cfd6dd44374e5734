# src/eco/ruby.mk: the ruby ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
libdepot_eco_a_SOURCES += \
	src/eco/ruby.h \
	src/eco/ruby_version.c \
	src/eco/ruby_yaml.c \
	src/eco/ruby_spec_json.c \
	src/eco/ruby_gem.c \
	src/eco/ruby_marshal.c \
	src/eco/ruby_index.c

check_PROGRAMS += tests/unit/check_ruby
tests_unit_check_ruby_SOURCES = tests/unit/check_ruby.c
tests_unit_check_ruby_CFLAGS = $(UNIT_CCFLAGS)
tests_unit_check_ruby_LDADD = libdepot_eco.a libdepot_util.a $(DEPOT_LIBS) \
	$(CHECK_LIBS)
TESTS += tests/unit/check_ruby

check_PROGRAMS += tests/fuzz/fuzz_ruby_yaml tests/fuzz/fuzz_ruby_json \
	tests/fuzz/fuzz_ruby_gem tests/fuzz/fuzz_ruby_version
tests_fuzz_fuzz_ruby_yaml_SOURCES = tests/fuzz/fuzz_ruby_yaml.c $(FUZZ_MAIN)
tests_fuzz_fuzz_ruby_yaml_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_ruby_yaml_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_ruby_yaml_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_ruby_json_SOURCES = tests/fuzz/fuzz_ruby_json.c $(FUZZ_MAIN)
tests_fuzz_fuzz_ruby_json_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_ruby_json_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_ruby_json_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_ruby_gem_SOURCES = tests/fuzz/fuzz_ruby_gem.c $(FUZZ_MAIN)
tests_fuzz_fuzz_ruby_gem_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_ruby_gem_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_ruby_gem_LDADD = $(ECO_TEST_LIBS)
tests_fuzz_fuzz_ruby_version_SOURCES = tests/fuzz/fuzz_ruby_version.c \
	$(FUZZ_MAIN)
tests_fuzz_fuzz_ruby_version_CFLAGS = $(FUZZ_CCFLAGS)
tests_fuzz_fuzz_ruby_version_LDFLAGS = $(FUZZ_LINKFLAGS)
tests_fuzz_fuzz_ruby_version_LDADD = $(ECO_TEST_LIBS)
TESTS += tests/fuzz/fuzz_ruby_yaml tests/fuzz/fuzz_ruby_json \
	tests/fuzz/fuzz_ruby_gem tests/fuzz/fuzz_ruby_version

EXTRA_DIST += tests/unit/ruby_vectors.rb tests/fuzz/corpus/ruby_yaml \
	tests/fuzz/corpus/ruby_json tests/fuzz/corpus/ruby_gem \
	tests/fuzz/corpus/ruby_version

libdepot_core_a_SOURCES += src/handlers/h_ruby.c
