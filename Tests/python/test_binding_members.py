"""Python: sharing an image between two real Keystone projects (demo owns, alt consumes)."""
import unittest

import osimage
from stack import Stack, raw_bytes, unique_name


class MemberTests(unittest.TestCase):
    keystone = Stack("keystone")

    def setUp(self):
        self.demo = self.keystone.connect("osi-demo")
        self.alt = self.keystone.connect("osi-alt")
        self.alt_project = self.keystone["OSI_ALT_PROJECT_ID"]
        self.data = raw_bytes(64 << 10)
        self.image = self.demo.create_image(unique_name("py-share"), data=self.data, disk_format="raw",
                                            container_format="bare", visibility="shared", wait=True)

    def tearDown(self):
        self.demo.delete_image(self.image)
        self.demo.close()
        self.alt.close()

    def alt_sees(self, **query):
        return self.image["id"] in [image["id"] for image in self.alt.images(**query)]

    def test_share_accept_download_and_unshare(self):
        member = self.demo.add_member(self.image, self.alt_project)
        self.assertEqual((member["member_id"], member["status"]), (self.alt_project, "pending"))
        self.assertTrue(self.alt_sees(member_status="pending", visibility="shared"))
        self.assertFalse(self.alt_sees())

        accepted = self.alt.update_member(self.alt_project, self.image, "accepted")
        self.assertEqual(accepted["status"], "accepted")
        self.assertTrue(self.alt_sees())
        self.assertEqual(self.alt.download_image(self.image), self.data)

        self.assertEqual(self.demo.get_member(self.alt_project, self.image)["status"], "accepted")
        self.assertEqual(self.demo.find_member(self.alt_project, self.image)["status"], "accepted")
        self.assertEqual([each["member_id"] for each in self.demo.members(self.image)], [self.alt_project])
        self.assertEqual(list(self.demo.members(self.image, status="pending")), [])

        self.demo.remove_member(member, self.image)
        self.assertIsNone(self.demo.find_member(self.alt_project, self.image))
        self.assertFalse(self.alt_sees())
        with self.assertRaises((osimage.NotFoundError, osimage.ForbiddenError)):
            self.alt.download_image(self.image)

    def test_refusals_carry_their_own_exception_classes(self):
        self.demo.add_member(self.image, self.alt_project)
        with self.assertRaises(osimage.ConflictError):
            self.demo.add_member(self.image, self.alt_project)
        with self.assertRaises(osimage.ForbiddenError):
            self.demo.update_member(self.alt_project, self.image, "accepted")
        private = self.demo.create_image(unique_name("py-private"), disk_format="raw", container_format="bare",
                                         visibility="private")
        try:
            with self.assertRaises(osimage.ForbiddenError):
                self.demo.add_member(private, self.alt_project)
        finally:
            self.demo.delete_image(private)
        with self.assertRaises(osimage.NotFoundError):
            self.demo.remove_member(unique_name("no-project"), self.image, ignore_missing=False)


if __name__ == "__main__":
    unittest.main()
