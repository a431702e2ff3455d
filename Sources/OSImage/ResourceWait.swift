import COSImageTypes
import CJansson
import OSImageCore

/// openstacksdk's wait_for_status: waits until a resource's "status" (or the attribute named
/// by the "attribute" option) equals `status`, ignoring case, polling it every "interval"
/// seconds (default 2) for at most "timeout" seconds (absent or null: no limit).
/// `resource` (borrowed JSON object) is an image, a task (its "schema" or "self" says so)
/// or a member (it has "member_id" and "image_id"), as the library returned it. A value in
/// the "failures" option (array of strings; default ["error"]) ends the wait with
/// OSI_TASK_FAILED (the resource's "message" added); running out of time gives OSI_TIMEOUT
/// naming the last value seen; a resource without the attribute OSI_INVALID_ARGUMENT.
/// `callback` (may be NULL) sees the resource after every poll; non-zero stops the wait with
/// OSI_ABORTED. On success *out_resource (may be NULL) is a new reference to the resource as
/// last fetched. The wait sleeps holding no lock: other threads keep using `conn`.
/// Thread-safe.
@c public func osi_wait_for_status(_ conn: osi_conn_ref?, _ resource: UnsafePointer<json_t>?, _ status: UnsafePointer<CChar>?,
                                   _ options: UnsafePointer<json_t>?, _ callback: osi_wait_cb?,
                                   _ userdata: UnsafeMutableRawPointer?,
                                   _ out_resource: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_resource?.pointee = nil
        let client = try connection(conn)
        let target = try jsonObject(resource, "resource")
        let (settings, attribute) = try WaitOptions.forStatus(json(options, "options"))
        let found = try client.waitForStatus(target, status: string(status, "status"), failures: settings.failures,
                                             attribute: attribute, timeout: settings.timeout,
                                             interval: settings.interval, progress: observer(callback, userdata))
        out_resource?.pointee = found.forC
    }
}

/// openstacksdk's wait_for_delete: waits until the resource (as for osi_wait_for_status())
/// is gone, i.e. the server answers 404 (an image in status deleted or pending_delete
/// counts as gone), polling every "interval" seconds (default 2) for at most "timeout"
/// seconds (absent or null: no limit) of `options` (borrowed; NULL for the defaults);
/// OSI_TIMEOUT after that. `callback` as for osi_wait_for_status(). On success
/// *out_resource (may be NULL) is a new reference to the resource as last seen. Thread-safe.
@c public func osi_wait_for_delete(_ conn: osi_conn_ref?, _ resource: UnsafePointer<json_t>?, _ options: UnsafePointer<json_t>?,
                                   _ callback: osi_wait_cb?, _ userdata: UnsafeMutableRawPointer?,
                                   _ out_resource: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_resource?.pointee = nil
        let client = try connection(conn)
        let target = try jsonObject(resource, "resource")
        let settings = try WaitOptions.forDelete(json(options, "options"))
        let last = try client.waitForDelete(target, timeout: settings.timeout, interval: settings.interval,
                                            progress: observer(callback, userdata))
        out_resource?.pointee = last.forC
    }
}

/// openstacksdk's update_image_properties: `properties` (borrowed JSON object; NULL for
/// none) converted its way (min_disk, min_ram, size and virtual_size to integers, other
/// values to strings, null removes a custom property), then `meta` (borrowed object; NULL for
/// none) sent exactly as given and winning over `properties`; only the values that differ
/// from the image's are sent, in one patch (the rules of osi_update_image()). If
/// `out_changed` is not NULL it is set to 1 when something was changed, else 0 (nothing is
/// sent then). If `out_image` is not NULL it receives the image afterwards (a new reference).
/// Thread-safe.
@c public func osi_update_image_properties(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                           _ meta: UnsafePointer<json_t>?, _ properties: UnsafePointer<json_t>?,
                                           _ out_changed: UnsafeMutablePointer<Int32>?,
                                           _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_changed?.pointee = 0
        out_image?.pointee = nil
        let client = try connection(conn)
        let given = try json(properties, "properties")
        if let given, !given.isObject, !given.isNull { throw .invalidArgument("properties must be a JSON object") }
        let (changed, image) = try client.updateImageProperties(string(image_id, "image_id"), meta: json(meta, "meta"),
                                                                properties: given)
        out_changed?.pointee = changed ? 1 : 0
        out_image?.pointee = image.forC
    }
}
