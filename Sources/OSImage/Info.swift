import COSImageTypes
import CJansson
import OSImageCore

/// The import methods the cloud offers (`GET /v2/info/import`), e.g.
/// {"import-methods": {"value": ["glance-direct", "web-download", ...]}}. On success
/// *out_info is a new reference. Thread-safe.
@c public func osi_get_import_info(_ conn: osi_conn_ref?, _ out_info: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_info, "out_info")
        out.pointee = try connection(conn).importInfo().forC
    }
}

/// Lists the stores (`GET /v2/info/stores`; with details non-zero `/v2/info/stores/detail`,
/// which needs the admin role). A cloud without the multi-store API (v2.8 not advertised)
/// gives OSI_UNSUPPORTED. *out_iter yields one JSON object per store; free it with
/// osi_iter_free(). Thread-safe.
@c public func osi_stores(_ conn: osi_conn_ref?, _ details: Int32, _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                          _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).stores(details: details != 0))
    }
}

/// Fetches one of the six schemas and gives a new reference in *out_schema.
private func schema(_ kind: SchemaKind, _ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_schema, "out_schema")
        out.pointee = try connection(conn).schema(kind).forC
    }
}

/// The JSON schema of an image (`GET /v2/schemas/image`); *out_schema is a new reference.
/// Thread-safe.
@c public func osi_get_image_schema(_ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    schema(.image, conn, out_schema, err)
}

/// The JSON schema of an image list (`GET /v2/schemas/images`); *out_schema is a new
/// reference. Thread-safe.
@c public func osi_get_images_schema(_ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                     _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    schema(.images, conn, out_schema, err)
}

/// The JSON schema of an image member (`GET /v2/schemas/member`); *out_schema is a new
/// reference. Thread-safe.
@c public func osi_get_member_schema(_ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                     _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    schema(.member, conn, out_schema, err)
}

/// The JSON schema of a member list (`GET /v2/schemas/members`); *out_schema is a new
/// reference. Thread-safe.
@c public func osi_get_members_schema(_ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    schema(.members, conn, out_schema, err)
}

/// The JSON schema of a task (`GET /v2/schemas/task`); *out_schema is a new reference.
/// Thread-safe.
@c public func osi_get_task_schema(_ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    schema(.task, conn, out_schema, err)
}

/// The JSON schema of a task list (`GET /v2/schemas/tasks`); *out_schema is a new reference.
/// Thread-safe.
@c public func osi_get_tasks_schema(_ conn: osi_conn_ref?, _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    schema(.tasks, conn, out_schema, err)
}
