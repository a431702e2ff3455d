import COSImageTypes
import CJansson
import OSImageCore

// Members share an image with other projects. Every function names the image by its id and
// the member by its project id (image first), both checked: no '/', no control characters.

/// Shares a `shared` image with a project (`POST /v2/images/{id}/members`); the member starts
/// "pending" until that project accepts with osi_update_member(). A private image gives
/// OSI_FORBIDDEN, a project that is already a member OSI_CONFLICT. On success *out_member is a
/// new reference to the member. Thread-safe.
@c public func osi_add_member(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ member_id: UnsafePointer<CChar>?,
                              _ out_member: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_member, "out_member")
        let client = try connection(conn)
        out.pointee = try client.addMember(image: string(image_id, "image_id"), member: string(member_id, "member_id")).forC
    }
}

/// Stops sharing an image with a project (`DELETE /v2/images/{id}/members/{member}`). With
/// ignore_missing non-zero a project that is not a member is no error; otherwise
/// OSI_NOT_FOUND. Thread-safe.
@c public func osi_remove_member(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                 _ member_id: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).removeMember(image: string(image_id, "image_id"), member: string(member_id, "member_id"),
                                          ignoreMissing: ignore_missing != 0)
    }
}

/// Finds a member of an image by project id. With ignore_missing non-zero, a project that is
/// not a member gives OSI_OK and *out_member NULL; otherwise OSI_NOT_FOUND. On success
/// *out_member is a new reference. Thread-safe.
@c public func osi_find_member(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                               _ member_id: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                               _ out_member: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_member, "out_member")
        let client = try connection(conn)
        out.pointee = try client.findMember(image: string(image_id, "image_id"), member: string(member_id, "member_id"),
                                            ignoreMissing: ignore_missing != 0)?.forC
    }
}

/// Gets one member of an image (`GET /v2/images/{id}/members/{member}`): {"member_id",
/// "image_id", "status", "created_at", "updated_at", ...}. Not a member: OSI_NOT_FOUND. On
/// success *out_member is a new reference. Thread-safe.
@c public func osi_get_member(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ member_id: UnsafePointer<CChar>?,
                              _ out_member: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_member, "out_member")
        let client = try connection(conn)
        out.pointee = try client.getMember(image: string(image_id, "image_id"), member: string(member_id, "member_id")).forC
    }
}

/// Lists an image's members lazily (`GET /v2/images/{id}/members`, fetched by the first
/// osi_iter_next()). `query` (borrowed; NULL for all) is honoured, unlike openstacksdk: a JSON
/// object of exact matches on "status" (pending, accepted, rejected; "all" for any),
/// "member_id" (or "member"), "created_at", "updated_at", plus "max_items"; other keys give
/// OSI_INVALID_ARGUMENT. Glance filters nothing itself, so osimage does. Free the iterator
/// with osi_iter_free(). Thread-safe.
@c public func osi_members(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ query: UnsafePointer<json_t>?,
                           _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).members(image: string(image_id, "image_id"), query: json(query)))
    }
}

/// Sets the member status of the calling project for a shared image (`PUT
/// /v2/images/{id}/members/{member}`): "accepted" (the image then appears in its default
/// image list), "rejected" or "pending". Only the member project may; the owner gets
/// OSI_FORBIDDEN. On success *out_member is a new reference to the updated member.
/// Thread-safe.
@c public func osi_update_member(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                                 _ member_id: UnsafePointer<CChar>?, _ status: UnsafePointer<CChar>?,
                                 _ out_member: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_member, "out_member")
        let client = try connection(conn)
        out.pointee = try client.updateMember(image: string(image_id, "image_id"), member: string(member_id, "member_id"),
                                              status: string(status, "status")).forC
    }
}
