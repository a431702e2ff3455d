import COSImageTypes
import CJansson
import OSImageCore

/// Lists an image's import tasks (`GET /v2/images/{id}/tasks`), where a failed import
/// explains itself in "message". *out_iter yields one JSON object per task (new references);
/// free it with osi_iter_free(). Thread-safe.
@c public func osi_image_tasks(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?,
                               _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        let client = try connection(conn)
        out.pointee = retained(Pager(client: client, items: try client.imageTasks(string(image_id, "image_id"))))
    }
}
