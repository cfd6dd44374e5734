# src/eco/files.mk: the files ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
