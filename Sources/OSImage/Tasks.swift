import COSImageTypes
import CJansson
import OSImageCore

/// Lists an image's import tasks (`GET /v2/images/{id}/tasks`), where a failed import
/// explains itself in "message". *out_iter yields one JSON object per task (new references);
/// free it with osi_iter_free(). Thread-safe.
@c public func osi_image_tasks(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                               _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        let client = try connection(conn)
        out.pointee = retained(try client.imageTaskList(string(image_id, "image_id")))
    }
}

/// Lists tasks lazily (`GET /v2/tasks`, admin only on Glance's default policies: others get
/// OSI_FORBIDDEN from the first osi_iter_next()). `query` (borrowed; NULL for all) is a JSON
/// object: "type", "status", "sort_key", "sort_dir", "limit" (page size; default 1000),
/// "marker", and the local "max_items" and "paginated"; other keys give
/// OSI_INVALID_ARGUMENT. Free the iterator with osi_iter_free(). Thread-safe.
@c public func osi_tasks(_ conn: osi_conn_ref?, _ query: UnsafePointer<json_t>?,
                         _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                         _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).tasks(query: json(query)))
    }
}

/// Gets one task (`GET /v2/tasks/{id}`): "id", "type", "status" (pending, processing,
/// success, failure), "input", "result" (e.g. {"image_id": ...}), "message", ... On success
/// *out_task is a new reference. Thread-safe.
@c public func osi_get_task(_ conn: osi_conn_ref?, _ task_id: UnsafePointer<CChar>?,
                            _ out_task: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                            _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_task, "out_task")
        out.pointee = try connection(conn).getTask(string(task_id, "task_id")).forC
    }
}

/// Creates a task (`POST /v2/tasks`, admin only by default). `task` (borrowed) is a JSON
/// object {"type": "import", "input": {"import_from": URL, "import_from_format": "raw",
/// "image_properties": {"name": ..., "disk_format": ..., "container_format": ...}}}; other
/// keys give OSI_INVALID_ARGUMENT. On success *out_task is a new reference to the new task
/// (status "pending"); follow it with osi_wait_for_task(). Thread-safe.
@c public func osi_create_task(_ conn: osi_conn_ref?, _ task: UnsafePointer<json_t>?,
                               _ out_task: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_task, "out_task")
        out.pointee = try connection(conn).createTask(jsonObject(task, "task")).forC
    }
}

/// Waits until a task has `status` (NULL: "success", compared ignoring case), polling `GET
/// /v2/tasks/{id}`. `options` (borrowed; NULL for the defaults, openstacksdk's) is a JSON
/// object: "timeout" (seconds, default 120; null: no limit), "interval" (seconds between
/// polls, default 2) and "failures" (array of statuses that end the wait with
/// OSI_TASK_FAILED carrying the task's message; default ["failure"]); other keys give
/// OSI_INVALID_ARGUMENT. Running out of time gives OSI_TIMEOUT naming the last status seen.
/// `callback` (may be NULL) sees the task after every poll and stops the wait with
/// OSI_ABORTED by returning non-zero. On success *out_task (may be NULL) is a new reference
/// to the task. The wait sleeps holding no lock: other threads keep using `conn`.
/// Thread-safe.
@c public func osi_wait_for_task(_ conn: osi_conn_ref?, _ task_id: UnsafePointer<CChar>?, _ status: UnsafePointer<CChar>?,
                                 _ options: UnsafePointer<json_t>?, _ callback: osi_wait_cb?,
                                 _ userdata: UnsafeMutableRawPointer?,
                                 _ out_task: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_task?.pointee = nil
        let client = try connection(conn)
        let task = try client.waitForTask(string(task_id, "task_id"), status: optionalString(status, "status"),
                                          options: WaitOptions.forTask(json(options)), progress: observer(callback, userdata))
        out_task?.pointee = task.forC
    }
}
