"""Python: listing, getting and finding images, and the service's info, as dicts."""
import unittest

import osimage
from stack import Stack, remove_image, seed_image, unique_name


class ImageReadTests(unittest.TestCase):
    noauth = Stack("noauth")

    def setUp(self):
        self.conn = self.noauth.connect()
        self.prefix = unique_name("py-read")
        self.seeded = [seed_image(self.noauth, name="%s-%d" % (self.prefix, n), os_distro="debian",
                                  tags=[self.prefix]) for n in range(5)]

    def tearDown(self):
        for image in self.seeded:
            remove_image(self.noauth, image)
        self.conn.close()

    def test_images_is_a_lazy_generator_across_pages(self):
        listing = self.conn.images(tag=self.prefix, limit=2, sort="name:asc")
        self.assertIs(iter(listing), listing)
        names = [image["name"] for image in listing]
        self.assertEqual(names, ["%s-%d" % (self.prefix, n) for n in range(5)])

    def test_max_items_and_property_filters(self):
        first = list(self.conn.images(tag=self.prefix, limit=2, max_items=3))
        self.assertEqual(len(first), 3)
        matching = list(self.conn.images(name=self.seeded[2]["name"], os_distro="debian"))
        self.assertEqual([image["id"] for image in matching], [self.seeded[2]["id"]])
        self.assertEqual(list(self.conn.images(name=self.seeded[2]["name"], os_distro="fedora")), [])

    def test_a_listing_can_be_closed_early_and_outlives_its_connection(self):
        listing = self.conn.images(tag=self.prefix, limit=1)
        self.assertIsNotNone(next(listing))
        listing.close()
        self.assertEqual(list(listing), [])
        with self.noauth.connect() as other:
            listing = other.images(tag=self.prefix, limit=2)
        self.assertEqual(len(list(listing)), 5)

    def test_get_and_find_by_id_name_or_dict(self):
        image = self.seeded[0]
        self.assertEqual(self.conn.get_image(image["id"])["name"], image["name"])
        self.assertEqual(self.conn.get_image(image)["id"], image["id"])
        self.assertEqual(self.conn.find_image(image["name"])["id"], image["id"])
        self.assertEqual(self.conn.find_image(image["id"])["name"], image["name"])
        self.assertIsNone(self.conn.find_image(unique_name("py-none")))
        with self.assertRaises(osimage.NotFoundError):
            self.conn.find_image(unique_name("py-none"), ignore_missing=False)

    def test_a_name_shared_by_two_images_is_ambiguous(self):
        twin = seed_image(self.noauth, name=self.seeded[1]["name"])
        self.seeded.append(twin)
        with self.assertRaises(osimage.AmbiguousError):
            self.conn.find_image(twin["name"])

    def test_schemas_import_info_and_stores(self):
        schemas = [self.conn.get_image_schema(), self.conn.get_images_schema(), self.conn.get_member_schema(),
                   self.conn.get_members_schema(), self.conn.get_task_schema(), self.conn.get_tasks_schema()]
        self.assertEqual([schema["name"] for schema in schemas], ["image", "images", "member", "members", "task", "tasks"])
        methods = self.conn.get_import_info()["import-methods"]["value"]
        self.assertIn("web-download", methods)
        stores = list(self.conn.stores())
        self.assertEqual(sorted(store["id"] for store in stores), ["fast", "slow", "web"])
        detailed = list(self.conn.stores(details=True))
        self.assertTrue(all("type" in store for store in detailed))


if __name__ == "__main__":
    unittest.main()
