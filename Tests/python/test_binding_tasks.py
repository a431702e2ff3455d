"""Python: Glance's tasks API with real Keystone projects (admin creates, demo may not list)."""
import unittest

import osimage
from stack import Stack, WebFile, raw_bytes, unique_name


class TaskTests(unittest.TestCase):
    keystone = Stack("keystone")

    def setUp(self):
        self.admin = self.keystone.connect("osi-admin")
        self.created_images = []

    def tearDown(self):
        for image_id in self.created_images:
            self.admin.delete_image(image_id)
        self.admin.close()

    def import_task(self, url):
        return self.admin.create_task(type="import", input={
            "import_from": url, "import_from_format": "raw",
            "image_properties": {"name": unique_name("py-task"), "disk_format": "raw", "container_format": "bare"}})

    def test_an_import_task_succeeds_and_is_listed(self):
        statuses = []
        with WebFile(self.keystone, raw_bytes(256 << 10)) as web:
            task = self.import_task(web.url)
            self.assertEqual(task["status"], "pending")
            done = self.admin.wait_for_task(task, interval=0.5, wait=120,
                                            callback=lambda polled: statuses.append(polled["status"]))
        self.created_images.append(done["result"]["image_id"])
        self.assertEqual(done["status"], "success")
        self.assertEqual(statuses[-1], "success")
        self.assertEqual(self.admin.get_image(done["result"]["image_id"])["size"], 256 << 10)
        self.assertEqual(self.admin.get_task(task["id"])["id"], task["id"])
        listed = [each["id"] for each in self.admin.tasks(type="import", sort_dir="desc", max_items=50)]
        self.assertIn(task["id"], listed)

    def test_a_failing_task_raises_task_failed_with_its_message(self):
        task = self.import_task(self.keystone["OSI_WEB_URL"] + "/" + unique_name("py-missing") + ".raw")
        with self.assertRaises(osimage.TaskFailedError) as caught:
            self.admin.wait_for_task(task, interval=0.5, wait=120)
        self.assertTrue(caught.exception.message)

    def test_a_wait_that_runs_out_of_time(self):
        with WebFile(self.keystone, raw_bytes(4096)) as web:
            task = self.import_task(web.url)
            with self.assertRaises(osimage.TimeoutError):
                self.admin.wait_for_task(task, status="never-reached", interval=0.2, wait=0.5)
            done = self.admin.wait_for_task(task, interval=0.5, wait=120)
        self.created_images.append(done["result"]["image_id"])

    def test_tasks_are_forbidden_to_a_member(self):
        with self.keystone.connect("osi-demo") as demo, self.assertRaises(osimage.ForbiddenError):
            list(demo.tasks())


if __name__ == "__main__":
    unittest.main()
