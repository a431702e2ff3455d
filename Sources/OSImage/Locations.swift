import COSImageTypes
import CJansson
import OSImageCore

// Image locations (the v2.17 locations API).

/// Adds a location to a queued image (`POST /v2/images/{image_id}/locations`, 202): Glance
/// reads the data at `url` (an http(s) URL of a configured http store unless the caller has the
/// service role), hashes it, checks `validation_data` (borrowed JSON object or NULL:
/// "os_hash_algo", "os_hash_value") and activates the image in the background; follow it with
/// osi_wait_for_image(). A non-queued image gives OSI_CONFLICT, a refused URL OSI_FORBIDDEN or
/// OSI_HTTP (400). Needs image API v2.17 (OSI_UNSUPPORTED before any request otherwise).
/// Thread-safe.
@c public func osi_add_image_location(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                      _ url: UnsafePointer<CChar>?, _ validation_data: UnsafePointer<json_t>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).addImageLocation(string(image_id, "image_id"), url: string(url, "url"), validationData: json(validation_data))
    }
}

/// Lists the locations of an image lazily (`GET /v2/images/{image_id}/locations`): {"url",
/// "metadata": {"store": ...}}. Only the service and admin roles may by default (others:
/// OSI_FORBIDDEN). Needs image API v2.17 (OSI_UNSUPPORTED before any request otherwise). Free
/// the iterator with osi_iter_free(). Thread-safe.
@c public func osi_image_locations(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                   _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).imageLocations(string(image_id, "image_id")))
    }
}
