import COSImageTypes
import CJansson
import OSImageCore

/// Deletes an image (`DELETE /v2/images/{id}`), or only its data in one store. With
/// ignore_missing non-zero (openstacksdk's default) a missing image is no error; otherwise
/// OSI_NOT_FOUND. `options` (borrowed; may be NULL) is a JSON object: "store" (a store id:
/// `DELETE /v2/stores/{store}/{id}`); other keys give OSI_INVALID_ARGUMENT. A protected image
/// gives OSI_FORBIDDEN. Thread-safe.
@c public func osi_delete_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                                _ options: UnsafePointer<json_t>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteImage(string(image_id, "image_id"), ignoreMissing: ignore_missing != 0,
                                         options: json(options))
    }
}
