"""Python: every osi_status has its exception class, carrying the osi_error's detail."""
import os
import re
import unittest

import osimage
from stack import Stack

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def header_statuses():
    """{NAME: number} of the osi_status enum in include/osimage_types.h."""
    with open(os.path.join(ROOT, "include", "osimage_types.h"), encoding="utf-8") as header:
        text = header.read()
    enum = re.search(r"typedef enum osi_status \{(.*?)\} osi_status;", text, re.S).group(1)
    return {name: int(number) for name, number in re.findall(r"OSI_(\w+) = (\d+)", enum)}


class ErrorTests(unittest.TestCase):
    noauth = Stack("noauth")

    def test_status_numbers_are_the_headers(self):
        self.assertEqual({status.name: status.value for status in osimage.Status}, header_statuses())

    def test_every_failure_status_has_its_own_exception_class(self):
        classes = set()
        for status in osimage.Status:
            if status == osimage.Status.OK:
                continue
            cls = osimage.errors.error_class(status)
            self.assertTrue(issubclass(cls, osimage.OsimageError))
            self.assertEqual(cls.status, status)
            classes.add(cls)
            self.assertNotEqual(osimage.status_str(status), "unknown status")
        self.assertEqual(len(classes), len(osimage.Status) - 1)
        self.assertEqual(osimage.status_str(osimage.Status.NOT_FOUND), "not found")

    def test_not_found_carries_http_status_request_id_method_and_url(self):
        missing = "00000000-0000-0000-0000-000000000000"
        with self.noauth.connect() as conn, self.assertRaises(osimage.NotFoundError) as caught:
            conn.get_image(missing)
        error = caught.exception
        self.assertEqual(error.code, osimage.Status.NOT_FOUND)
        self.assertEqual(error.http_status, 404)
        self.assertRegex(error.request_id, r"^req-[0-9a-f-]{36}$")
        self.assertEqual(error.method, "GET")
        self.assertTrue(error.url.endswith("/v2/images/" + missing))
        self.assertIn(missing, error.message)
        self.assertNotIn("<br", error.message)
        self.assertIsInstance(error, LookupError)

    def test_bad_arguments_are_refused_before_any_request(self):
        with self.noauth.connect() as conn:
            for bad in ("a/b", "id\r\nX-Injected: yes", ""):
                with self.assertRaises(osimage.InvalidArgumentError):
                    conn.get_image(bad)
            with self.assertRaises(osimage.InvalidArgumentError):
                conn.get_image("nul\0inside")
            with self.assertRaises(TypeError):
                conn.get_image(42)
            with self.assertRaises(osimage.InvalidArgumentError) as caught:
                conn.images(name={"nested": "object"})
            self.assertIsInstance(caught.exception, ValueError)
            with self.assertRaises(osimage.InvalidArgumentError):
                conn.images(max_items="ten")


if __name__ == "__main__":
    unittest.main()
