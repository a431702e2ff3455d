"""Python: update, tags, delete, import with wait, deactivate/reactivate and image tasks."""
import hashlib
import unittest

import osimage
from stack import Stack, WebFile, raw_bytes, remove_image, seed_image, unique_name


class ImageOperationTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.conn = self.noauth.connect()
        self.image = seed_image(self.noauth, name=unique_name("py-ops"), keep_me="yes")

    def tearDown(self):
        remove_image(self.noauth, self.image)
        self.conn.close()

    def test_update_changes_only_what_is_given(self):
        updated = self.conn.update_image(self.image, os_distro="debian", min_ram=512, build_number=7,
                                         is_protected=False)
        self.assertEqual(updated["os_distro"], "debian")
        self.assertEqual(updated["min_ram"], 512)
        self.assertEqual(updated["build_number"], "7")  # custom properties are strings
        self.assertEqual(updated["keep_me"], "yes")
        removed = self.conn.update_image(self.image["id"], build_number=None)
        self.assertNotIn("build_number", removed)
        self.assertEqual(removed["os_distro"], "debian")
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.update_image(self.image, status="active")

    def test_tags_are_added_replaced_and_removed(self):
        self.conn.add_tag(self.image, "blue")
        self.conn.add_tag(self.image, "blue")
        self.assertEqual(self.conn.get_image(self.image)["tags"], ["blue"])
        self.assertEqual(sorted(self.conn.update_image(self.image, tags=["red", "green"])["tags"]), ["green", "red"])
        self.conn.remove_tag(self.image, "red")
        self.assertEqual(self.conn.get_image(self.image)["tags"], ["green"])
        with self.assertRaises(osimage.NotFoundError):
            self.conn.remove_tag(self.image, "red")
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.add_tag(self.image, "a/b")

    def test_delete_honours_ignore_missing(self):
        self.conn.delete_image(self.image, ignore_missing=False)
        with self.assertRaises(osimage.NotFoundError):
            self.conn.get_image(self.image)
        self.conn.delete_image(self.image)
        with self.assertRaises(osimage.NotFoundError):
            self.conn.delete_image(self.image, ignore_missing=False)

    def test_web_download_import_waits_until_active_then_deactivates_and_reactivates(self):
        data = raw_bytes(1 << 20)
        seen = []
        with WebFile(self.noauth, data) as web:
            self.conn.import_image(self.image, method="web-download", uri=web.url)
            image = self.conn.wait_for_image(self.image, status="active", timeout=120, interval=0.5,
                                             callback=lambda polled: seen.append(polled["status"]))
        self.assertEqual(image["status"], "active")
        self.assertEqual(image["size"], len(data))
        self.assertEqual(image["os_hash_value"], hashlib.sha512(data).hexdigest())
        self.assertEqual(seen[-1], "active")
        tasks = list(self.conn.image_tasks(image))
        self.assertEqual([task["status"] for task in tasks], ["success"])

        self.conn.deactivate_image(image)
        self.assertEqual(self.conn.get_image(image)["status"], "deactivated")
        self.conn.reactivate_image(image)
        self.assertEqual(self.conn.get_image(image)["status"], "active")

    def test_a_failed_import_raises_task_failed_with_the_servers_reason(self):
        missing_url = self.noauth["OSI_WEB_URL"] + "/" + unique_name("py-missing") + ".raw"
        self.conn.import_image(self.image, method="web-download", uri=missing_url)
        with self.assertRaises(osimage.TaskFailedError) as caught:
            self.conn.wait_for_image(self.image, timeout=120, interval=0.5)
        self.assertTrue(caught.exception.message)

    def test_an_exception_in_the_wait_callback_stops_the_wait_and_is_re_raised(self):
        class StopWaiting(Exception):
            pass

        def impatient(_image):
            raise StopWaiting()

        with self.assertRaises(StopWaiting) as caught:
            self.conn.wait_for_image(self.image, timeout=60, interval=0.2, callback=impatient)
        self.assertIsInstance(caught.exception.__cause__, osimage.AbortedError)
        with self.assertRaises(osimage.TimeoutError):
            self.conn.wait_for_image(self.image, timeout=0.5, interval=0.2)

    def test_conflicting_import_options_are_refused_before_any_request(self):
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.import_image(self.image, method="glance-direct", uri="http://example.invalid/x")
        with self.assertRaises(osimage.InvalidArgumentError):
            self.conn.import_image(self.image, method="web-download", uri="http://x/y", all_stores=True,
                                   stores=["fast"])
        self.assertEqual(self.conn.get_image(self.image)["status"], "queued")


if __name__ == "__main__":
    unittest.main()
