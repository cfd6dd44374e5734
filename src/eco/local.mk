# src/eco/local.mk: ecosystems and the archive reader they share
noinst_LIBRARIES += libdepot_eco.a
libdepot_eco_a_SOURCES = \
	src/eco/archive.h src/eco/semver.h src/eco/npm.h
