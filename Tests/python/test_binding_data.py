"""Python: creating images and moving their data, every kind of data and output, progress,
and exceptions from Python callbacks aborting transfers."""
import hashlib
import io
import os
import tempfile
import threading
import unittest

import osimage
from stack import Stack, raw_bytes, remove_image, seed_image, unique_name


class DataTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.conn = self.noauth.connect()
        self.folder = tempfile.TemporaryDirectory()
        self.images = []

    def tearDown(self):
        for image in self.images:
            remove_image(self.noauth, image)
        self.conn.close()
        self.folder.cleanup()

    def path(self, name):
        return os.path.join(self.folder.name, name)

    def queued(self):
        image = seed_image(self.noauth, name=unique_name("py-data"))
        self.images.append(image)
        self.assertEqual(image["status"], "queued")
        return image

    def test_create_from_a_file_is_named_after_it_and_found_again_as_a_duplicate(self):
        data = raw_bytes(3 << 20)
        source = self.path(unique_name("py-file") + ".raw")
        with open(source, "wb") as file:
            file.write(data)
        image = self.conn.create_image(None, filename=source, wait=True)
        self.images.append(image)
        self.assertEqual(image["name"], os.path.splitext(os.path.basename(source))[0])
        self.assertEqual((image["status"], image["size"], image["disk_format"]), ("active", len(data), "raw"))
        self.assertEqual(image["os_hash_value"], hashlib.sha512(data).hexdigest())
        again = self.conn.create_image(image["name"], data=data)
        self.assertEqual(again["id"], image["id"])
        twin = self.conn.create_image(image["name"], data=data, allow_duplicates=True, wait=True)
        self.images.append(twin)
        self.assertNotEqual(twin["id"], image["id"])

    def test_create_then_upload_with_progress(self):
        data = raw_bytes(3 << 20)
        image = self.conn.create_image(unique_name("py-create"), disk_format="raw", container_format="bare")
        self.images.append(image)
        seen = []
        uploaded = self.conn.upload_image(image, data, progress=lambda done, total: seen.append((done, total)))
        self.assertEqual((uploaded["status"], uploaded["size"]), ("active", len(data)))
        self.assertEqual(seen[-1], (len(data), len(data)))
        self.assertEqual([done for done, _ in seen], sorted(done for done, _ in seen))

    def test_options_in_conflict_are_refused_before_any_image_exists(self):
        name = unique_name("py-refused")
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.create_image(name, data=b"x" * 10, import_method="copy-image")
        self.assertIsNone(self.conn.find_image(name))

    def test_upload_from_bytes_a_file_object_and_a_stream(self):
        data = raw_bytes(1 << 20)
        for kind, payload in [("bytes", data), ("bytearray", bytearray(data)),
                              ("stream", io.BytesIO(data))]:
            with self.subTest(kind=kind):
                image = self.conn.upload_image(self.queued(), payload)
                self.assertEqual((image["status"], image["size"]), ("active", len(data)))
        path = self.path("upload.raw")
        with open(path, "wb") as file:
            file.write(b"skip" + data)
        with open(path, "rb") as file:
            file.read(4)  # the upload starts at the file object's position
            image = self.conn.upload_image(self.queued(), file)
        self.assertEqual(image["os_hash_value"], hashlib.sha512(data).hexdigest())

    def test_download_to_a_path_a_callable_a_file_object_and_memory(self):
        data = raw_bytes(2 << 20)
        image = self.conn.upload_image(self.queued(), data)

        result = self.conn.download_image(image, output=self.path("copy.raw"))
        self.assertEqual((result["bytes"], result["hash_algo"], result["hash_verified"]), (len(data), "sha512", True))
        with open(self.path("copy.raw"), "rb") as copy:
            self.assertEqual(copy.read(), data)

        digest, chunks = hashlib.sha512(), []
        self.conn.download_image(image, output=lambda chunk: (digest.update(chunk), chunks.append(type(chunk))))
        self.assertEqual(digest.hexdigest(), image["os_hash_value"])
        self.assertEqual(set(chunks), {bytes})

        buffer = io.BytesIO()
        self.conn.download_image(image, output=buffer)
        self.assertEqual(buffer.getvalue(), data)
        self.assertEqual(self.conn.download_image(image), data)
        self.assertEqual(self.conn.download_image(image, offset=10, length=20), data[10:30])

    def test_a_parallel_download_over_four_connections_is_the_same_verified_data(self):
        data = raw_bytes((9 << 20) + 1234)   # ten parts for a path (1 MiB: the tail), four for a callable
        image = self.conn.upload_image(self.queued(), data)
        caller, threads = threading.get_ident(), set()
        result = self.conn.download_image(image, output=self.path("parallel.raw"), connections=4,
                                          progress=lambda done, total: threads.add(threading.get_ident()))
        self.assertEqual((result["bytes"], result["connections"], result["hash_verified"]), (len(data), 4, True))
        with open(self.path("parallel.raw"), "rb") as copy:
            self.assertEqual(copy.read(), data)
        chunks = []
        result = self.conn.download_image(image, output=lambda chunk: (chunks.append(chunk),
                                                                       threads.add(threading.get_ident())),
                                          connections=3)
        self.assertEqual((result["connections"], b"".join(chunks)), (3, data))
        self.assertEqual(threads, {caller}, "callbacks run on the calling thread only")
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.download_image(image, output=self.path("refused.raw"), connections=17)
        self.assertFalse(os.path.exists(self.path("refused.raw")))

    def test_an_exception_in_a_chunk_callback_aborts_the_download_and_is_re_raised(self):
        image = self.conn.upload_image(self.queued(), raw_bytes(2 << 20))

        class Full(Exception):
            pass

        def refuse(_chunk):
            raise Full("disk full")

        with self.assertRaises(Full) as caught:
            self.conn.download_image(image, output=refuse)
        self.assertIsInstance(caught.exception.__cause__, osimage.AbortedError)

        def stop_half_way(done, total):
            if total and done > total // 2:
                raise Full("enough")

        target = self.path("partial.raw")
        with self.assertRaises(Full):
            self.conn.download_image(image, output=target, progress=stop_half_way)
        self.assertFalse(os.path.exists(target), "a failed download leaves nothing at the path")

    def test_an_exception_in_a_read_callback_aborts_the_upload(self):
        class Broken(io.RawIOBase):
            def readable(self):
                return True

            def readinto(self, buffer):
                raise OSError("device gone")

        image = self.queued()
        with self.assertRaises(OSError) as caught:
            self.conn.upload_image(image, Broken())
        self.assertEqual(str(caught.exception), "device gone")
        # Glance puts an image whose upload broke off back to "queued", a moment later.
        self.assertEqual(self.conn.wait_for_image(image, "queued", timeout=30, interval=0.2)["status"], "queued")

    def test_chunks_given_to_an_output_callable_are_safe_to_keep(self):
        data = raw_bytes(3 << 20)
        image = self.conn.upload_image(self.queued(), data)
        chunks = []
        self.conn.download_image(image, output=chunks.append)
        self.assertGreater(len(chunks), 1)
        self.assertEqual(b"".join(chunks), data, "kept chunks still hold their bytes")

    def test_a_reader_returning_more_than_asked_fails_without_overrunning(self):
        class Greedy:
            def __init__(self):
                self.asked = []

            def read(self, size):
                self.asked.append(size)
                return b"\xAB" * (size + 4096)

        image = self.queued()
        greedy = Greedy()
        with self.assertRaises(ValueError) as caught:
            self.conn.upload_image(image, greedy)
        self.assertIn("more than asked", str(caught.exception))
        self.assertEqual(len(greedy.asked), 1, "the upload stopped at the first oversized chunk")
        # Glance puts an image whose upload broke off back to "queued", a moment later.
        self.assertEqual(self.conn.wait_for_image(image, "queued", timeout=30, interval=0.2)["status"], "queued")

    def test_stage_then_glance_direct_import(self):
        data = raw_bytes(1 << 20)
        image = self.queued()
        self.conn.stage_image(image, data=data)
        self.conn.import_image(image, method="glance-direct")
        active = self.conn.wait_for_image(image, timeout=120, interval=0.5)
        self.assertEqual(active["os_hash_value"], hashlib.sha512(data).hexdigest())


if __name__ == "__main__":
    unittest.main()
