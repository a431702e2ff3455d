"""Python: download_image(..., output=path, resume=True) against the real Glance (issue 14):
a download stopped mid-body keeps its bytes beside the file, the next one with resume=True
asks only for the rest (a Range request, seen in the log) and verifies the whole image."""
import json
import os
import tempfile
import unittest

import osimage
from stack import Stack, remove_image, unique_name


class Stop(Exception):
    """Raised by the progress callback to stop a download mid-body."""


class ResumeTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.lines = []
        self.conn = self.noauth.connect()
        self.data = os.urandom(8 << 20)
        self.image = self.conn.create_image(unique_name("py-resume"), data=self.data, allow_duplicates=True, wait=True)
        self.folder = tempfile.TemporaryDirectory()
        self.target = os.path.join(self.folder.name, "image.raw")

    def tearDown(self):
        remove_image(self.noauth, self.image)
        self.conn.close()
        self.folder.cleanup()

    def stopped_download(self):
        """A resumable download stopped by its progress callback once it had 1 MiB, its
        partial file then cut back to 1 MiB: on loopback the stop comes late (the progress
        callback runs a few times a second), often after the last byte, where a download over
        a real link would have died mid-body."""
        def stop(done, _total):
            if done >= 1 << 20:
                raise Stop()

        with self.assertRaises(Stop):
            self.conn.download_image(self.image, output=self.target, resume=True, progress=stop)
        self.assertEqual(sorted(os.listdir(self.folder.name)),
                         ["image.raw.osimage-partial", "image.raw.osimage-partial.json"])
        os.truncate(self.target + ".osimage-partial", 1 << 20)
        with open(self.target + ".osimage-partial", "rb") as file:
            kept = file.read()
        self.assertEqual(kept, self.data[:len(kept)])
        return len(kept)

    def test_a_stopped_download_resumes_with_a_range_and_is_verified(self):
        kept = self.stopped_download()
        with open(self.target + ".osimage-partial.json", encoding="utf-8") as file:
            sidecar = json.load(file)
        self.assertEqual((sidecar["id"], sidecar["size"], sidecar["os_hash_value"]),
                         (self.image["id"], len(self.data), self.image["os_hash_value"]))
        self.conn.set_log(lambda _level, line: self.lines.append(line), osimage.LogLevel.DEBUG)
        result = self.conn.download_image(self.image, output=self.target, resume=True)
        self.conn.set_log(None)
        self.assertTrue(result.hash_verified)
        self.assertEqual((result.resumed_from, result["http_status"], result["bytes"]), (kept, 206, len(self.data)))
        self.assertEqual([line for line in self.lines if "Range: bytes=%d-" % kept in line].__len__(), 1, self.lines)
        with open(self.target, "rb") as file:
            self.assertEqual(file.read(), self.data)
        self.assertEqual(os.listdir(self.folder.name), ["image.raw"])

    def test_a_damaged_partial_raises_checksum_error_and_leaves_nothing(self):
        self.stopped_download()
        with open(self.target + ".osimage-partial", "r+b") as file:
            file.seek(100)
            byte = file.read(1)
            file.seek(100)
            file.write(bytes([byte[0] ^ 1]))
        with self.assertRaises(osimage.ChecksumError):
            self.conn.download_image(self.image, output=self.target, resume=True)
        self.assertEqual(os.listdir(self.folder.name), [])
        self.assertEqual(self.conn.download_image(self.image, output=self.target, resume=True).resumed_from, 0)

    def test_resume_needs_a_path_and_changes_nothing_without_it(self):
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.download_image(self.image, resume=True)
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.download_image(self.image, output=lambda chunk: None, resume=True)
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.download_image(self.image, output=self.target, resume=True, offset=10)
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.download_image(self.image, stream=True, resume=True)
        result = self.conn.download_image(self.image, output=self.target)
        self.assertIsNone(result.resumed_from)
        self.assertNotIn("resumed_from", result)


if __name__ == "__main__":
    unittest.main()
