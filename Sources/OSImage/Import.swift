import COSImageTypes
import CJansson
import OSImageCore

/// Starts an import of data into an image (`POST /v2/images/{id}/import`, 202); follow it
/// with osi_wait_for_image(). `options` (borrowed; NULL for glance-direct into the default
/// store) is a JSON object: "method" (or "import_method"): "glance-direct" (after
/// osi_stage_image), "web-download" (with "uri"), "copy-image" (an active image, into
/// "stores"), "glance-download" (with "remote_region", "remote_image_id" and optionally
/// "remote_service_interface"); "stores" (array of store ids) or "store" (one id);
/// "all_stores" and "all_stores_must_succeed" (booleans). Unknown keys, wrong types and
/// mutually exclusive options give OSI_INVALID_ARGUMENT before any request; a method the
/// cloud does not offer, or stores on a cloud without the multi-store API, gives
/// OSI_UNSUPPORTED; an image in the wrong state OSI_CONFLICT.
/// Thread-safe.
@c public func osi_import_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                _ options: UnsafePointer<json_t>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let client = try connection(conn)
        try client.importImage(string(image_id, "image_id"), ImportOptions.from(json(options)))
    }
}
