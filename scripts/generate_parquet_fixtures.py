#!/usr/bin/env python3
"""Write the Parquet files that Driftwatch's Parquet reader is tested against, and what pyarrow
reads from each of them.

Every expected value comes from pyarrow reading the file back (never from Driftwatch).
Run:  python3 scripts/generate_parquet_fixtures.py   (writes Tests/DriftwatchDataTests/Fixtures/parquet/)

Files:
- table-{codec}-v{1,2}-{dict,plain}.parquet: every supported type (int32, int64, uint32, float,
  double, boolean, strings of low and high cardinality, timestamps in ms/us/ns, date, decimals
  stored as INT32 and as FIXED_LEN_BYTE_ARRAY) with nulls, four row groups, small data pages,
  for each codec (none, snappy, gzip, zstd), data page version and dictionary setting;
- legacy-int96.parquet: format 1.0 (converted types only) with INT96 timestamps;
- expected.json: per column, the values pyarrow reads (timestamps as seconds since the epoch,
  dates as days since it, decimals as floats, booleans as "true"/"false", null as null), once for
  all table-* files (the generator checks that pyarrow reads each of them alike) and once for
  each other readable file;
- bad files, each with the message Driftwatch must name: truncated, no magic, corrupt footer,
  corrupt page (with page checksums), nested columns, an unsupported codec and encoding;
- delta-v{1,2}.parquet: the integer columns in DELTA_BINARY_PACKED;
- vectors-v{1,2}.parquet and vectors.json: lists of numbers per row (a fixed-size list of float32
  and a list of float64, with null and empty lists, rows spread over small pages and row groups),
  what pyarrow reads of them, and two bad files (lists of two lengths, a null inside a list).

With the argument `vectors`, only the vector files are written.
"""
import datetime
import decimal
import json
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftwatchDataTests", "Fixtures", "parquet")
ROWS = 700
RNG = np.random.default_rng(20261203)


def with_nulls(values, share):
    mask = RNG.random(len(values)) < share
    return [None if m else v for v, m in zip(values, mask)]


def table():
    epoch = datetime.datetime(2026, 1, 1)
    seconds = RNG.integers(0, 90 * 86400, ROWS)
    columns = {
        "i32": pa.array(with_nulls([int(v) for v in RNG.integers(-2**31, 2**31 - 1, ROWS)], 0.1), pa.int32()),
        "i64": pa.array([int(v) for v in RNG.integers(-2**53, 2**53, ROWS)], pa.int64()),
        "u32": pa.array([int(v) for v in RNG.integers(2**31, 2**32 - 1, ROWS)], pa.uint32()),
        "f32": pa.array(with_nulls([float(v) for v in RNG.normal(0, 100, ROWS).astype(np.float32)], 0.2), pa.float32()),
        "f64": pa.array(with_nulls([float(v) for v in RNG.lognormal(1, 2, ROWS) * RNG.choice([-1, 1], ROWS)], 0.05), pa.float64()),
        "small_ints": pa.array(with_nulls([int(v) for v in RNG.integers(0, 5, ROWS)], 0.1), pa.int64()),
        "flag": pa.array(with_nulls([bool(v) for v in RNG.integers(0, 2, ROWS)], 0.1), pa.bool_()),
        "city": pa.array(with_nulls([str(v) for v in RNG.choice(["Zürich", "Bern", "Genève", "Lugano", "Chur"], ROWS)], 0.15), pa.string()),
        "note": pa.array(with_nulls([f"note {i} — {RNG.integers(0, 10**9)}" for i in range(ROWS)], 0.05), pa.string()),
        "ts_ms": pa.array([epoch + datetime.timedelta(seconds=int(s), milliseconds=int(m)) for s, m in zip(seconds, RNG.integers(0, 1000, ROWS))], pa.timestamp("ms")),
        "ts_us": pa.array(with_nulls([epoch + datetime.timedelta(seconds=int(s), microseconds=int(u)) for s, u in zip(seconds, RNG.integers(0, 10**6, ROWS))], 0.1), pa.timestamp("us", tz="UTC")),
        "ts_ns": pa.array([int(s) * 10**9 + int(n) for s, n in zip(seconds, RNG.integers(0, 10**9, ROWS))], pa.timestamp("ns")),
        "day": pa.array([datetime.date(2026, 1, 1) + datetime.timedelta(days=int(d)) for d in RNG.integers(-400, 400, ROWS)], pa.date32()),
        "price": pa.array(with_nulls([decimal.Decimal(int(v)) / 100 for v in RNG.integers(-10**7, 10**7, ROWS)], 0.1), pa.decimal128(9, 2)),
        "amount": pa.array([decimal.Decimal(int(v)) / 10**4 for v in RNG.integers(-10**15, 10**15, ROWS)], pa.decimal128(20, 4)),
    }
    return pa.table(columns)


