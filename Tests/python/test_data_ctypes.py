"""The data path through plain ctypes (no osimage package): an upload whose bytes come from a
Python read callback, a download into a Python write callback with a progress callback,
exceptions in callbacks turned into OSI_ABORTED, and faults from an in-process http.server
(a dropped connection, a wrong checksum) that must leave nothing at a file sink's path.

The library comes from $OSI_LIBRARY (scripts/test exports it); the noauth stack's
clouds.yaml from $OSI_TEST_NOAUTH_CLOUDS or the default stack state folder. A plain
unittest module: `python3 -m unittest Tests/python/test_data_ctypes.py`.
"""
import ctypes
import hashlib
import http.server
import json
import os
import secrets
import shutil
import tempfile
import threading
import unittest
from ctypes import (CFUNCTYPE, POINTER, byref, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t,
                    c_void_p)

OSI_OK, OSI_CONFLICT, OSI_TRANSPORT, OSI_CHECKSUM, OSI_ABORTED = 0, 3, 8, 10, 11

READ_CB = CFUNCTYPE(c_int64, c_void_p, c_size_t, c_void_p)
WRITE_CB = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p)
PROGRESS_CB = CFUNCTYPE(c_int, c_int64, c_int64, c_void_p)


def load():
    """The library and jansson, with the signatures this test uses."""
    lib = ctypes.CDLL(os.environ.get("OSI_LIBRARY", "libosimage.so"))
    jansson = ctypes.CDLL("libjansson.so.4")
    jansson.json_loads.restype = c_void_p
    jansson.json_loads.argtypes = [c_char_p, c_size_t, c_void_p]
    jansson.json_dumps.restype = c_void_p
    jansson.json_dumps.argtypes = [c_void_p, c_size_t]
    jansson.json_delete.argtypes = [c_void_p]
    signatures = {
        "osi_conn_open": [c_void_p, POINTER(c_void_p), POINTER(c_void_p)],
        "osi_conn_free": [c_void_p],
        "osi_error_free": [c_void_p],
        "osi_source_callback": [READ_CB, c_void_p, c_int64, POINTER(c_void_p), POINTER(c_void_p)],
        "osi_source_memory": [c_void_p, c_size_t, POINTER(c_void_p), POINTER(c_void_p)],
        "osi_source_free": [c_void_p],
        "osi_sink_callback": [WRITE_CB, c_void_p, POINTER(c_void_p), POINTER(c_void_p)],
        "osi_sink_file": [c_char_p, POINTER(c_void_p), POINTER(c_void_p)],
        "osi_sink_free": [c_void_p],
        "osi_create_image": [c_void_p, c_char_p, c_void_p, c_void_p, c_void_p, c_void_p, POINTER(c_void_p), POINTER(c_void_p)],
        "osi_upload_image": [c_void_p, c_char_p, c_void_p, c_void_p, PROGRESS_CB, c_void_p, POINTER(c_void_p),
                             POINTER(c_void_p)],
        "osi_download_image": [c_void_p, c_char_p, c_void_p, c_void_p, PROGRESS_CB, c_void_p, POINTER(c_void_p),
                               POINTER(c_void_p)],
        "osi_delete_image": [c_void_p, c_char_p, c_int32, c_void_p, POINTER(c_void_p)],
    }
    for name, argtypes in signatures.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = None if name.endswith("_free") else c_int
    lib.osi_error_message.argtypes = [c_void_p]
    lib.osi_error_message.restype = c_char_p
    return lib, jansson


LIB, JANSSON = load()


class Json:
    """A json_t made from a Python value, freed with the object (the library only borrows it):
    keep the object in a variable for as long as the call runs."""

    def __init__(self, value):
        self.pointer = JANSSON.json_loads(json.dumps(value).encode(), 0, None)

    def __del__(self):
        JANSSON.json_delete(self.pointer)


def take_json(pointer):
    """A new reference from the library as a Python value; the reference is released."""
    if not pointer:
        return None
    text = JANSSON.json_dumps(pointer, 0)
    value = json.loads(ctypes.string_at(text).decode())
    ctypes.CDLL(None).free(c_void_p(text))
    refcount = c_size_t.from_address(pointer + 8)  # struct json_t {json_type type; size_t refcount;}
    refcount.value -= 1
    if refcount.value == 0:
        JANSSON.json_delete(pointer)
    return value


