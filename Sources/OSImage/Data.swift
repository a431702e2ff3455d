import COSImageTypes
import CJansson
import OSImageCore

/// Uploads `source` as the data of an existing image in status queued
/// (`PUT /v2/images/{id}/file`). openstacksdk's deprecated upload_image also created the
/// image: osi_create_image() with a source does that. A known size is sent as Content-Length
/// and X-OpenStack-Image-Size, else the upload is chunked. A 503 or a dropped connection is
/// retried with the source rewound; a read-once (callback) source is never resent, the
/// error is returned instead. `options` (borrowed; NULL for none): {"validate_checksum":
/// true} hashes the data as it is sent (md5, on a second thread) and compares it with the
/// image's checksum afterwards (OSI_CHECKSUM on a mismatch). `progress` (may be NULL) gets
/// bytes sent and the total (-1 if unknown); non-zero from it aborts (OSI_ABORTED). If
/// `out_image` is not NULL it receives the image afterwards (a new reference). HTTP errors
/// have their codes: 409 (image not queued) -> OSI_CONFLICT, 413/415 -> OSI_HTTP.
/// Thread-safe; the source is used by this call only.
@c public func osi_upload_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ source: osi_source_ref?,
                                _ options: UnsafePointer<json_t>?, _ progress: osi_progress_cb?,
                                _ userdata: UnsafeMutableRawPointer?,
                                _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_image?.pointee = nil
        let client = try connection(conn)
        let id = try string(image_id, "image_id")
        let data = try dataSource(source)
        let image = try client.uploadImage(id, source: data, options: json(options),
                                           progress: progressObserver(progress, userdata))
        out_image?.pointee = image.forC
    }
}

/// Stages `source` for a later glance-direct import (`PUT /v2/images/{id}/stage`); the image
/// must be queued. Size, retries, progress and abort as in osi_upload_image(). If
/// `out_image` is not NULL it receives the image afterwards (status "uploading"; a new
/// reference). Thread-safe; the source is used by this call only.
@c public func osi_stage_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ source: osi_source_ref?,
                               _ progress: osi_progress_cb?, _ userdata: UnsafeMutableRawPointer?,
                               _ out_image: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_image?.pointee = nil
        let client = try connection(conn)
        let image = try client.stageImage(string(image_id, "image_id"), source: dataSource(source),
                                          progress: progressObserver(progress, userdata))
        out_image?.pointee = image.forC
    }
}

/// Downloads an image's data into `sink` (`GET /v2/images/{id}/file`), verifying it while it
/// streams (hashing on a second thread) against the image's os_hash_algo/os_hash_value, else
/// its checksum (md5), else the Content-MD5 header. An algorithm osimage cannot compute gives
/// OSI_UNSUPPORTED before any data moves (no silent fallback). A mismatch gives OSI_CHECKSUM
/// with the expected and actual values in the message. Error answers (403 for a deactivated
/// image as non-admin, 404, 5xx) are never written to the sink; an image without data yet
/// (HTTP 204, status queued) gives OSI_CONFLICT and writes nothing.
///
/// `options` (borrowed; NULL for none): "store_preferences" (or "prefer"): array of store ids
/// to read from, in order; "offset" and "length": a ranged download (HTTP 206; an offset at
/// or past the end gives HTTP 416 -> OSI_HTTP), which skips whole-image verification;
/// "require_hash": true makes a download with no hash to check an error (OSI_CHECKSUM);
/// "verify": false skips verification altogether (no hashing; the result says so);
/// "stall_timeout": seconds without data before OSI_TIMEOUT (default: the connection's
/// stall_timeout); "resume": true makes a download to a file sink (osi_sink_file) resumable:
/// it writes PATH.osimage-partial beside the file with the image's id, size and hashes in
/// PATH.osimage-partial.json, both kept on failure (or when the process dies); a later
/// download with "resume" re-hashes the kept bytes, fetches only the rest (Range: bytes=N-),
/// verifies the whole image and renames it to PATH. It starts over from byte 0 when the
/// image changed (size or hash differ), the kept bytes are more than the image or the server
/// ignores Range (HTTP 200). Kept bytes that fail verification give OSI_CHECKSUM, nothing at
/// PATH, and are removed. "resume" with another sink, "offset"/"length", "verify" false,
/// "connections" above 1 or a device/FIFO/socket at PATH gives OSI_INVALID_ARGUMENT; a
/// second download to PATH while one runs gives OSI_CONFLICT. "connections": 1 to 16
/// (default 1, one stream) ranged requests at once over the connection's pool, for links
/// that throttle each TCP stream: a file sink gets the parts at their offsets of its
/// temporary file, any other sink the bytes strictly in order through a reorder window of
/// 8 MiB (the only image bytes held in memory); the bytes are hashed in order and verified
/// as one stream's are. It falls back to one stream when the image has no size or no
/// os_hash_value/checksum, fits in one part, or the server answers the first ranged request
/// with HTTP 200. Any part failing fails the call (the others are stopped, nothing is left
/// at a file sink's path); not with "offset"/"length". Callbacks still run on the calling
/// thread only: the library's own threads hand progress, log lines and bytes to it.
/// `progress` (may be NULL) gets bytes received and the total (-1 if unknown; with "resume"
/// both count the kept bytes); non-zero aborts (OSI_ABORTED). If `out_result` is not NULL it
/// receives a new JSON object: {"bytes", "http_status", "hash_algo", "hash_expected",
/// "hash_actual", "hash_source" ("os_hash_value", "checksum", "content-md5" or null when the
/// image has no hash), "hash_verified", "ranged", "content_range", "connections" (how many
/// carried the data: 1 after a fallback)}, with "resume" also "resumed_from" (the kept bytes
/// it continued from, 0 when it started at byte 0). Thread-safe; the sink is used by this
/// call only.
@c public func osi_download_image(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ sink: osi_sink_ref?,
                                  _ options: UnsafePointer<json_t>?, _ progress: osi_progress_cb?,
                                  _ userdata: UnsafeMutableRawPointer?,
                                  _ out_result: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                  _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_result?.pointee = nil
        let client = try connection(conn)
        let id = try string(image_id, "image_id")
        let target = try dataSink(sink)
        let settings = try DownloadOptions.from(json(options))
        let result = try client.downloadImage(id, to: target, options: settings, progress: progressObserver(progress, userdata))
        out_result?.pointee = result.json.forC
    }
}
