"""TaskOperations: Glance's tasks API (admin only by default) from Connection."""
from __future__ import annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterator, List, Optional, Union

    TaskRef = Union[str, Dict[str, Any]]

from . import _callbacks
from ._calls import JSON, resource_id, text, time_limit
from ._operations import Operations
from .resource import Task


class TaskOperations(Operations):
    """Mixed into Connection; uses its _value and _listing calls."""

    def tasks(self, **query: Any) -> Iterator[Task]:
        """A generator of tasks, filtered by type, status, sort_key, sort_dir, limit, marker,
        max_items, paginated. ForbiddenError (from the first item) for non-admins."""
        listing: Iterator[Task] = self._listing("osi_tasks", JSON(query or None), wrap=Task)
        return listing

    def get_task(self, task: TaskRef) -> Task:
        """One task by id (or task resource)."""
        return Task(self._value("osi_get_task", resource_id(task, "task")))

    def create_task(self, **attrs: Any) -> Task:
        """Creates a task: type="import", input={"import_from": URL, "import_from_format":
        "raw", "image_properties": {...}}. Returns the new task (status "pending")."""
        return Task(self._value("osi_create_task", JSON(attrs)))

    def wait_for_task(self, task: TaskRef, status: str = "success", failures: Optional[List[str]] = None,
                      interval: float = 2, wait: Optional[float] = 120,
                      callback: Optional[Callable[[Task], Any]] = None) -> Task:
        """Polls the task until it has status; a status in failures (default ["failure"])
        raises TaskFailedError (ResourceFailure) with the task's message; running out of wait
        seconds (None: no limit) TimeoutError (ResourceTimeout). callback(task) sees every
        poll; an exception there stops the wait and is re-raised. Deliberately unlike
        openstacksdk: a bare task id works, and a failed task is never recreated. Returns the
        task."""
        watch = _callbacks.watcher(None if callback is None else (lambda seen: callback(Task(seen))))
        options: Dict[str, Any] = {"timeout": time_limit(wait), "interval": float(interval)}
        if failures is not None:
            options["failures"] = list(failures)
        return Task(self._value("osi_wait_for_task", resource_id(task, "task"), text(status, "status"),
                                JSON(options), watch, None, callbacks=(watch,)))
