"""Python: calls release the GIL, so threads run calls in parallel on one Connection."""
import hashlib
import threading
import time
import unittest

import osimage
from stack import Stack, raw_bytes, remove_image, seed_image, unique_name


def run_in_threads(count, work):
    """Runs work(index) on count threads started together; returns (wall seconds, spans)
    where spans[index] = (start, end) of that thread's work, and re-raises a thread's error."""
    barrier = threading.Barrier(count)
    spans = [None] * count
    errors = []

    def body(index):
        try:
            barrier.wait()
            start = time.monotonic()
            work(index)
            spans[index] = (start, time.monotonic())
        except BaseException as error:  # pylint: disable=broad-except
            errors.append(error)

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.monotonic() - started, spans


class ThreadTests(unittest.TestCase):
    noauth = Stack("noauth")

    def test_two_waits_on_one_connection_sleep_in_parallel(self):
        image = seed_image(self.noauth, name=unique_name("py-threads"))
        try:
            with self.noauth.connect() as conn:
                def wait_one_second(_index):
                    with self.assertRaises(osimage.TimeoutError):
                        conn.wait_for_image(image, status="active", timeout=1.0, interval=0.25)

                wall, spans = run_in_threads(2, wait_one_second)
        finally:
            remove_image(self.noauth, image)
        # Holding the GIL, the second wait could only start after the first: >= 2 s.
        self.assertLess(wall, 1.8, "two 1 s waits took %.2f s" % wall)
        self.assertLess(max(start for start, _ in spans), min(end for _, end in spans))


    def test_two_downloads_on_one_connection_overlap_in_time(self):
        size = 64 << 20
        with self.noauth.connect() as conn:
            image = conn.upload_image(seed_image(self.noauth, name=unique_name("py-threads")), raw_bytes(size))
            try:
                moving = [[], []]  # per thread: the times at which bytes arrived

                def download(index):
                    digest = hashlib.sha512()
                    conn.download_image(image, output=digest.update,
                                        progress=lambda done, total: moving[index].append(time.monotonic()))
                    self.assertEqual(digest.hexdigest(), image["os_hash_value"])

                one, _ = run_in_threads(1, download)
                moving = [[], []]
                two, _ = run_in_threads(2, download)
            finally:
                remove_image(self.noauth, image)
        # Data moved for both downloads in one common interval: each got bytes before the
        # other got its last ones.
        overlap = min(times[-1] for times in moving) - max(times[0] for times in moving)
        print("\n    one 64 MiB download %.2f s; two at once on one Connection %.2f s; data moving for "
              "both during %.2f s" % (one, two, overlap))
        self.assertGreater(overlap, 0)
        self.assertLess(two, 3 * one + 1)


if __name__ == "__main__":
    unittest.main()