def expected(path):
    """What pyarrow reads from the file, in Driftwatch's terms."""
    read = pq.read_table(path)
    result = {}
    for name in read.column_names:
        column = read.column(name)
        kind = column.type
        if pa.types.is_timestamp(kind):
            per_second = {"s": 1, "ms": 1e3, "us": 1e6, "ns": 1e9}[kind.unit]
            raw = column.cast(pa.int64()).to_pylist()
            values = [None if v is None else v / per_second for v in raw]
        elif pa.types.is_date32(kind):
            values = column.cast(pa.int32()).to_pylist()
        elif pa.types.is_decimal(kind):
            values = [None if v is None else float(v) for v in column.to_pylist()]
        elif pa.types.is_boolean(kind):
            values = [None if v is None else ("true" if v else "false") for v in column.to_pylist()]
        else:
            values = column.to_pylist()
        result[name] = values
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    data = table()
    files = {}
    for codec in ["none", "snappy", "gzip", "zstd"]:
        for version in ["1.0", "2.0"]:
            for dictionary in [True, False]:
                name = f"table-{codec}-v{version[0]}-{'dict' if dictionary else 'plain'}.parquet"
                path = os.path.join(OUT, name)
                pq.write_table(data, path, compression=codec, data_page_version=version, use_dictionary=dictionary,
                               row_group_size=200, data_page_size=512, dictionary_pagesize_limit=2048,
                               store_decimal_as_integer=True)
                values = expected(path)
                assert "table" not in files or files["table"] == values, name
                files["table"] = values
    legacy = os.path.join(OUT, "legacy-int96.parquet")
    pq.write_table(data.select(["i32", "f64", "city", "ts_us", "small_ints"]), legacy, version="1.0",
                   use_deprecated_int96_timestamps=True, compression="snappy", row_group_size=300)
    files["legacy-int96"] = expected(legacy)

    good = os.path.join(OUT, "table-snappy-v1-dict.parquet")
    raw = open(good, "rb").read()
    bad = {}

    def write(name, content, message):
        open(os.path.join(OUT, name), "wb").write(content)
        bad[name] = message

    write("truncated.parquet", raw[: len(raw) // 2], "the Parquet file is truncated or corrupt (no PAR1 magic at the end)")
    write("no-magic.parquet", b"id,value\n1,2\n" * 4, "not a Parquet file (no PAR1 magic at the start)")
    footer_length = int.from_bytes(raw[-8:-4], "little")
    footer_start = len(raw) - 8 - footer_length
    corrupt = bytearray(raw)
    corrupt[footer_start: footer_start + 24] = b"\xff" * 24
    write("corrupt-footer.parquet", bytes(corrupt), "footer")

    checked = os.path.join(OUT, "checksummed.parquet")
    pq.write_table(data.select(["f64", "city"]), checked, compression="zstd", write_page_checksum=True, use_dictionary=False)
    files["checksummed"] = expected(checked)
    content = bytearray(open(checked, "rb").read())
    meta = pq.ParquetFile(checked).metadata.row_group(0).column(0)
    # Flip a byte in the middle of the first data page of column f64.
    target = meta.data_page_offset + meta.total_compressed_size // 2
    content[target] ^= 0x5A
    write("corrupt-page.parquet", bytes(content), "checksum")

    nested = pa.table({"id": pa.array([1, 2, 3], pa.int64()), "tags": pa.array([["a"], [], ["b", "c"]]),
                       "point": pa.array([{"x": 1.0, "y": 2.0}] * 3)})
    pq.write_table(nested, os.path.join(OUT, "nested.parquet"))
    bad["nested.parquet"] = "nested or repeated field 'tags' is not supported"
    pq.write_table(data.select(["f64"]), os.path.join(OUT, "lz4.parquet"), compression="lz4")
    bad["lz4.parquet"] = "compression codec LZ4_RAW is not supported"
    for version in ["1.0", "2.0"]:
        name = f"delta-v{version[0]}.parquet"
        integers = ["i32", "i64", "u32", "small_ints", "ts_ns", "day", "price"]
        pq.write_table(data.select(integers), os.path.join(OUT, name), use_dictionary=False, data_page_version=version,
                       column_encoding={column: "DELTA_BINARY_PACKED" for column in integers}, compression="zstd",
                       row_group_size=300, data_page_size=512, store_decimal_as_integer=True)
        files[f"delta-v{version[0]}"] = expected(os.path.join(OUT, name))
    pq.write_table(data.select(["f64"]), os.path.join(OUT, "byte-stream-split.parquet"), use_dictionary=False,
                   column_encoding={"f64": "BYTE_STREAM_SPLIT"})
    bad["byte-stream-split.parquet"] = "encoding BYTE_STREAM_SPLIT is not supported"

    vectors()

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"generated_by": {"pyarrow": pa.__version__}, "rows": ROWS, "files": files, "bad": bad}, f)
    print(f"wrote 20 readable and {len(bad)} bad files to {os.path.normpath(OUT)}")


