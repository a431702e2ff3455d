"""MetadefOperations: metadata definitions (namespaces and their objects, properties, tags and
resource type associations) of Connection, under openstacksdk's names and argument order.

A namespace is its name ("OS::Compute::Libvirt") or a namespace dict (its "namespace"); an
object, property, tag or resource type is its name or a dict with a "name". Writing needs the
admin role under Glance's default policies (others get ForbiddenError)."""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

from ._operations import Operations
from ._calls import JSON, resource_id, text


def _namespace(namespace: Any) -> Any:
    return resource_id(namespace, "namespace", key="namespace")


def _name(resource: Any, what: Any) -> Any:
    return resource_id(resource, what, key="name")


class MetadefOperations(Operations):
    """Mixed into Connection; uses its _value, _listing and _action calls."""

    # ---- namespaces ----

    def create_metadef_namespace(self, **attrs: Any) -> Any:
        """Creates a namespace: namespace= (required), display_name, description, visibility,
        protected, properties, objects, tags, resource_type_associations."""
        return self._value("osi_create_metadef_namespace", JSON(attrs))

    def delete_metadef_namespace(self, metadef_namespace: Any, ignore_missing: Any = True) -> Any:
        """Deletes a namespace and everything in it."""
        self._action("osi_delete_metadef_namespace", _namespace(metadef_namespace), int(bool(ignore_missing)))

    def get_metadef_namespace(self, metadef_namespace: Any) -> Any:
        """One namespace, with its properties, objects, tags and associations."""
        return self._value("osi_get_metadef_namespace", _namespace(metadef_namespace))

    def metadef_namespaces(self, **query: Any) -> Any:
        """A generator of namespaces, paged (limit=, marker=), filtered by resource_types,
        visibility, sorted by sort_key/sort_dir; max_items= stops early."""
        return self._listing("osi_metadef_namespaces", JSON(query or None))

    def update_metadef_namespace(self, metadef_namespace: Any, **attrs: Any) -> Any:
        """Replaces the namespace's fields (namespace= defaults to its current name)."""
        return self._value("osi_update_metadef_namespace", _namespace(metadef_namespace), JSON(attrs))

    def add_tag_to_metadef_namespace(self, namespace: Any, tag: Any) -> Any:
        """Adds one tag to the namespace (ConflictError if it has it)."""
        self._action("osi_add_tag_to_metadef_namespace", _namespace(namespace), text(tag, "tag"))

    def remove_tag_from_metadef_namespace(self, namespace: Any, tag: Any) -> Any:
        """Removes one tag from the namespace (NotFoundError if it has not)."""
        self._action("osi_remove_tag_from_metadef_namespace", _namespace(namespace), text(tag, "tag"))

    def remove_tags_from_metadef_namespace(self, namespace: Any) -> Any:
        """Removes every tag of the namespace."""
        self._action("osi_remove_tags_from_metadef_namespace", _namespace(namespace))

    # ---- objects ----

    def create_metadef_object(self, namespace: Any, **attrs: Any) -> Any:
        """Creates an object: name= (required), description, required, properties."""
        return self._value("osi_create_metadef_object", _namespace(namespace), JSON(attrs))

    def get_metadef_object(self, metadef_object: Any, namespace: Any) -> Any:
        """One object of the namespace."""
        return self._value("osi_get_metadef_object", _namespace(namespace), _name(metadef_object, "metadef_object"))

    def metadef_objects(self, namespace: Any, **query: Any) -> Any:
        """A generator of the namespace's objects (visibility, resource_types, sort_key,
        sort_dir, max_items)."""
        return self._listing("osi_metadef_objects", _namespace(namespace), JSON(query or None))

    def update_metadef_object(self, metadef_object: Any, namespace: Any, **attrs: Any) -> Any:
        """Replaces the object (name= defaults to its current name)."""
        return self._value("osi_update_metadef_object", _namespace(namespace), _name(metadef_object, "metadef_object"),
                           JSON(attrs))

    def delete_metadef_object(self, metadef_object: Any, namespace: Any, ignore_missing: Any = True) -> Any:
        """Deletes one object of the namespace."""
        self._action("osi_delete_metadef_object", _namespace(namespace), _name(metadef_object, "metadef_object"),
                     int(bool(ignore_missing)))

    def delete_all_metadef_objects(self, namespace: Any) -> Any:
        """Deletes every object of the namespace."""
        self._action("osi_delete_all_metadef_objects", _namespace(namespace))

    # ---- resource types ----

    def metadef_resource_types(self, **query: Any) -> Any:
        """A generator of the resource types (exact-match filters on their fields, max_items)."""
        return self._listing("osi_metadef_resource_types", JSON(query or None))

    def create_metadef_resource_type_association(self, metadef_namespace: Any, **attrs: Any) -> Any:
        """Associates the namespace with a resource type: name= (required), prefix,
        properties_target."""
        return self._value("osi_create_metadef_resource_type_association", _namespace(metadef_namespace), JSON(attrs))

    def delete_metadef_resource_type_association(self, metadef_resource_type: Any, metadef_namespace: Any, ignore_missing: Any = True) -> Any:
        """Removes the namespace's association with the resource type."""
        self._action("osi_delete_metadef_resource_type_association", _namespace(metadef_namespace),
                     _name(metadef_resource_type, "metadef_resource_type"), int(bool(ignore_missing)))

    def metadef_resource_type_associations(self, metadef_namespace: Any, **query: Any) -> Any:
        """A generator of the namespace's resource type associations (exact-match filters,
        max_items)."""
        return self._listing("osi_metadef_resource_type_associations", _namespace(metadef_namespace),
                             JSON(query or None))

    # ---- properties ----

    def create_metadef_property(self, metadef_namespace: Any, **attrs: Any) -> Any:
        """Creates a property: name=, title=, type= (required), description, enum, default, ..."""
        return self._value("osi_create_metadef_property", _namespace(metadef_namespace), JSON(attrs))

    def update_metadef_property(self, metadef_property: Any, metadef_namespace: Any, **attrs: Any) -> Any:
        """Replaces the property (Glance wants title= and type= again; name= defaults to the
        current name)."""
        return self._value("osi_update_metadef_property", _namespace(metadef_namespace),
                           _name(metadef_property, "metadef_property"), JSON(attrs))

    def delete_metadef_property(self, metadef_property: Any, metadef_namespace: Any, ignore_missing: Any = True) -> Any:
        """Deletes one property of the namespace."""
        self._action("osi_delete_metadef_property", _namespace(metadef_namespace),
                     _name(metadef_property, "metadef_property"), int(bool(ignore_missing)))

    def metadef_properties(self, metadef_namespace: Any, **query: Any) -> Any:
        """A generator of the namespace's properties, each with its "name"; keyword
        arguments are exact-match filters on their fields (type="string"), max_items."""
        return self._listing("osi_metadef_properties", _namespace(metadef_namespace), JSON(query or None))

    def get_metadef_property(self, metadef_property: Any, metadef_namespace: Any) -> Any:
        """One property of the namespace."""
        return self._value("osi_get_metadef_property", _namespace(metadef_namespace),
                           _name(metadef_property, "metadef_property"))

    def delete_all_metadef_properties(self, metadef_namespace: Any) -> Any:
        """Deletes every property of the namespace."""
        self._action("osi_delete_all_metadef_properties", _namespace(metadef_namespace))

    # ---- tags (Glance routes openstacksdk has no method for) ----

    def metadef_tags(self, namespace: Any, **query: Any) -> Any:
        """A generator of the namespace's tags; limit= pages them (by marker), sort_key,
        sort_dir, max_items."""
        return self._listing("osi_metadef_tags", _namespace(namespace), JSON(query or None))

    def get_metadef_tag(self, tag: Any, namespace: Any) -> Any:
        """One tag of the namespace."""
        return self._value("osi_get_metadef_tag", _namespace(namespace), _name(tag, "tag"))

    def create_metadef_tag(self, tag: Any, namespace: Any) -> Any:
        """Creates one tag in the namespace and returns it."""
        return self._value("osi_create_metadef_tag", _namespace(namespace), _name(tag, "tag"))

    def update_metadef_tag(self, tag: Any, namespace: Any, name: Any) -> Any:
        """Renames a tag to name and returns it."""
        return self._value("osi_update_metadef_tag", _namespace(namespace), _name(tag, "tag"), text(name, "name"))

    def delete_metadef_tag(self, tag: Any, namespace: Any) -> Any:
        """Deletes one tag of the namespace."""
        self._action("osi_delete_metadef_tag", _namespace(namespace), _name(tag, "tag"))

    def set_metadef_tags(self, namespace: Any, tags: Any, append: Any = False) -> Any:
        """Replaces the namespace's tags by tags (a list of names), or adds them with
        append=True; returns the tags Glance lists."""
        return self._value("osi_set_metadef_tags", _namespace(namespace), JSON(list(tags)), int(bool(append)))

    # ---- schemas ----

    def get_metadef_namespace_schema(self) -> Any:
        """The JSON schema of a metadef namespace."""
        return self._value("osi_get_metadef_namespace_schema")

    def get_metadef_namespaces_schema(self) -> Any:
        """The JSON schema of a metadef namespace list."""
        return self._value("osi_get_metadef_namespaces_schema")

    def get_metadef_resource_type_schema(self) -> Any:
        """The JSON schema of a metadef resource type association."""
        return self._value("osi_get_metadef_resource_type_schema")

    def get_metadef_resource_types_schema(self) -> Any:
        """The JSON schema of a metadef resource type association list."""
        return self._value("osi_get_metadef_resource_types_schema")

    def get_metadef_object_schema(self) -> Any:
        """The JSON schema of a metadef object."""
        return self._value("osi_get_metadef_object_schema")

    def get_metadef_objects_schema(self) -> Any:
        """The JSON schema of a metadef object list."""
        return self._value("osi_get_metadef_objects_schema")

    def get_metadef_property_schema(self) -> Any:
        """The JSON schema of a metadef property."""
        return self._value("osi_get_metadef_property_schema")

    def get_metadef_properties_schema(self) -> Any:
        """The JSON schema of a metadef property list."""
        return self._value("osi_get_metadef_properties_schema")

    def get_metadef_tag_schema(self) -> Any:
        """The JSON schema of a metadef tag."""
        return self._value("osi_get_metadef_tag_schema")

    def get_metadef_tags_schema(self) -> Any:
        """The JSON schema of a metadef tag list."""
        return self._value("osi_get_metadef_tags_schema")
