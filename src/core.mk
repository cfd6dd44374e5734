# src/core.mk: processes, request layer, router, auth, database, storage, handlers
sbin_PROGRAMS += src/depotd
src_depotd_SOURCES = src/main.c
src_depotd_LDADD = libdepot_eco.a libdepot_http.a libdepot_util.a $(DEPOT_LIBS)