class CallFailed(Exception):
    def __init__(self, status, message):
        super().__init__("%d: %s" % (status, message))
        self.status = status
        self.message = message


def check(status, err):
    """Raises CallFailed with the osi_error's message when status is not OSI_OK."""
    if status == OSI_OK:
        return
    message = LIB.osi_error_message(err).decode() if err else ""
    LIB.osi_error_free(err)
    raise CallFailed(status, message)


def connect(options):
    conn, err, document = c_void_p(), c_void_p(), Json(options)
    check(LIB.osi_conn_open(document.pointer, byref(conn), byref(err)), err)
    return conn


def noauth_clouds():
    default = os.path.expanduser("~/.cache/osimage-stack/state/noauth/clouds.yaml")
    return os.environ.get("OSI_TEST_NOAUTH_CLOUDS", default)


def download(conn, image_id, sink, progress=None):
    """osi_download_image; returns the result JSON. Raises CallFailed."""
    result, err = c_void_p(), c_void_p()
    callback = PROGRESS_CB(progress) if progress else PROGRESS_CB()
    check(LIB.osi_download_image(conn, image_id.encode(), sink, None, callback, None, byref(result), byref(err)), err)
    return take_json(result.value)


class StackTests(unittest.TestCase):
    """Against the real noauth Glance."""

    def setUp(self):
        self.conn = connect({"cloud": "osi-noauth", "config_file": noauth_clouds()})
        self.images = []

    def tearDown(self):
        for image_id in self.images:
            err = c_void_p()
            LIB.osi_delete_image(self.conn, image_id.encode(), 1, None, byref(err))
            LIB.osi_error_free(err)
        LIB.osi_conn_free(self.conn)

    def queued_image(self):
        image, err, options = c_void_p(), c_void_p(), Json({"allow_duplicates": True})
        name = "py-ctypes-" + secrets.token_hex(6)
        check(LIB.osi_create_image(self.conn, name.encode(), options.pointer, None, None, None, byref(image), byref(err)), err)
        image_id = take_json(image.value)["id"]
        self.images.append(image_id)
        return image_id

    def upload_from_python(self, image_id, data, size):
        offset = [0]

        def read(buf, cap, _userdata):
            chunk = data[offset[0]:offset[0] + min(cap, 200_000)]
            ctypes.memmove(buf, chunk, len(chunk))
            offset[0] += len(chunk)
            return len(chunk)

        reads = READ_CB(read)
        source, err = c_void_p(), c_void_p()
        check(LIB.osi_source_callback(reads, None, size, byref(source), byref(err)), err)
        try:
            image, options = c_void_p(), Json({"validate_checksum": True})
            check(LIB.osi_upload_image(self.conn, image_id.encode(), source, options.pointer, PROGRESS_CB(), None,
                                       byref(image), byref(err)), err)
            return take_json(image.value)
        finally:
            LIB.osi_source_free(source)

    def test_python_read_callback_upload_and_write_callback_download_with_progress(self):
        data = os.urandom(3 * 1024 * 1024 + 7)
        for size in (len(data), -1):
            image_id = self.queued_image()
            image = self.upload_from_python(image_id, data, size)
            self.assertEqual(image["status"], "active")
            self.assertEqual(image["checksum"], hashlib.md5(data).hexdigest())

            received = []
            reports = []

            def write(pointer, length, _userdata):
                received.append(ctypes.string_at(pointer, length))
                return 0

            def progress(done, total, _userdata):
                reports.append((done, total))
                return 0

            writes = WRITE_CB(write)
            sink, err = c_void_p(), c_void_p()
            check(LIB.osi_sink_callback(writes, None, byref(sink), byref(err)), err)
            try:
                result = download(self.conn, image_id, sink, progress)
            finally:
                LIB.osi_sink_free(sink)
            self.assertEqual(b"".join(received), data)
            self.assertTrue(result["hash_verified"])
            self.assertEqual(result["hash_algo"], "sha512")
            self.assertEqual(reports[-1], (len(data), len(data)))
            self.assertTrue(all(a[0] <= b[0] for a, b in zip(reports, reports[1:])))

    def test_an_exception_in_a_callback_aborts_and_can_be_re_raised(self):
        image_id = self.queued_image()
        data = os.urandom(1024 * 1024)
        self.upload_from_python(image_id, data, len(data))
        stashed = []

        def write(_pointer, _length, _userdata):
            try:
                raise ValueError("disk full (simulated)")
            except ValueError as error:  # never let it unwind into C
                stashed.append(error)
                return 1

        writes = WRITE_CB(write)
        sink, err = c_void_p(), c_void_p()
        check(LIB.osi_sink_callback(writes, None, byref(sink), byref(err)), err)
        try:
            with self.assertRaises(CallFailed) as caught:
                download(self.conn, image_id, sink)
        finally:
            LIB.osi_sink_free(sink)
        self.assertEqual(caught.exception.status, OSI_ABORTED)
        self.assertIsInstance(stashed[0], ValueError)

    def test_a_queued_image_writes_nothing(self):
        image_id = self.queued_image()
        folder = tempfile.mkdtemp()
        try:
            path = os.path.join(folder, "none.raw")
            sink, err = c_void_p(), c_void_p()
            check(LIB.osi_sink_file(path.encode(), byref(sink), byref(err)), err)
            try:
                with self.assertRaises(CallFailed) as caught:
                    download(self.conn, image_id, sink)
            finally:
                LIB.osi_sink_free(sink)
            self.assertEqual(caught.exception.status, OSI_CONFLICT)
            self.assertEqual(os.listdir(folder), [])
        finally:
            shutil.rmtree(folder)


