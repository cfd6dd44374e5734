# src/http/local.mk: query, cookies, multipart and form bodies
libdepot_a_SOURCES += \
	src/http/kv.h src/http/query.h src/http/cookie.h \
	src/http/multipart.h src/http/form.h
