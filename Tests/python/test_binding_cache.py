"""Python: the image cache (admin only), image locations and quota usage through the
binding, against the keystone stack."""
import time
import unittest

import osimage
from stack import Stack, WebFile, raw_bytes, unique_name


class CacheLocationTests(unittest.TestCase):
    keystone = Stack("keystone")

    def setUp(self):
        self.demo = self.keystone.connect("osi-demo")
        self.admin = self.keystone.connect("osi-admin")
        self.data = raw_bytes(24 << 10)
        self.web = WebFile(self.keystone, self.data, prefix="py-location")
        self.image = self.demo.create_image(unique_name("py-located"), disk_format="raw", container_format="bare")

    def tearDown(self):
        self.demo.delete_image(self.image)
        self.web.__exit__()
        self.demo.close()
        self.admin.close()

    def cached_ids(self):
        return [each["image_id"] for each in self.admin.get_image_cache()["cached_images"]]

    def test_location_then_cache(self):
        location = self.demo.add_image_location(self.image, self.web.url)
        self.assertEqual((location["image_id"], location["url"]), (self.image["id"], self.web.url))
        with self.assertRaises(osimage.ConflictError):
            self.demo.add_image_location(self.image, self.web.url)
        self.demo.wait_for_image(self.image, "active", timeout=30, interval=0.2)
        self.assertEqual([each["url"] for each in self.admin.image_locations(self.image)], [self.web.url])
        with self.assertRaises(osimage.ForbiddenError):
            list(self.demo.image_locations(self.image))
        self.assertEqual(self.demo.download_image(self.image), self.data)

        self.admin.queue_image(self.image)
        for _ in range(100):
            if self.image["id"] in self.cached_ids():
                break
            time.sleep(0.2)
        self.assertIn(self.image["id"], self.cached_ids())
        self.assertEqual(len(self.admin.cached_image_nodes(self.image)), 1)
        self.admin.cache_delete_image(self.image, ignore_missing=False)
        self.assertNotIn(self.image["id"], self.cached_ids())
        self.admin.cache_delete_image(self.image)  # neither cached nor queued: still no error
        unknown = "00000000-0000-4000-8000-000000000000"
        self.admin.cache_delete_image(unknown)
        with self.assertRaises(osimage.NotFoundError):
            self.admin.cache_delete_image(unknown, ignore_missing=False)
        self.admin.clear_cache("queue")
        self.admin.clear_cache()
        with self.assertRaises(osimage.InvalidArgumentError):
            self.admin.clear_cache("everything")
        self.admin.clean_cache()
        self.assertEqual(sorted(self.admin.prune_cache()), ["total_bytes_pruned", "total_files_pruned"])

    def test_the_cache_is_for_admins(self):
        for call in (self.demo.get_image_cache, lambda: self.demo.queue_image(self.image),
                     lambda: self.demo.cache_delete_image(self.image), lambda: self.demo.clear_cache("cache"),
                     lambda: self.demo.cached_image_nodes(self.image), self.demo.clean_cache, self.demo.prune_cache):
            with self.assertRaises(osimage.ForbiddenError):
                call()

    def test_usage(self):
        self.assertIsInstance(self.demo.get_usage_info()["usage"], dict)


if __name__ == "__main__":
    unittest.main()
