# src/eco/pypi.mk: the pypi ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
