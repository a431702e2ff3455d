import COSImageTypes
import Glibc
import OSImageCore

/// Makes a source reading the file at `path`, opened now (a missing or unreadable file gives
/// OSI_IO here) and closed by osi_source_free(). A regular file has a known size (sent as
/// Content-Length and X-OpenStack-Image-Size) and is rewound, so a retried upload resends it
/// whole and the source can serve several calls. Anything else (a FIFO, a character device
/// such as /dev/stdin or /dev/zero) is read once, sent chunked, never rewound: a retry
/// that would need it again returns the retriable error, a second call OSI_INVALID_ARGUMENT.
/// On success *out_source is a new source. One thread at a time per source.
@c public func osi_source_file(_ path: UnsafePointer<CChar>?, _ out_source: UnsafeMutablePointer<osi_source_ref?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_source, "out_source")
        out.pointee = retained(try DataSource.file(path: string(path, "path")))
    }
}

/// Makes a source reading the open descriptor `fd` from its current offset; the caller keeps
/// `fd` open until osi_source_free() and closes it. `size` is the number of bytes to send, or
/// -1 for "until the end" (known for a regular file, otherwise sent chunked). A regular file
/// is rewound for retries; a pipe, a socket or a character device is read exactly once and
/// never rewound (a retry that would need it again returns the retriable error instead, a
/// second call with the source OSI_INVALID_ARGUMENT). On success *out_source is a new
/// source. One thread at a time per source.
@c public func osi_source_fd(_ fd: Int32, _ size: Int64, _ out_source: UnsafeMutablePointer<osi_source_ref?>?,
                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_source, "out_source")
        out.pointee = retained(try DataSource.descriptor(fd, size: knownSize(size)))
    }
}

/// Makes a source over `len` bytes at `data`. The buffer is BORROWED, not copied: keep it
/// alive and unchanged until osi_source_free(). Always rewindable. On success *out_source is
/// a new source. One thread at a time per source.
@c public func osi_source_memory(_ data: UnsafeRawPointer?, _ len: UInt, _ out_source: UnsafeMutablePointer<osi_source_ref?>?,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_source, "out_source")
        guard let count = Int(exactly: len) else { throw .invalidArgument("len is too large") }
        out.pointee = retained(try DataSource.memory(data, count: count))
    }
}

/// Makes a source whose bytes come from `callback` (see osi_read_cb), called on the thread of
/// the upload call with `userdata`. `size` is the total it will give, or -1 when unknown
/// (the upload is then chunked); ending early is an error (OSI_IO). A callback source is read
/// once: it is never rewound, so a retry that would need it again returns the error instead
/// of resending it empty, and a second call with it fails with OSI_INVALID_ARGUMENT. On
/// success *out_source is a new source. One thread at a time per source.
@c public func osi_source_callback(_ callback: osi_read_cb?, _ userdata: UnsafeMutableRawPointer?, _ size: Int64,
                                   _ out_source: UnsafeMutablePointer<osi_source_ref?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_source, "out_source")
        guard let callback else { throw .invalidArgument("callback must not be NULL") }
        out.pointee = retained(try DataSource.reader(size: knownSize(size)) { buffer in
            callback(buffer.baseAddress, buffer.count, userdata)
        })
    }
}

/// Frees a source (closing the file of osi_source_file). NULL is allowed. No call may be
/// using it.
@c public func osi_source_free(_ source: osi_source_ref?) {
    guard let source else { return }
    Unmanaged<DataSource>.fromOpaque(UnsafeRawPointer(source)).release()
}

/// The source behind a handle.
func dataSource(_ handle: osi_source_ref?) throws(OSIError) -> DataSource {
    guard let handle else { throw .invalidArgument("source must not be NULL") }
    return Unmanaged<DataSource>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// -1 as "unknown"; other negative sizes are refused.
private func knownSize(_ size: Int64) throws(OSIError) -> Int64? {
    guard size >= -1 else { throw .invalidArgument("size must be -1 (unknown) or at least 0, not \(size)") }
    return size == -1 ? nil : size
}

private func retained(_ source: DataSource) -> osi_source_ref {
    OpaquePointer(Unmanaged.passRetained(source).toOpaque())
}
