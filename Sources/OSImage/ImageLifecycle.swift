import COSImageTypes
import CJansson
import OSImageCore

/// Deletes an image (`DELETE /v2/images/{id}`), or only its data in one store. `options`
/// (borrowed; may be NULL) is a JSON object: "store" (a store id: `DELETE
/// /v2/stores/{store}/{id}`) and "ignore_missing" (default true, like openstacksdk: a
/// missing image is no error; false gives OSI_NOT_FOUND). A protected image gives
/// OSI_FORBIDDEN. Thread-safe.
@c public func osi_delete_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                _ options: UnsafePointer<json_t>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let client = try connection(conn)
        let given = try OptionsObject(json(options), what: "delete option", known: ["store", "ignore_missing"])
        try client.deleteImage(string(image_id, "image_id"), store: given.string("store"),
                               ignoreMissing: given.bool("ignore_missing") ?? true)
    }
}

/// Deactivates an active image (`POST /v2/images/{id}/actions/deactivate`): its data can no
/// longer be downloaded except by admins. Unlike openstacksdk, errors are reported: another
/// status gives OSI_CONFLICT, a non-owner OSI_FORBIDDEN. Thread-safe.
@c public func osi_deactivate_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deactivateImage(string(image_id, "image_id"))
    }
}

/// Reactivates a deactivated image (`POST /v2/images/{id}/actions/reactivate`). Errors as
/// for osi_deactivate_image(). Thread-safe.
@c public func osi_reactivate_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).reactivateImage(string(image_id, "image_id"))
    }
}