def vectors():
    rows = 250
    fixed = RNG.normal(size=(rows, 4)).astype(np.float32)
    fixed_rows = [fixed[i].tolist() for i in range(rows)]  # pyarrow reads no null rows back from a fixed-size list
    varied = RNG.normal(size=(rows, 3))
    list_rows = [None if i % 23 == 7 else [] if i % 31 == 11 else varied[i].tolist() for i in range(rows)]
    table = pa.table({"id": pa.array(range(rows), pa.int64()),
                      "emb": pa.array(fixed_rows, pa.list_(pa.float32(), 4)),
                      "emb_list": pa.array(list_rows, pa.list_(pa.float64()))})
    expected = {}
    for version, dictionary in [("1.0", True), ("2.0", False)]:
        name = f"vectors-v{version[0]}.parquet"
        path = os.path.join(OUT, name)
        pq.write_table(table, path, data_page_version=version, use_dictionary=dictionary, compression="snappy",
                       row_group_size=100, data_page_size=256)
        read = pq.read_table(path)
        expected[name] = {column: read.column(column).to_pylist() for column in ["emb", "emb_list"]}
    bad = {}
    ragged = pa.table({"v": pa.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0]], pa.list_(pa.float64()))})
    pq.write_table(ragged, os.path.join(OUT, "vectors-ragged.parquet"))
    bad["vectors-ragged.parquet"] = "column 'v': row 3: a list of 2 numbers where row 1 had 3"
    holed = pa.table({"v": pa.array([[1.0, 2.0], [3.0, None]], pa.list_(pa.float64()))})
    pq.write_table(holed, os.path.join(OUT, "vectors-null-element.parquet"))
    bad["vectors-null-element.parquet"] = "row 2 holds a null in its list of numbers"
    with open(os.path.join(OUT, "vectors.json"), "w") as f:
        json.dump({"generated_by": {"pyarrow": pa.__version__}, "rows": rows, "files": expected, "bad": bad}, f)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["vectors"]:
        vectors()
    else:
        main()
