"""Python: opening, describing, logging and freeing connections against the real stack."""
import gc
import os
import subprocess
import sys
import unittest

import osimage
from osimage import _prototypes
from stack import Stack


class ConnectionTests(unittest.TestCase):
    noauth = Stack("noauth")
    keystone = Stack("keystone")

    def test_a_cloud_of_clouds_yaml_opens_and_describes_itself(self):
        with self.keystone.connect("osi-demo") as conn:
            info = conn.info()
        self.assertEqual(info["auth_type"], "password")
        self.assertEqual(info["cloud"], "osi-demo")
        self.assertEqual(info["project_id"], self.keystone["OSI_DEMO_PROJECT_ID"])
        self.assertTrue(info["image_endpoint"].endswith("/v2"))
        self.assertIn("v2.0", info["versions"])

    def test_keyword_options_as_in_openstacksdk(self):
        with osimage.Connection(auth_type="none", endpoint=self.noauth["OSI_GLANCE_URL"],
                                region_name="RegionOne") as conn:
            self.assertEqual(conn.info()["auth_type"], "none")
            self.assertIsNotNone(conn.get_import_info())

    def test_from_the_environment(self):
        script = ("import osimage\n"
                  "with osimage.Connection.from_env() as a, osimage.Connection() as b:\n"
                  "    print(a.info()['cloud'], b.info()['project_id'])\n")
        env = dict(os.environ, OS_CLOUD="osi-alt", OS_CLIENT_CONFIG_FILE=self.keystone.clouds_file,
                   PYTHONPATH=os.pathsep.join(sys.path))
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                             timeout=60, check=True).stdout.split()
        self.assertEqual(out, ["osi-alt", self.keystone["OSI_ALT_PROJECT_ID"]])

    def test_a_wrong_password_is_an_auth_error_with_detail(self):
        with self.assertRaises(osimage.AuthError) as caught:
            self.keystone.connect("osi-demo", auth={"password": "not-the-password"})
        error = caught.exception
        self.assertEqual(error.code, osimage.Status.AUTH)
        self.assertEqual(error.http_status, 401)
        self.assertIn("/v3/auth/tokens", error.url)
        self.assertNotIn("not-the-password", str(error))

    def test_an_unknown_cloud_is_a_config_error(self):
        with self.assertRaises(osimage.ConfigError):
            self.keystone.connect("no-such-cloud")

    def test_an_unreachable_endpoint_is_a_transport_error(self):
        with self.assertRaises(osimage.TransportError) as caught:
            osimage.Connection(auth_type="none", endpoint="http://127.0.0.1:9", connect_retries=0)
        self.assertIsInstance(caught.exception, ConnectionError)

    def test_close_is_idempotent_and_a_closed_connection_refuses_calls(self):
        conn = self.noauth.connect()
        self.assertFalse(conn.closed)
        conn.close()
        conn.close()
        self.assertTrue(conn.closed)
        with self.assertRaises(ValueError):
            conn.get_image_schema()

    def test_the_garbage_collector_frees_a_forgotten_connection(self):
        conn = self.noauth.connect()
        finalizer = conn._free  # pylint: disable=protected-access
        del conn
        gc.collect()
        self.assertFalse(finalizer.alive)

    def test_log_lines_reach_a_python_callback(self):
        lines = []
        with self.noauth.connect() as conn:
            conn.set_log(lambda level, line: lines.append((level, line)))
            conn.get_image_schema()
            conn.set_log(None)
            conn.get_image_schema()
        self.assertEqual(len(lines), 1)
        level, line = lines[0]
        self.assertEqual(level, osimage.LogLevel.INFO)
        self.assertIn("GET ", line)
        self.assertIn("/v2/schemas/image -> 200", line)

    def test_an_unknown_log_level_is_refused(self):
        with self.noauth.connect() as conn:
            with self.assertRaises(osimage.InvalidArgumentError):
                conn.set_log(lambda level, line: None, level=9)

    def test_the_tables_are_the_headers(self):
        self.assertEqual(osimage.Status.NOT_FOUND, 2)
        self.assertEqual(osimage.LogLevel.DEBUG, 4)
        self.assertEqual(osimage.library_version().split(".")[0], str(_prototypes.ABI_MAJOR))

    def test_an_exception_in_the_log_callback_aborts_the_call_and_is_re_raised(self):
        class Enough(Exception):
            pass

        def refuse(_level, _line):
            raise Enough("no more requests")

        with self.noauth.connect() as conn:
            conn.set_log(refuse)
            with self.assertRaises(Enough) as caught:
                conn.get_import_info()
            self.assertIsInstance(caught.exception.__cause__, osimage.AbortedError)
            conn.set_log(None)
            self.assertIn("import-methods", conn.get_import_info())


if __name__ == "__main__":
    unittest.main()
