import COSImageTypes
import CJansson
import OSImageCore

/// Gets one image by id (`GET /v2/images/{id}`). On success *out_image is a new reference.
/// An unknown id gives OSI_NOT_FOUND. Thread-safe.
@c public func osi_get_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                             _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_image, "out_image")
        out.pointee = try connection(conn).getImage(string(image_id, "image_id")).forC
    }
}

/// Finds an image by id, else by exact name (hidden images included). With ignore_missing
/// non-zero, no match gives OSI_OK and *out_image NULL; otherwise OSI_NOT_FOUND. A name
/// matching several images gives OSI_AMBIGUOUS. On success *out_image is a new reference.
/// Thread-safe.
@c public func osi_find_image(_ conn: osi_conn_ref?, _ name_or_id: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                              _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_image, "out_image")
        let client = try connection(conn)
        out.pointee = try client.findImage(string(name_or_id, "name_or_id"), ignoreMissing: ignore_missing != 0)?.forC
    }
}

/// Lists images lazily: *out_iter yields each image (new references) and fetches pages as
/// needed, following Glance's next links. `query` (borrowed; NULL for none) is a JSON object
/// of filters sent as query parameters: name, id, status, visibility, member_status, owner,
/// tag (string or array), size_min, size_max, protected, is_hidden/os_hidden, created_at,
/// updated_at, sort, sort_key, sort_dir, limit (page size; default 1000), marker, and any
/// image property (e.g. "os_distro"). Two keys stay local: "max_items" (stop after N) and
/// "paginated" (false: first page only). The first page is fetched by the first
/// osi_iter_next(). Free the iterator with osi_iter_free(). Thread-safe.
@c public func osi_images(_ conn: osi_conn_ref?, _ query: UnsafePointer<json_t>?,
                          _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                          _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).images(query: json(query)))
    }
}
