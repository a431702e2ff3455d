"""ServiceInfoOperations: schemas, stores and import info of Connection."""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Iterator

from ._operations import Operations
from .resource import ImportInfo, Schema, Store


class ServiceInfoOperations(Operations):
    """Mixed into Connection; uses its _value and _listing calls."""

    def get_image_schema(self) -> Schema:
        """The JSON schema of an image (GET /v2/schemas/image)."""
        return Schema(self._value("osi_get_image_schema"))

    def get_images_schema(self) -> Schema:
        """The JSON schema of an image list (GET /v2/schemas/images)."""
        return Schema(self._value("osi_get_images_schema"))

    def get_member_schema(self) -> Schema:
        """The JSON schema of an image member (GET /v2/schemas/member)."""
        return Schema(self._value("osi_get_member_schema"))

    def get_members_schema(self) -> Schema:
        """The JSON schema of a member list (GET /v2/schemas/members)."""
        return Schema(self._value("osi_get_members_schema"))

    def get_task_schema(self) -> Schema:
        """The JSON schema of a task (GET /v2/schemas/task)."""
        return Schema(self._value("osi_get_task_schema"))

    def get_tasks_schema(self) -> Schema:
        """The JSON schema of a task list (GET /v2/schemas/tasks)."""
        return Schema(self._value("osi_get_tasks_schema"))

    def get_import_info(self) -> ImportInfo:
        """The import methods the cloud offers (GET /v2/info/import); import_methods is
        openstacksdk's name for its "import-methods"."""
        return ImportInfo(self._value("osi_get_import_info"))

    def stores(self, details: bool = False, **query: Any) -> Iterator[Store]:
        """A generator of the stores (GET /v2/info/stores; details=True needs admin). The
        query (e.g. id="file1", is_default=True) filters the stores here, as Glance takes no
        filters on this call."""
        listing: Iterator[Store] = self._listing("osi_stores", int(bool(details)), wrap=Store)
        if not query:
            return listing
        return (store for store in listing if all(store.get(key) == value for key, value in query.items()))
