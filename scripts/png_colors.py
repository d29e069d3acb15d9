#!/usr/bin/env python3
"""Counts a PNG's pixels of given colours (within a small tolerance per channel), so that a test
can tell that a page drew its pictures. Standard library only: 8-bit RGB or RGBA, not interlaced
(what Chromium's screenshots are).

Usage: png_colors.py IMAGE.png RRGGBB [RRGGBB ...]   → one JSON object {"RRGGBB": pixels, ...}
"""
import json
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: only 8-bit RGB or RGBA, not interlaced (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upper_left)) & 0xFF
        rows.append(line)
        previous = line
    return rows, channels


def main():
    rows, channels = pixels(sys.argv[1])
    wanted = {c: tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) for c in sys.argv[2:]}
    counts = {c: 0 for c in wanted}
    for line in rows:
        for i in range(0, len(line), channels):
            r, g, b = line[i], line[i + 1], line[i + 2]
            for name, (wr, wg, wb) in wanted.items():
                if abs(r - wr) <= 6 and abs(g - wg) <= 6 and abs(b - wb) <= 6:
                    counts[name] += 1
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
