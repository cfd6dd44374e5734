# src/eco/maven.mk: the maven ecosystem: its parsers (libdepot_eco.a), handlers
# (libdepot_core.a), tests and fuzz targets
