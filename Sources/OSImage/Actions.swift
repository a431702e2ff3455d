import COSImageTypes
import CJansson
import OSImageCore

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

/// Adds a tag to an image (`PUT /v2/images/{id}/tags/{tag}`); adding it twice is no error.
/// A tag with '/' or control characters gives OSI_INVALID_ARGUMENT. Thread-safe.
@c public func osi_add_tag(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ tag: UnsafePointer<CChar>?,
                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).addTag(string(image_id, "image_id"), string(tag, "tag"))
    }
}

/// Removes a tag from an image (`DELETE /v2/images/{id}/tags/{tag}`); a tag the image does
/// not have gives OSI_NOT_FOUND. Thread-safe.
@c public func osi_remove_tag(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ tag: UnsafePointer<CChar>?,
                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).removeTag(string(image_id, "image_id"), string(tag, "tag"))
    }
}
