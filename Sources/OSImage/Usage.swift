import COSImageTypes
import CJansson
import OSImageCore

// Quota usage.

/// The calling project's quota usage (`GET /v2/info/usage`; no openstacksdk method): {"usage":
/// {"image_size_total": {"limit", "usage"}, "image_count_total": ..., "image_stage_total": ...,
/// "image_count_uploading": ...}}, or {"usage": {}} where Keystone unified limits are not
/// configured. On success *out_usage is a new reference. Thread-safe.
@c public func osi_get_usage_info(_ conn: osi_conn_ref?,
                                  _ out_usage: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                  _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_usage, "out_usage")
        out.pointee = try connection(conn).usageInfo().forC
    }
}
