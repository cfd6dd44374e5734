# src/eco/ruby.mk: the ruby ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
