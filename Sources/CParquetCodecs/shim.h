// The page codecs Parquet files use, from the system's libraries (Debian: libsnappy-dev,
// zlib1g-dev, libzstd-dev).
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>
