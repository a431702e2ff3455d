"""Python: the openstacksdk drop-in surface: conn.image, osimage.connect, resources with
openstacksdk's attribute names, the exception hierarchy, stream=True over the C reader
(verified at the end, constant memory, closable half read), chunk_size for every form,
signatures without **options, the logging bridge, enable_logging and OSI_DEBUG."""
import hashlib
import http.server
import inspect
import io
import logging
import os
import resource
import subprocess
import sys
import threading
import unittest

import osimage
from osimage import exceptions
from stack import Stack, raw_bytes, seed_image, unique_name


class FaultyGlance:
    """A tiny Glance of the test's own for what a real one cannot show: an image whose data
    does not match its hash, and large data generated on the fly."""

    IMAGE_ID = "11111111-2222-3333-4444-555555555555"

    def __init__(self, data_size, corrupt):
        self.data_size = data_size
        self.corrupt = corrupt
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/v2/images/%s" % served.IMAGE_ID:
                    body = ('{"id": "%s", "status": "active", "os_hash_algo": "sha512", "os_hash_value": "%s"}'
                            % (served.IMAGE_ID, served.sha512())).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                elif self.path == "/v2/images/%s/file" % served.IMAGE_ID:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(served.data_size))
                    self.end_headers()
                    for block in served.blocks(served.corrupt):
                        self.wfile.write(block)
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def blocks(self, corrupt=False):
        block = bytes(range(256)) * 256
        left = self.data_size
        first = True
        while left > 0:
            piece = block[:min(left, len(block))]
            if corrupt and first:
                piece = b"\xff" + piece[1:]
            first = False
            left -= len(piece)
            yield piece

    def sha512(self):
        digest = hashlib.sha512()
        for block in self.blocks():
            digest.update(block)
        return digest.hexdigest()

    def connect(self):
        return osimage.connect(auth_type="none", auth={"endpoint": self.url}, image_endpoint_override=self.url)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class DropInTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.conn = osimage.connect(cloud="osi-noauth", config_file=self.noauth.clouds_file)
        self.data = raw_bytes((1 << 20) + 99)
        self.image = self.conn.image.upload_image(seed_image(self.noauth, name=unique_name("py-dropin")), self.data)

    def tearDown(self):
        self.conn.image.delete_image(self.image)
        self.conn.close()

    def test_conn_image_is_the_connection_and_resources_have_sdk_names(self):
        self.assertIs(self.conn.image.get_image.__func__, self.conn.get_image.__func__)
        image = self.conn.image.get_image(self.image.id)
        self.assertIsInstance(image, osimage.Image)
        self.assertIsInstance(image, dict)
        self.assertEqual((image.id, image.status), (image["id"], "active"))
        self.assertEqual(image.is_protected, image["protected"])
        self.assertEqual(image["is_protected"], image["protected"])
        self.assertEqual(image.get("owner_id"), image["owner"])
        self.assertEqual((image.hash_algo, image.hash_value), (image["os_hash_algo"], image["os_hash_value"]))
        self.assertIs(image.is_hidden, False)
        self.assertIsNone(image.needs_config_drive)
        self.assertIn("is_protected", image)
        with self.assertRaises(AttributeError):
            image.no_such_attribute  # pylint: disable=pointless-statement
        as_dict = image.to_dict()
        self.assertEqual(type(as_dict), dict)
        self.assertEqual(as_dict["owner_id"], image["owner"])
        # A resource is accepted wherever an id is.
        self.assertEqual(self.conn.image.get_image(image).id, image.id)

    def test_exceptions_catch_with_both_spellings(self):
        missing = "00000000-0000-0000-0000-000000000000"
        for spelling in (exceptions.ResourceNotFound, exceptions.NotFoundException, exceptions.HttpException,
                         exceptions.SDKException, osimage.NotFoundError, osimage.OsimageError):
            with self.assertRaises(spelling) as caught:
                self.conn.image.get_image(missing)
            self.assertEqual(caught.exception.status_code, 404)
        self.assertTrue(issubclass(osimage.ConflictError, exceptions.ConflictException))
        self.assertTrue(issubclass(osimage.ForbiddenError, exceptions.ForbiddenException))
        self.assertTrue(issubclass(osimage.TimeoutError, exceptions.ResourceTimeout))
        self.assertTrue(issubclass(osimage.TaskFailedError, exceptions.ResourceFailure))
        self.assertTrue(issubclass(osimage.AmbiguousError, exceptions.DuplicateResource))
        self.assertTrue(issubclass(exceptions.BadRequestException, exceptions.HttpException))
        self.assertIs(exceptions.ResourceNotFound, exceptions.NotFoundException)

    def test_stream_true_is_a_response_like_object(self):
        response = self.conn.image.download_image(self.image, stream=True, chunk_size=10_000)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(int(response.headers["content-length"]), len(self.data))
        self.assertEqual(response.headers["Content-MD5"], self.image.checksum)
        chunks = list(response)
        self.assertEqual(b"".join(chunks), self.data)
        self.assertLessEqual(max(map(len, chunks)), 10_000)
        self.assertTrue(response.closed)
        with self.conn.image.download_image(self.image, stream=True) as again:
            self.assertEqual(again.read(5), self.data[:5])
            pieces = list(again.iter_content(chunk_size=333))
            self.assertEqual(b"".join(pieces), self.data[5:])
            self.assertLessEqual(max(map(len, pieces)), 333)
        # Half-read streams, closed or dropped, give their connections back.
        for _ in range(40):
            stream = self.conn.image.download_image(self.image, stream=True, chunk_size=100)
            self.assertEqual(stream.read(), self.data[:100])
            stream.close()
        self.assertEqual(self.conn.image.download_image(self.image), self.data)
        with self.assertRaises(ValueError):
            self.conn.image.download_image(self.image, stream=True, chunk_size=0)

    def test_chunk_size_for_callables_and_writers(self):
        seen = []
        self.conn.image.download_image(self.image, output=lambda chunk: seen.append(len(chunk)), chunk_size=1000)
        self.assertEqual(sum(seen), len(self.data))
        self.assertLessEqual(max(seen), 1000)
        target = io.BytesIO()
        self.conn.image.download_image(self.image, output=target, chunk_size=4096)
        self.assertEqual(target.getvalue(), self.data)
        result = self.conn.image.download_image(self.image, stream=False, output=io.BytesIO())
        self.assertTrue(result.hash_verified)

    def test_a_mismatch_raises_checksum_error_at_the_end_of_the_stream(self):
        glance = FaultyGlance(3 << 20, corrupt=True)
        try:
            conn = glance.connect()
            stream = conn.image.download_image(FaultyGlance.IMAGE_ID, stream=True, chunk_size=65536)
            received = 0
            with self.assertRaises(exceptions.InvalidResponse) as caught:
                for chunk in stream:
                    received += len(chunk)
            self.assertIsInstance(caught.exception, osimage.ChecksumError)
            self.assertEqual(received, 3 << 20, "every byte first, then the mismatch")
            conn.close()
        finally:
            glance.stop()

    def test_a_stream_uses_constant_memory(self):
        size = 256 << 20
        glance = FaultyGlance(size, corrupt=False)
        try:
            conn = glance.connect()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            total = 0
            with conn.image.download_image(FaultyGlance.IMAGE_ID, stream=True, chunk_size=1 << 20) as stream:
                for chunk in stream:
                    total += len(chunk)
                self.assertTrue(stream.info()["hash_verified"])
            grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            self.assertEqual(total, size)
            self.assertLess(grown_mib, 64, "a 256 MiB stream grew the peak RSS by %.0f MiB" % grown_mib)
            conn.close()
        finally:
            glance.stop()

    def test_signatures_are_the_references(self):
        expected = {
            "download_image": ["image", "stream", "output", "chunk_size", "store_preferences"],
            "create_image": ["name", "filename", "container", "md5", "sha256", "disk_format", "container_format",
                             "disable_vendor_agent", "allow_duplicates", "meta", "wait", "timeout", "data",
                             "validate_checksum", "use_import", "stores", "tags", "all_stores",
                             "all_stores_must_succeed"],
            "upload_image": ["container_format", "disk_format", "data", "size"],
            "stage_image": ["image", "filename", "data", "size"],
            "import_image": ["image", "method", "uri", "store", "stores", "all_stores", "all_stores_must_succeed"],
            "remove_member": ["member", "image", "ignore_missing"],
            "wait_for_task": ["task", "status", "failures", "interval", "wait"],
            "wait_for_status": ["res", "status", "failures", "interval", "wait", "attribute", "callback"],
            "wait_for_delete": ["res", "interval", "wait", "callback"],
            "update_image_properties": ["image", "meta"],
            "delete_image": ["image", "ignore_missing"],
            "find_image": ["name_or_id", "ignore_missing"],
            "stores": ["details"],
        }
        for name, parameters in expected.items():
            signature = inspect.signature(getattr(self.conn.image, name))
            self.assertEqual(list(signature.parameters)[:len(parameters)], parameters, name)
        download = inspect.signature(self.conn.image.download_image).parameters
        self.assertEqual((download["stream"].default, download["chunk_size"].default), (False, 1 << 20))
        self.assertNotIn(inspect.Parameter.VAR_KEYWORD, [p.kind for p in download.values()])
        create = inspect.signature(self.conn.image.create_image).parameters
        self.assertEqual((create["timeout"].default, create["disable_vendor_agent"].default), (3600, True))

    def test_upload_forms_and_stage_with_size(self):
        made = self.conn.image.upload_image(container_format="bare", disk_format="raw", data=self.data[:1000],
                                            name=unique_name("py-upload-sdk"))
        self.assertEqual((made.status, made.size), ("active", 1000))
        self.conn.image.delete_image(made)
        staged = self.conn.image.create_image(unique_name("py-stage"), disk_format="raw", container_format="bare")
        try:
            self.conn.image.stage_image(staged, data=io.BytesIO(self.data), size=len(self.data))
            self.assertEqual(self.conn.image.get_image(staged).status, "uploading")
        finally:
            self.conn.image.delete_image(staged)

    def test_the_logging_bridge_and_enable_logging(self):
        records = []

        class Collect(logging.Handler):
            def emit(self, record):
                records.append((record.name, record.levelno, record.getMessage()))

        handler = Collect()
        osimage_logger = logging.getLogger("osimage")
        saved = (osimage_logger.handlers[:], osimage_logger.level, osimage_logger.propagate,
                 logging.getLogger("osimage.http").level)
        try:
            osimage.enable_logging(http_debug=True, handlers=[handler], stream=io.StringIO())
            self.conn.image.get_image(self.image)  # an open connection follows
            conn = osimage.connect(cloud="osi-noauth", config_file=self.noauth.clouds_file)
            conn.close()
            http_lines = [message for name, level, message in records if name == "osimage.http"]
            self.assertTrue(any("GET " in line and self.image.id in line for line in http_lines), http_lines)
            self.assertTrue(any("request headers" in line for line in http_lines))
            self.assertTrue(all(level == logging.DEBUG for name, level, _ in records if name == "osimage.http"))
            records.clear()
            osimage.enable_logging(debug=False, handlers=[handler], stream=io.StringIO())
            self.conn.image.get_image(self.image)
            self.assertEqual([r for r in records if r[0] == "osimage.http"], [])
        finally:
            osimage_logger.handlers, osimage_logger.level, osimage_logger.propagate = saved[0], saved[1], saved[2]
            logging.getLogger("osimage.http").setLevel(saved[3])
            osimage.log.refresh()

    def test_osi_debug_logs_to_stderr(self):
        code = ("import osimage; c = osimage.Connection(cloud='osi-noauth', config_file=%r); c.get_import_info()"
                % self.noauth.clouds_file)
        environment = dict(os.environ, OSI_DEBUG="1")
        done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                              timeout=60, cwd=os.path.join(os.path.dirname(__file__), "..", "..", "python"))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("osimage: ", done.stderr)
        self.assertIn("/info/import", done.stderr)


if __name__ == "__main__":
    unittest.main()
