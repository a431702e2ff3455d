"""Python: uploads of compressed files (decompress=) and copy_image between the noauth and
the keystone stacks, and between two regions of the keystone one (glance-download) (issue 14)."""
import hashlib
import os
import subprocess
import tempfile
import unittest

import osimage
from stack import Stack, raw_bytes, remove_image, seed_image, unique_name


class CompressedTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.conn = self.noauth.connect()
        self.folder = tempfile.TemporaryDirectory()
        self.images = []
        self.data = raw_bytes(1 << 20) + bytes(2 << 20)
        self.raw = os.path.join(self.folder.name, unique_name("py-packed") + ".raw")
        with open(self.raw, "wb") as file:
            file.write(self.data)

    def tearDown(self):
        for image in self.images:
            remove_image(self.noauth, image)
        self.conn.close()
        self.folder.cleanup()

    def queued(self):
        image = seed_image(self.noauth, name=unique_name("py-packed"))
        self.images.append(image)
        return image

    def compressed(self, command, ending):
        subprocess.run(command + [self.raw], check=True)
        return self.raw + ending

    def test_each_format_uploads_decompressed_from_a_path_bytes_or_a_stream(self):
        for fmt, command, ending in (("xz", ["xz", "-k", "-f", "-T1"], ".xz"), ("gzip", ["gzip", "-k", "-f"], ".gz"),
                                     ("zstd", ["zstd", "-q", "-k", "-f"], ".zst")):
            path = self.compressed(command, ending)
            image = self.conn.upload_image(self.queued(), path, decompress=True, validate_checksum=True)
            self.assertEqual((image["status"], image["size"]), ("active", len(self.data)), fmt)
            self.assertEqual(image["checksum"], hashlib.md5(self.data).hexdigest(), fmt)
            self.assertEqual(self.conn.download_image(image), self.data, fmt)
            with open(path, "rb") as file:
                packed = file.read()
            image = self.conn.upload_image(self.queued(), packed, decompress=fmt, size=len(self.data))
            self.assertEqual(image["size"], len(self.data), fmt)
            with open(path, "rb") as file:
                image = self.conn.upload_image(self.queued(), ReadOnly(file), decompress=True)
            self.assertEqual(image["os_hash_value"], hashlib.sha512(self.data).hexdigest(), fmt)

    def test_create_image_from_a_compressed_file_is_named_without_its_endings(self):
        path = self.compressed(["gzip", "-k", "-f"], ".gz")
        image = self.conn.create_image(None, filename=path, decompress=True, wait=True)
        self.images.append(image)
        self.assertEqual(image["name"], os.path.basename(self.raw)[:-len(".raw")])
        self.assertEqual((image["size"], image["disk_format"]), (len(self.data), "raw"))

    def test_bad_and_corrupt_input_raise(self):
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.upload_image(self.queued(), self.raw, decompress=True)
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.upload_image(self.queued(), self.raw, decompress="bzip2")
        with self.assertRaises(TypeError):
            self.conn.upload_image(self.queued(), self.raw, decompress=3)
        with open(self.compressed(["xz", "-k", "-f", "-T1"], ".xz"), "rb") as file:
            packed = bytearray(file.read())
        packed[len(packed) // 3] ^= 0xFF
        with self.assertRaises(osimage.LocalIOError) as caught:
            self.conn.upload_image(self.queued(), bytes(packed), decompress=True)
        self.assertIn("xz stream is corrupt", str(caught.exception))


class ReadOnly:
    """A stream without a descriptor: read once through the callback source."""

    def __init__(self, file):
        self.file = file

    def read(self, count):
        return self.file.read(count)


class CopyTests(unittest.TestCase):
    noauth = Stack("noauth")
    keystone = Stack("keystone")

    def setUp(self):
        self.src = self.noauth.connect()
        self.dst = self.keystone.connect()
        self.data = raw_bytes(5 << 20)
        self.image = self.src.create_image(unique_name("py-copy"), data=self.data, tags=["blue"], min_ram=32,
                                           allow_duplicates=True, wait=True)

    def tearDown(self):
        remove_image(self.noauth, self.image)
        self.src.close()
        self.dst.close()

    def test_copy_carries_data_and_metadata_and_an_abort_leaves_nothing(self):
        name = self.image["name"] + "-copy"
        seen = []
        copy = self.src.copy_image(self.image, self.dst, progress=lambda done, total: seen.append((done, total)),
                                   name=name, properties={"stage": "prod"})
        try:
            self.assertEqual((copy["status"], copy["size"], copy["name"]), ("active", len(self.data), name))
            self.assertEqual((copy["tags"], copy["min_ram"], copy["stage"]), (["blue"], 32, "prod"))
            self.assertEqual(copy["os_hash_value"], self.image["os_hash_value"])
            self.assertEqual(self.dst.download_image(copy), self.data)
            self.assertEqual(seen[-1], (len(self.data), len(self.data)))
        finally:
            self.dst.delete_image(copy)

        def stop(done, total):
            if done > 1 << 20:
                raise KeyError("stop here")

        with self.assertRaises(KeyError):
            self.src.copy_image(self.image, self.dst, progress=stop, name=name)
        self.assertIsNone(self.dst.find_image(name, ignore_missing=True))


class GlanceDownloadCopyTests(unittest.TestCase):
    """copy_image(method=...) between RegionTwo and RegionOne of the keystone stack (its Glance
    is registered in both), and the refusal where glance-download cannot work."""

    keystone = Stack("keystone")
    noauth = Stack("noauth")

    def setUp(self):
        self.two = self.keystone.connect(region_name="RegionTwo")
        self.one = self.keystone.connect(region_name="RegionOne")
        self.data = raw_bytes(2 << 20)
        self.image = self.two.create_image(unique_name("py-gd"), data=self.data, os_distro="ubuntu",
                                           allow_duplicates=True, wait=True)

    def tearDown(self):
        self.two.delete_image(self.image, ignore_missing=True)
        self.one.close()
        self.two.close()

    def test_glance_download_copies_verified_and_auto_picks_it(self):
        for method in ("glance-download", "auto"):
            name = "%s-%s" % (self.image["name"], method)
            copy = self.two.copy_image(self.image, self.one, method=method, interval=0.2, name=name,
                                       properties={"os_distro": "debian"})
            try:
                tasks = list(self.one.image_tasks(copy))
                self.assertEqual([task["input"]["import_req"]["method"]["name"] for task in tasks],
                                 ["glance-download"], method)
                self.assertEqual((copy["status"], copy["size"], copy["name"]), ("active", len(self.data), name))
                self.assertEqual((copy["os_hash_value"], copy["os_distro"]), (self.image["os_hash_value"], "debian"))
                self.assertEqual(self.one.download_image(copy), self.data)
            finally:
                self.one.delete_image(copy)

    def test_glance_download_is_refused_without_one_keystone_and_auto_streams(self):
        noauth = self.noauth.connect()
        try:
            name = self.image["name"] + "-refused"
            with self.assertRaises(osimage.UnsupportedError) as caught:
                self.two.copy_image(self.image, noauth, method="glance-download", name=name)
            self.assertIn("Keystone", str(caught.exception))
            self.assertIsNone(noauth.find_image(name, ignore_missing=True))
            copy = self.two.copy_image(self.image, noauth, method="auto", name=name)
            try:
                self.assertEqual((copy["status"], copy["checksum"]), ("active", self.image["checksum"]))
                self.assertEqual(list(noauth.image_tasks(copy)), [])
            finally:
                noauth.delete_image(copy)
            with self.assertRaises(osimage.InvalidArgumentError):
                self.two.copy_image(self.image, noauth, method="rsync")
        finally:
            noauth.close()


if __name__ == "__main__":
    unittest.main()
