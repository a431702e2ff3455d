#!/usr/bin/env python3
"""What it costs to give a Python output= callable each download chunk as bytes (a copy,
safe to keep) instead of a zero-copy memoryview valid only during the callback.

    OS_CLIENT_CONFIG_FILE=... python3 Tests/bench/python_chunks.py CLOUD [SIZE_MIB] [ROUNDS]

Uploads one image of SIZE_MIB (default 1024) random-ish bytes, downloads it ROUNDS times
(default 3) per mode, interleaved, verified as usual, with a callable that only counts the
bytes, and prints the median wall and CPU seconds of each mode. The image is deleted at the
end. Run with PYTHONPATH=python and OSIMAGE_LIBRARY pointing at the library to measure.
"""
import os
import resource
import statistics
import sys
import time

import osimage
from osimage import _callbacks


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    cloud = sys.argv[1]
    size = int(sys.argv[2]) << 20 if len(sys.argv) > 2 else 1 << 30
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    modes = {"bytes (copy)": _callbacks.chunk_bytes, "memoryview (zero-copy)": _callbacks.chunk_view}
    block = os.urandom(1 << 20)
    with osimage.Connection(cloud=cloud) as conn:
        image = conn.create_image("bench-python-chunks", disk_format="raw", container_format="bare")
        try:
            class Repeat:
                left = size

                def read(self, count):
                    count = min(count, self.left, len(block))
                    self.left -= count
                    return block[:count]

            conn.upload_image(image, Repeat(), size=size)
            figures = {mode: [] for mode in modes}
            for _ in range(rounds):
                for mode, adapt in modes.items():
                    _callbacks.chunk_bytes = adapt
                    seen = [0]

                    def count(chunk):
                        seen[0] += len(chunk)

                    started, cpu_started = time.monotonic(), cpu()
                    conn.download_image(image, output=count)
                    figures[mode].append((time.monotonic() - started, cpu() - cpu_started))
                    assert seen[0] == size
            _callbacks.chunk_bytes = modes["bytes (copy)"]
        finally:
            conn.delete_image(image)
    for mode, runs in figures.items():
        print("%-24s wall %.2f s  cpu %.2f s  (median of %d, %d MiB)" % (
            mode, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), rounds, size >> 20))


if __name__ == "__main__":
    main()
