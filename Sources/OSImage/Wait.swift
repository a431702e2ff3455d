import COSImageTypes
import CJansson
import OSImageCore

/// Waits until an image has `status` (e.g. "active" after an upload or import, or "deleted"),
/// polling `GET /v2/images/{id}`. `options` (borrowed; NULL for the defaults) is a JSON object:
/// "timeout" (seconds; absent or null: no limit) and "interval" (seconds between polls,
/// default 2; at least 0.1 is used); other keys give OSI_INVALID_ARGUMENT. For "active" it also waits until no store import is still running.
/// Fails fast with OSI_TASK_FAILED and the server's explanation when the image is killed, or
/// its import failed (os_glance_failed_import, or a failed task in GET
/// /v2/images/{id}/tasks); OSI_TIMEOUT names the last status seen. `callback` (may be NULL)
/// sees the image after every poll and stops the wait with OSI_ABORTED by returning
/// non-zero. On success *out_image (may be NULL) is a new reference to the image, NULL for
/// "deleted". The wait sleeps holding no lock: other threads keep using `conn`. Thread-safe.
@c public func osi_wait_for_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                  _ status: UnsafePointer<CChar>?, _ options: UnsafePointer<json_t>?,
                                  _ callback: osi_wait_cb?, _ userdata: UnsafeMutableRawPointer?,
                                  _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                  _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_image?.pointee = nil
        let client = try connection(conn)
        let image = try client.waitForImage(string(image_id, "image_id"), status: string(status, "status"),
                                            options: WaitOptions.forImage(json(options)),
                                            progress: observer(callback, userdata))
        out_image?.pointee = image?.forC
    }
}
