import COSImageTypes
import CJansson
import OSImageCore

/// Opens the download of an image's data for the caller to pull with osi_reader_read()
/// (`GET /v2/images/{id}/file`), verified as it passes exactly as osi_download_image()
/// verifies. `options` (borrowed; NULL for none) are osi_download_image()'s:
/// "store_preferences"/"prefer", "offset", "length", "require_hash", "verify",
/// "stall_timeout" ("resume", and "connections" above 1, are refused: OSI_INVALID_ARGUMENT; a
/// reader keeps nothing and reads in order over one stream). Fails here, before any data, as osi_download_image() does (unknown image
/// -> OSI_NOT_FOUND, no data yet -> OSI_CONFLICT, unknown hash algorithm -> OSI_UNSUPPORTED,
/// HTTP errors). On success *out_reader is a new reader to free with osi_reader_free(). Memory
/// stays constant whatever the image size; no thread is left running between reads. Many
/// readers may be open on one connection at once. Thread-safe.
@c public func osi_reader_open(_ conn: osi_conn_ref?, _ image_id: UnsafePointer<CChar>?, _ options: UnsafePointer<json_t>?,
                               _ out_reader: UnsafeMutablePointer<osi_reader_ref?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_reader, "out_reader")
        let client = try connection(conn)
        let id = try string(image_id, "image_id")
        let settings = try DownloadOptions.from(json(options))
        let reader = try ImageReader(client: client, id: id, options: settings)
        out.pointee = OpaquePointer(Unmanaged.passRetained(reader).toOpaque())
    }
}

/// Copies the next `cap` bytes of the data into `buf` (fewer only at the end of the data)
/// and sets *out_n to how many. *out_n 0 with OSI_OK is the end, reached with the data verified: the read that reaches the end
/// checks the hash, and returns OSI_CHECKSUM (expected and actual values in the message)
/// on a mismatch. A dropped connection gives OSI_TRANSPORT, a stall OSI_TIMEOUT; an error is
/// final (every later read returns it again). `buf` may be NULL only when `cap` is 0. One
/// thread at a time per reader.
@c public func osi_reader_read(_ reader: osi_reader_ref?, _ buf: UnsafeMutableRawPointer?, _ cap: UInt,
                               _ out_n: UnsafeMutablePointer<UInt>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        guard let out_n else { throw .invalidArgument("out_n must not be NULL") }
        out_n.pointee = 0
        let pulled = try imageReader(reader)
        guard cap <= UInt(Int.max) else { throw .invalidArgument("cap is too large") }
        guard cap == 0 || buf != nil else { throw .invalidArgument("buf must not be NULL") }
        let count = try pulled.read(into: UnsafeMutableRawBufferPointer(start: buf, count: buf == nil ? 0 : Int(cap)))
        out_n.pointee = UInt(count)
    }
}

/// What a reader knows, as a new JSON object: "image_id", "http_status" (200, or 206 for a
/// range), "headers" (object, lower-case names), "content_length" (null when not sent),
/// "bytes" (read so far), "eof", "hash_algo", "hash_expected", "hash_source" (null when the
/// image has no hash); after the end also "hash_actual", "hash_verified", "ranged",
/// "content_range" (as osi_download_image()'s result). One thread at a time per reader.
@c public func osi_reader_info(_ reader: osi_reader_ref?, _ out_info: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_info, "out_info")
        out.pointee = try imageReader(reader).info.forC
    }
}

/// Frees a reader. NULL is allowed. A reader not read to its end stops its download and
/// closes that HTTP connection; the connection it came from may be freed before it.
@c public func osi_reader_free(_ reader: osi_reader_ref?) {
    guard let reader else { return }
    let pulled = Unmanaged<ImageReader>.fromOpaque(UnsafeRawPointer(reader))
    pulled.takeUnretainedValue().close()
    pulled.release()
}

/// The reader behind a handle.
private func imageReader(_ handle: osi_reader_ref?) throws(OSIError) -> ImageReader {
    guard let handle else { throw .invalidArgument("reader must not be NULL") }
    return Unmanaged<ImageReader>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}
