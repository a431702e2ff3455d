"""Python: metadata definitions through the binding, under openstacksdk's names and argument
order: demo reads the standard namespaces in pages and is refused writes; admin manages a
namespace of its own with objects, properties, tags and an association."""
import unittest

import osimage
from stack import Stack, unique_name

LIBVIRT = "OS::Compute::Libvirt"


class MetadefTests(unittest.TestCase):
    keystone = Stack("keystone")

    def setUp(self):
        self.demo = self.keystone.connect("osi-demo")
        self.admin = self.keystone.connect("osi-admin")

    def tearDown(self):
        self.demo.close()
        self.admin.close()

    def test_demo_reads_the_standard_namespaces_in_pages(self):
        names = [each["namespace"] for each in self.demo.metadef_namespaces(limit=3)]
        self.assertIn(LIBVIRT, names)
        self.assertGreaterEqual(len(names), 30)
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(len(list(self.demo.metadef_namespaces(limit=2, max_items=3))), 3)
        namespace = self.demo.get_metadef_namespace(LIBVIRT)
        self.assertEqual(namespace["namespace"], LIBVIRT)
        properties = list(self.demo.metadef_properties(LIBVIRT))
        self.assertEqual(len(properties), len(namespace["properties"]))
        self.assertTrue(all(each["type"] == "string" for each in self.demo.metadef_properties(LIBVIRT, type="string")))
        self.assertEqual(self.demo.get_metadef_property("boot_menu", LIBVIRT)["name"], "boot_menu")
        self.assertIn("OS::Glance::Image", [each["name"] for each in self.demo.metadef_resource_types()])
        self.assertIn("hw_", [each.get("prefix") for each in self.demo.metadef_resource_type_associations(namespace)])
        schemas = [self.demo.get_metadef_namespace_schema(), self.demo.get_metadef_namespaces_schema(),
                   self.demo.get_metadef_resource_type_schema(), self.demo.get_metadef_resource_types_schema(),
                   self.demo.get_metadef_object_schema(), self.demo.get_metadef_objects_schema(),
                   self.demo.get_metadef_property_schema(), self.demo.get_metadef_properties_schema(),
                   self.demo.get_metadef_tag_schema(), self.demo.get_metadef_tags_schema()]
        self.assertEqual([schema["name"] for schema in schemas],
                         ["namespace", "namespaces", "resource_type_association", "resource_type_associations", "object", "objects",
                          "property", "properties", "tag", "tags"])
        with self.assertRaises(osimage.NotFoundError):
            self.demo.get_metadef_namespace(unique_name("py-missing"))
        with self.assertRaises(osimage.InvalidArgumentError):
            list(self.demo.metadef_namespaces(colour="red"))

    def test_demo_may_not_write(self):
        writes = [
            lambda: self.demo.create_metadef_namespace(namespace=unique_name("py-ns")),
            lambda: self.demo.update_metadef_namespace(LIBVIRT, description="x"),
            lambda: self.demo.delete_metadef_namespace(LIBVIRT),
            lambda: self.demo.create_metadef_object(LIBVIRT, name="x"),
            lambda: self.demo.create_metadef_property(LIBVIRT, name="x", title="x", type="string"),
            lambda: self.demo.add_tag_to_metadef_namespace(LIBVIRT, "x"),
            lambda: self.demo.set_metadef_tags(LIBVIRT, ["x"], append=True),
            lambda: self.demo.create_metadef_resource_type_association(LIBVIRT, name="OS::Cinder::Volume"),
        ]
        for write in writes:
            with self.assertRaises(osimage.ForbiddenError):
                write()

    def test_admin_manages_a_namespace(self):
        ns = unique_name("py-ns")
        created = self.admin.create_metadef_namespace(namespace=ns, visibility="public")
        try:
            self.assertEqual(created["namespace"], ns)
            self.assertEqual(self.admin.update_metadef_namespace(created, description="d")["description"], "d")

            self.admin.create_metadef_object(ns, name="obj", properties={"p": {"title": "P", "type": "string"}})
            self.assertEqual(self.admin.update_metadef_object("obj", ns, description="o")["description"], "o")
            self.assertEqual(self.admin.get_metadef_object("obj", ns)["description"], "o")
            self.assertEqual([each["name"] for each in self.admin.metadef_objects(ns)], ["obj"])
            self.admin.delete_metadef_object("obj", ns)
            self.admin.delete_metadef_object("obj", ns)  # ignore_missing=True
            with self.assertRaises(osimage.NotFoundError):
                self.admin.delete_metadef_object("obj", ns, ignore_missing=False)
            self.admin.delete_all_metadef_objects(ns)

            self.admin.create_metadef_property(ns, name="size", title="Size", type="integer")
            self.assertEqual(self.admin.update_metadef_property("size", ns, title="S", type="integer")["title"], "S")
            self.assertEqual([each["name"] for each in self.admin.metadef_properties(ns, type="integer")], ["size"])
            self.admin.delete_metadef_property("size", ns, ignore_missing=False)
            self.admin.delete_metadef_property("size", ns)
            self.admin.delete_all_metadef_properties(ns)

            association = self.admin.create_metadef_resource_type_association(ns, name="OS::Glance::Image", prefix="py_")
            self.assertEqual(association["prefix"], "py_")
            self.assertEqual([each["name"] for each in self.admin.metadef_resource_type_associations(ns)],
                             ["OS::Glance::Image"])
            self.admin.delete_metadef_resource_type_association("OS::Glance::Image", ns)
            self.admin.delete_metadef_resource_type_association("OS::Glance::Image", ns)

            self.admin.add_tag_to_metadef_namespace(ns, "one")
            self.assertEqual(self.admin.create_metadef_tag("two", ns)["name"], "two")
            self.assertEqual(self.admin.update_metadef_tag("two", ns, "three")["name"], "three")
            self.assertEqual(self.admin.get_metadef_tag({"name": "three"}, ns)["name"], "three")
            appended = self.admin.set_metadef_tags(ns, ["a", "b", "c"], append=True)
            self.assertEqual(sorted(each["name"] for each in appended), ["a", "b", "c"])
            self.assertEqual(sorted(each["name"] for each in self.admin.metadef_tags(ns, limit=2)),
                             ["a", "b", "c", "one", "three"])
            self.admin.remove_tag_from_metadef_namespace(ns, "one")
            self.admin.delete_metadef_tag("three", ns)
            with self.assertRaises(osimage.NotFoundError):
                self.admin.delete_metadef_tag("three", ns)
            self.admin.set_metadef_tags(ns, ["only"])
            self.assertEqual([each["name"] for each in self.admin.metadef_tags(ns)], ["only"])
            self.admin.remove_tags_from_metadef_namespace(ns)
            self.assertEqual(list(self.admin.metadef_tags(ns)), [])
        finally:
            self.admin.delete_metadef_namespace(ns)
        with self.assertRaises(osimage.NotFoundError):
            self.admin.delete_metadef_namespace(ns, ignore_missing=False)


if __name__ == "__main__":
    unittest.main()
