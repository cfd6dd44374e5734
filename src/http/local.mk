# src/http/local.mk: query, cookies, multipart and form bodies
noinst_LIBRARIES += libdepot_http.a
libdepot_http_a_SOURCES = \
	src/http/kv.h src/http/query.h src/http/cookie.h \
	src/http/multipart.h src/http/form.h
