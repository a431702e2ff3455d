import COSImageTypes
import OSImageCore

/// Makes a sink that hands each chunk of a download to `callback` (see osi_write_cb), called
/// on the thread of the download call with `userdata`, never after it returned. Bytes given
/// cannot be taken back: a download that fails after the first chunk is not retried, and
/// verification fails only after the callback saw the data (check the status before using
/// it). On success *out_sink is a new sink. One thread at a time per sink.
@c public func osi_sink_callback(_ callback: osi_write_cb?, _ userdata: UnsafeMutableRawPointer?,
                                 _ out_sink: UnsafeMutablePointer<osi_sink_ref?>?,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_sink, "out_sink")
        guard let callback else { throw .invalidArgument("callback must not be NULL") }
        out.pointee = retained(DataSink.writer { chunk in callback(chunk.baseAddress, chunk.count, userdata) == 0 })
    }
}

/// Makes a sink writing to the file at `path`, whose directory must exist (else OSI_IO
/// here). What a download does depends on what is at `path` when it starts:
///  - nothing or a regular file: it writes a temporary file in that directory, flushes it
///    to disk and renames it to `path` only after the checksum matched; on ANY failure the
///    temporary file is removed (a file already there stays as it was);
///  - a symbolic link: followed; its target is treated that way, the temporary file made in
///    the target's directory, so the link stays a link;
///  - a character or block device, a FIFO or a socket (/dev/null, /dev/stdout, a named
///    pipe): opened and written through, never replaced and no temporary file. The bytes
///    are out before the checksum is known: a mismatch is reported after they were written.
/// On success *out_sink is a new sink. One thread at a time per sink.
@c public func osi_sink_file(_ path: UnsafePointer<CChar>?, _ out_sink: UnsafeMutablePointer<osi_sink_ref?>?,
                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_sink, "out_sink")
        out.pointee = retained(try DataSink.file(path: string(path, "path")))
    }
}

/// Makes a sink writing to the open descriptor `fd` from its current offset; the caller
/// keeps it open and closes it. On failure a regular file is cut back to that offset; other
/// descriptors (pipes, sockets) keep what they were given. On success *out_sink is a new
/// sink. One thread at a time per sink.
@c public func osi_sink_fd(_ fd: Int32, _ out_sink: UnsafeMutablePointer<osi_sink_ref?>?,
                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_sink, "out_sink")
        out.pointee = retained(try DataSink.descriptor(fd))
    }
}

/// Makes a sink collecting a download in memory, for small images: a download larger than
/// `max_bytes` fails with OSI_IO. Read the bytes with osi_sink_memory_data(). On success
/// *out_sink is a new sink. One thread at a time per sink.
@c public func osi_sink_memory(_ max_bytes: UInt, _ out_sink: UnsafeMutablePointer<osi_sink_ref?>?,
                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_sink, "out_sink")
        out.pointee = retained(try DataSink.memory(limit: Int(clamping: max_bytes)))
    }
}

/// The bytes a memory sink holds after a successful download, and their number in *len (may
/// be NULL). NULL (and *len 0) for a NULL or non-memory sink, or when it holds nothing. The
/// bytes belong to the sink: valid until its next download or osi_sink_free().
@c public func osi_sink_memory_data(_ sink: osi_sink_cref?, _ len: UnsafeMutablePointer<UInt>?) -> UnsafeRawPointer? {
    len?.pointee = 0
    guard let sink else { return nil }
    let bytes = Unmanaged<DataSink>.fromOpaque(UnsafeRawPointer(sink)).takeUnretainedValue().bytes
    len?.pointee = UInt(bytes.count)
    return bytes.isEmpty ? nil : bytes.baseAddress
}

/// Frees a sink. NULL is allowed. No call may be using it.
@c public func osi_sink_free(_ sink: osi_sink_ref?) {
    guard let sink else { return }
    Unmanaged<DataSink>.fromOpaque(UnsafeRawPointer(sink)).release()
}

/// The sink behind a handle.
func dataSink(_ handle: osi_sink_ref?) throws(OSIError) -> DataSink {
    guard let handle else { throw .invalidArgument("sink must not be NULL") }
    return Unmanaged<DataSink>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

private func retained(_ sink: DataSink) -> osi_sink_ref {
    OpaquePointer(Unmanaged.passRetained(sink).toOpaque())
}
