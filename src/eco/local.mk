# src/eco/local.mk: ecosystems and the archive reader they share
libdepot_a_SOURCES += \
	src/eco/archive.h src/eco/semver.h src/eco/npm.h
