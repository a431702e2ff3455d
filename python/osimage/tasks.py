"""TaskOperations: Glance's tasks API (admin only by default) from Connection."""
from . import _callbacks
from ._calls import JSON, resource_id, text, time_limit


class TaskOperations:
    """Mixed into Connection; uses its _value and _listing calls."""

    def tasks(self, **query):
        """A generator of tasks, filtered by type, status, sort_key, sort_dir, limit, marker,
        max_items, paginated. ForbiddenError (from the first item) for non-admins."""
        return self._listing("osi_tasks", JSON(query or None))

    def get_task(self, task):
        """One task by id (or task dict)."""
        return self._value("osi_get_task", resource_id(task, "task"))

    def create_task(self, **attrs):
        """Creates a task: type="import", input={"import_from": URL, "import_from_format":
        "raw", "image_properties": {...}}. Returns the new task (status "pending")."""
        return self._value("osi_create_task", JSON(attrs))

    def wait_for_task(self, task, status="success", failures=None, interval=2, wait=120, callback=None):
        """Polls the task until it has status; a status in failures (default ["failure"])
        raises TaskFailedError with the task's message; running out of wait seconds
        (None: no limit) TimeoutError. callback(task) sees every poll; an exception there
        stops the wait and is re-raised. Returns the task."""
        watch = _callbacks.watcher(callback)
        options = {"timeout": time_limit(wait), "interval": float(interval)}
        if failures is not None:
            options["failures"] = list(failures)
        return self._value("osi_wait_for_task", resource_id(task, "task"), text(status, "status"),
                           JSON(options), watch, None, callbacks=(watch,))
