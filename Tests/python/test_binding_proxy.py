"""Proxies from the usual environment variables: with http_proxy set, every request of a
connection goes through the proxy (libcurl reads the variables at each transfer)."""
import http.server
import os
import threading
import unittest
import urllib.request

from stack import Stack

PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                   "no_proxy", "NO_PROXY")


class ForwardingProxy(http.server.ThreadingHTTPServer):
    """A plain HTTP forward proxy on 127.0.0.1 that records the absolute URLs it was asked for."""

    def __init__(self):
        self.seen = []
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    def stop(self):
        self.shutdown()
        self.server_close()
        self.thread.join()


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.forward()

    def do_POST(self):
        self.forward()

    def forward(self):
        # A request to a proxy names the whole URL: "GET http://host:port/path HTTP/1.1".
        self.server.seen.append((self.command, self.path))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "proxy-connection", "connection")}
        request = urllib.request.Request(self.path, data=body, headers=headers, method=self.command)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to the target
        try:
            with opener.open(request) as answer:
                status, reply, payload = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, reply, payload = error.code, error.headers, error.read()
        self.send_response(status)
        for name, value in reply.items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class ProxyTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.saved = {name: os.environ.pop(name) for name in PROXY_VARIABLES if name in os.environ}
        self.proxy = ForwardingProxy()

    def tearDown(self):
        for name in PROXY_VARIABLES:
            os.environ.pop(name, None)
        os.environ.update(self.saved)
        self.proxy.stop()

    def test_requests_go_through_http_proxy_from_the_environment(self):
        os.environ["http_proxy"] = self.proxy.url
        glance = self.noauth["OSI_GLANCE_URL"]
        with self.noauth.connect() as conn:
            methods = conn.get_import_info()["import-methods"]["value"]
        self.assertIn("glance-direct", methods)
        urls = [url for _, url in self.proxy.seen]
        self.assertIn(glance + "/", urls)                      # version discovery
        self.assertIn(glance + "/v2/info/import", urls)

    def test_no_proxy_bypasses_it(self):
        os.environ["http_proxy"] = self.proxy.url
        os.environ["no_proxy"] = "127.0.0.1"
        with self.noauth.connect() as conn:
            conn.get_import_info()
        self.assertEqual(self.proxy.seen, [])


if __name__ == "__main__":
    unittest.main()
