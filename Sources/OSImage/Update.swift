import COSImageTypes
import CJansson
import OSImageCore

/// Changes an image's attributes and properties with one JSON patch, built against the image
/// as it is on the server (one GET first). `changes` (borrowed) is a JSON object: an existing
/// key with a new value is replaced, a new key added, an equal value left alone; null removes
/// a custom property (and nothing else is ever removed). "tags" replaces the whole list.
/// Custom property values may be strings, numbers or booleans and are sent as strings
/// (Glance's rule). openstacksdk names work (is_protected, is_hidden, owner_id, ...);
/// read-only attributes (id, status, size, checksum, created_at, ...) give
/// OSI_INVALID_ARGUMENT before any request. Nothing to change: no PATCH is sent. On success
/// *out_image is a new reference to the updated image. Thread-safe.
@c public func osi_update_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                _ changes: UnsafePointer<json_t>?,
                                _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_image, "out_image")
        let client = try connection(conn)
        out.pointee = try client.updateImage(string(image_id, "image_id"), changes: jsonObject(changes, "changes")).forC
    }
}
