# src/storage/s3.mk: the S3-compatible storage backend and its tests
