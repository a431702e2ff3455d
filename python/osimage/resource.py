"""Resources that read like openstacksdk's: dicts (the JSON Glance sent, `img["id"]`) with
attribute access and openstacksdk's attribute names as read aliases.

    image.id, image.status, image["status"]        Glance's names, as keys or attributes
    image.is_protected, image["is_protected"]      openstacksdk's names (ALIASES below)
    image.get("owner_id")                          both names work with get() and `in`
    image.properties                               the custom properties (openstacksdk's)
    image.to_dict()                                a plain dict: Glance's keys + the aliases

An attribute the resource class knows but the server did not send reads as None (as in
openstacksdk); any other missing attribute raises AttributeError. The alias maps are
openstacksdk 4.22's (openstack/image/v2/*.py): an attribute whose Body name differs.
"""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Dict, FrozenSet, Iterator, Mapping, Optional, Type, TypeVar

    R = TypeVar("R", bound="Resource")
    _Dict = Dict[str, Any]
else:
    _Dict = dict

# openstacksdk attribute name -> Glance's key, per resource class.
IMAGE_ALIASES: Dict[str, str] = {
    "is_hidden": "os_hidden", "is_protected": "protected", "hash_algo": "os_hash_algo",
    "hash_value": "os_hash_value", "owner_id": "owner", "needs_config_drive": "img_config_drive",
    "needs_secure_boot": "os_secure_boot", "is_hw_vif_multiqueue_enabled": "hw_vif_multiqueue_enabled",
    "is_hw_boot_menu_enabled": "hw_boot_menu", "has_auto_disk_config": "auto_disk_config",
}
MEMBER_ALIASES: Dict[str, str] = {"member_id": "member"}
TASK_ALIASES: Dict[str, str] = {"owner_id": "owner"}
SCHEMA_ALIASES: Dict[str, str] = {"additional_properties": "additionalProperties"}
STORE_ALIASES: Dict[str, str] = {"is_default": "default"}
IMPORT_ALIASES: Dict[str, str] = {"import_methods": "import-methods"}

# Glance's image keys that are not custom properties.
_IMAGE_BASE_KEYS = frozenset([
    "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo",
    "os_hash_value", "owner", "size", "virtual_size", "min_ram", "min_disk", "created_at",
    "updated_at", "tags", "container_format", "disk_format", "self", "file", "schema", "direct_url",
    "locations", "stores",
])


class Resource(_Dict):
    """A resource as Glance sent it, readable the openstacksdk way (see the module)."""

    #: openstacksdk name -> Glance key.
    aliases: Mapping[str, str] = {}
    #: Further attribute names of the openstacksdk class that read as None when absent.
    known: FrozenSet[str] = frozenset(["id", "name", "location"])

    @classmethod
    def wrap(cls: Type[R], value: Any) -> Any:
        """`value` as this resource class when it is a dict; other values unchanged."""
        return cls(value) if isinstance(value, dict) else value

    def _key(self, name: str) -> str:
        if not dict.__contains__(self, name) and name in self.aliases:
            return self.aliases[name]
        return name

    def __getitem__(self, name: str) -> Any:
        return dict.__getitem__(self, self._key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, self._key(name))

    def get(self, name: str, default: Any = None) -> Any:
        return dict.get(self, self._key(name), default)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        key = self._key(name)
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if name in self.aliases or name in self.known:
            return None
        raise AttributeError("%s has no attribute %r" % (type(self).__name__, name))

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict: every key Glance sent, plus each openstacksdk alias with its value."""
        result = dict(self)
        for alias, key in self.aliases.items():
            if key in result and alias not in result:
                result[alias] = result[key]
        return result

    def keys_with_aliases(self) -> Iterator[str]:
        """Glance's keys, then the aliases that have a value."""
        yield from self.keys()
        for alias, key in self.aliases.items():
            if dict.__contains__(self, key):
                yield alias

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__, dict.__repr__(self))


class Image(Resource):
    """An image (openstacksdk's openstack.image.v2.image.Image)."""

    aliases = IMAGE_ALIASES
    known = frozenset([
        "id", "name", "location", "checksum", "container_format", "created_at", "disk_format", "min_disk",
        "min_ram", "owner", "size", "store", "stores", "status", "updated_at", "virtual_size", "visibility",
        "file", "locations", "direct_url", "url", "metadata", "instance_uuid", "kernel_id", "os_distro",
        "os_version", "ramdisk_id", "vm_mode", "os_type", "tags", "schema",
    ])

    @property
    def properties(self) -> Dict[str, Any]:
        """The custom properties: every key that is not one of Glance's image attributes."""
        return {key: value for key, value in self.items() if key not in _IMAGE_BASE_KEYS}


class Member(Resource):
    """An image member (openstacksdk's Member; its id is the project id, member_id)."""

    aliases = MEMBER_ALIASES
    known = frozenset(["created_at", "image_id", "status", "schema", "updated_at", "location"])

    @property
    def id(self) -> Optional[str]:
        """openstacksdk's member id: the member project's id."""
        value = self.get("member_id")
        return value if isinstance(value, str) else None


class Task(Resource):
    """A task (openstacksdk's Task)."""

    aliases = TASK_ALIASES
    known = frozenset(["id", "location", "created_at", "expires_at", "input", "message", "result", "schema",
                       "status", "type", "updated_at"])


class Schema(Resource):
    """A JSON schema (openstacksdk's Schema)."""

    aliases = SCHEMA_ALIASES
    known = frozenset(["name", "location", "properties", "links"])


class Store(Resource):
    """A store (openstacksdk's Store)."""

    aliases = STORE_ALIASES
    known = frozenset(["id", "location", "description", "properties"])


class ImportInfo(Resource):
    """The import methods the cloud offers (openstacksdk's service_info.Import)."""

    aliases = IMPORT_ALIASES
    known = frozenset(["location"])


class DownloadResult(Resource):
    """What a download to `output` did: bytes, http_status, hash_algo, hash_expected,
    hash_actual, hash_source, hash_verified, ranged, content_range, connections, and
    resumed_from (with resume=True; None otherwise)."""

    known = frozenset(["bytes", "http_status", "hash_algo", "hash_expected", "hash_actual", "hash_source",
                       "hash_verified", "ranged", "content_range", "connections", "resumed_from"])
