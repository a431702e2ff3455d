"""ServiceInfoOperations: schemas, stores and import info of Connection."""


class ServiceInfoOperations:
    """Mixed into Connection; uses its _value and _listing calls."""

    def get_image_schema(self):
        """The JSON schema of an image (GET /v2/schemas/image)."""
        return self._value("osi_get_image_schema")

    def get_images_schema(self):
        """The JSON schema of an image list (GET /v2/schemas/images)."""
        return self._value("osi_get_images_schema")

    def get_member_schema(self):
        """The JSON schema of an image member (GET /v2/schemas/member)."""
        return self._value("osi_get_member_schema")

    def get_members_schema(self):
        """The JSON schema of a member list (GET /v2/schemas/members)."""
        return self._value("osi_get_members_schema")

    def get_task_schema(self):
        """The JSON schema of a task (GET /v2/schemas/task)."""
        return self._value("osi_get_task_schema")

    def get_tasks_schema(self):
        """The JSON schema of a task list (GET /v2/schemas/tasks)."""
        return self._value("osi_get_tasks_schema")

    def get_import_info(self):
        """The import methods the cloud offers (GET /v2/info/import)."""
        return self._value("osi_get_import_info")

    def stores(self, details=False):
        """A generator of the stores (GET /v2/info/stores; details=True needs admin)."""
        return self._listing("osi_stores", int(bool(details)))
