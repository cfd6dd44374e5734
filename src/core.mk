# src/core.mk: processes, request layer, router, auth, database, storage, handlers
sbin_PROGRAMS += src/depotd
src_depotd_SOURCES = src/main.c
src_depotd_LDADD = libdepot.a $(DEPOT_LIBS)