IMAGE_ID = "11111111-2222-3333-4444-555555555555"


class FaultServer:
    """An http.server on 127.0.0.1 serving one fake image: its metadata (with the sha512 of
    `data`) and a body chosen by `mode`: "drop" (half, then the connection closes) or
    "wrong" (other bytes of the same length)."""

    def __init__(self, data, mode):
        self.data = data
        self.mode = mode
        self.file_requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):
                pass

            def do_GET(self):
                if self.path == "/v2/images/" + IMAGE_ID:
                    body = json.dumps({"id": IMAGE_ID, "status": "active", "size": len(server.data),
                                       "os_hash_algo": "sha512",
                                       "os_hash_value": hashlib.sha512(server.data).hexdigest()}).encode()
                    self.answer(200, "application/json", body)
                elif self.path.startswith("/v2/images/%s/file" % IMAGE_ID):
                    server.file_requests += 1
                    if server.mode == "drop":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/octet-stream")
                        self.send_header("Content-Length", str(len(server.data)))
                        self.end_headers()
                        self.wfile.write(server.data[:len(server.data) // 2])
                        self.wfile.flush()
                        self.close_connection = True
                    else:
                        self.answer(200, "application/octet-stream", bytes(len(server.data)))
                else:
                    self.answer(404, "application/json", b'{"message": "no"}')

            def answer(self, status, content_type, body):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FaultTests(unittest.TestCase):
    """Faults Glance cannot be made to show, from an in-process http.server."""

    def fault(self, mode):
        data = os.urandom(2 * 1024 * 1024)
        server = FaultServer(data, mode)
        self.addCleanup(server.stop)
        conn = connect({"auth_type": "none", "auth": {"endpoint": server.url}, "image_endpoint_override": server.url,
                        "connect_retries": 1, "status_code_retries": 0})
        self.addCleanup(LIB.osi_conn_free, conn)
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = os.path.join(folder, "image.raw")
        sink, err = c_void_p(), c_void_p()
        check(LIB.osi_sink_file(path.encode(), byref(sink), byref(err)), err)
        try:
            with self.assertRaises(CallFailed) as caught:
                download(conn, IMAGE_ID, sink)
        finally:
            LIB.osi_sink_free(sink)
        self.assertEqual(os.listdir(folder), [], "nothing at the path, no temporary file")
        return caught.exception, server, data

    def test_a_dropped_connection_leaves_no_file(self):
        error, server, _ = self.fault("drop")
        self.assertEqual(error.status, OSI_TRANSPORT)
        self.assertEqual(server.file_requests, 2, "one retry, then the error")

    def test_a_wrong_checksum_leaves_no_file_and_names_both_hashes(self):
        error, _, data = self.fault("wrong")
        self.assertEqual(error.status, OSI_CHECKSUM)
        self.assertIn(hashlib.sha512(data).hexdigest(), error.message)
        self.assertIn(hashlib.sha512(bytes(len(data))).hexdigest(), error.message)


if __name__ == "__main__":
    unittest.main()
