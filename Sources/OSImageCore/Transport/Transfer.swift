import CCurl

/// The state of one transfer that libcurl's callbacks read and write.
///
/// libcurl calls the trampolines below on the thread running `curl_easy_perform`, which is
/// the caller's thread, so callbacks never outlive the call that started them.
final class Transfer {
    /// The bounds one transfer enforces from its callbacks.
    struct Bounds {
        /// Bytes a collected (non-streamed) success body may have.
        var collectLimit: Int
        /// Seconds without a byte moved before the transfer fails with `.timeout`.
        var stallTimeout: Double
        /// Bytes of the header block of one response.
        var headerLimit: Int
        /// Bytes per second a transfer must average over `minimumRateTime` (0: unchecked).
        var minimumRate = 0
        var minimumRateTime = 120.0
    }

    let body: RequestBody?
    let sink: ResponseSink?
    let progress: ProgressObserver?
    let bounds: Bounds
    private var lastMoved: Int64 = -1
    private var lastActivity = Clock.monotonic()
    private var rateWindowStart = Clock.monotonic()
    private var rateWindowBytes: Int64 = 0
    private var headerBytes = 0

    var status = 0
    var headers = HTTPHeaders()
    var collected: [UInt8] = []
    var sinkStarted = false
    /// Why a callback stopped the transfer; reported instead of libcurl's generic code.
    var failure: OSIError?
    /// Whether an error body was cut at `Limits.errorBodySize` (the transfer stopped there on
    /// purpose: the status and the start of the message are all that is needed).
    var errorBodyCut = false
    /// Whether the final response's headers are all in (a pulled transfer waits for this).
    private(set) var headersComplete = false
    /// For a pulled transfer: true while the consumer has not taken the last chunk, which
    /// makes the write callback pause the transfer instead of taking more.
    var holdBack: (() -> Bool)?
    /// Whether the write callback paused the transfer.
    var paused = false

    init(body: RequestBody?, sink: ResponseSink?, progress: ProgressObserver?, bounds: Bounds) {
        self.body = body
        self.sink = sink
        self.progress = progress
        self.bounds = bounds
    }

    /// Whether the response is a success whose body belongs to the sink.
    private var streamsToSink: Bool { sink != nil && (200..<300).contains(status) }

    fileprivate func header(_ line: UnsafeRawBufferPointer) -> Bool {
        headerBytes += line.count
        guard headerBytes <= bounds.headerLimit else {
            failure = OSIError(.internal, "the response's header block is larger than \(bounds.headerLimit) bytes (max_header_size)")
            return false
        }
        switch HTTPHeaderLine.parse(line) {
        case .end:
            // The blank line after the headers; a 1xx answer is followed by the real one.
            headersComplete = status >= 200
        case .status(let code):
            // A new status line (after a 100 Continue) starts a new response.
            status = code
            headers = HTTPHeaders()
            headerBytes = line.count
            headersComplete = false
        case .field(let name, let value):
            headers.append(name: name, value: value)
            if name == "content-length", !streamsToSink, (200..<300).contains(status),
               let length = Int(value), length > bounds.collectLimit {
                failure = tooLarge(length)
                return false
            }
        case .other:
            break
        }
        return true
    }

    private func tooLarge(_ length: Int?) -> OSIError {
        var error = OSIError(.internal, "the response body \(length.map { "(\($0) bytes) " } ?? "")is larger than "
            + "\(bounds.collectLimit) bytes (max_response_size); the rest was not read")
        error.httpStatus = status
        return error
    }

    /// Whether to pause instead of taking the next chunk (it is delivered again on resume).
    fileprivate var shouldPause: Bool {
        guard streamsToSink, let holdBack, holdBack() else { return false }
        paused = true
        return true
    }

    /// A paused transfer goes on; the time it spent paused is not a stall.
    func resumed() {
        paused = false
        lastActivity = Clock.monotonic()
    }

    fileprivate func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        do throws(OSIError) {
            if streamsToSink, let sink {
                if !sinkStarted {
                    sinkStarted = true
                    try sink.begin(status: status, headers: headers)
                }
                try sink.receive(chunk)
            } else if !(200..<300).contains(status) {
                // An error (or redirect) body: its start carries the message, the rest is not read.
                let room = Limits.errorBodySize - collected.count
                collected.append(contentsOf: chunk.prefix(max(0, room)))
                if chunk.count > room {
                    errorBodyCut = true
                    return false
                }
            } else {
                guard collected.count + chunk.count <= bounds.collectLimit else { throw tooLarge(nil) }
                collected.append(contentsOf: chunk)
            }
            return true
        } catch {
            failure = error
            return false
        }
    }

    fileprivate func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let body else { return 0 }
        do {
            return try body.read(into: buffer)
        } catch {
            failure = error
            return nil
        }
    }

    fileprivate func report(downloaded: Int64, downloadTotal: Int64, uploaded: Int64, uploadTotal: Int64) -> Bool {
        // libcurl calls this at least once a second even when nothing moves, which makes it
        // the place to notice a stall (its own low-speed check averages over 5 s windows).
        let now = Clock.monotonic()
        let moved = downloaded + uploaded
        if moved != lastMoved {
            lastMoved = moved
            lastActivity = now
        } else if now - lastActivity > bounds.stallTimeout {
            failure = OSIError(.timeout, "no data moved for \(Int(now - lastActivity)) s (stall timeout \(bounds.stallTimeout) s)")
            return false
        }
        if bounds.minimumRate > 0 {
            // A trickle that keeps the stall timeout at bay still has to average the minimum
            // rate over each window of minimumRateTime seconds.
            let window = now - rateWindowStart
            if window >= bounds.minimumRateTime {
                let rate = Double(moved - rateWindowBytes) / window
                if rate < Double(bounds.minimumRate) {
                    failure = OSIError(.timeout, "the transfer moved \(moved - rateWindowBytes) bytes in \(Int(window)) s, "
                        + "below the minimum rate of \(bounds.minimumRate) bytes/s (min_transfer_rate, min_transfer_rate_time)")
                    return false
                }
                rateWindowStart = now
                rateWindowBytes = moved
            }
        }
        guard let progress else { return true }
        let keepGoing: Bool
        if body != nil {
            keepGoing = progress(uploaded, body?.length ?? (uploadTotal > 0 ? uploadTotal : -1))
        } else {
            keepGoing = progress(downloaded, downloadTotal > 0 ? downloadTotal : -1)
        }
        if !keepGoing { failure = OSIError(.aborted, "the progress callback asked to stop") }
        return keepGoing
    }

    /// Points a handle's callbacks at this transfer; the caller keeps `self` alive meanwhile.
    func install(on handle: UnsafeMutableRawPointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_setopt_write(handle, CURLOPT_HEADERFUNCTION, transferHeader)
        _ = ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
        _ = ccurl_setopt_write(handle, CURLOPT_WRITEFUNCTION, transferWrite)
        _ = ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        if body != nil {
            _ = ccurl_setopt_read(handle, transferRead)
            _ = ccurl_setopt_ptr(handle, CURLOPT_READDATA, context)
            _ = ccurl_setopt_seek(handle, transferSeek)
            _ = ccurl_setopt_ptr(handle, CURLOPT_SEEKDATA, context)
        }
        _ = ccurl_setopt_xferinfo(handle, transferProgress)
        _ = ccurl_setopt_ptr(handle, CURLOPT_XFERINFODATA, context)
        _ = ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
    }
}

private func transfer(_ context: UnsafeMutableRawPointer?) -> Transfer? {
    context.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
}

private let transferHeader: curl_write_callback = { buffer, size, count, context in
    let length = size * count
    guard let buffer, let transfer = transfer(context) else { return length }
    return transfer.header(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}

private let transferWrite: curl_write_callback = { buffer, size, count, context in
    let length = size * count
    guard let transfer = transfer(context) else { return 0 }
    guard length > 0, let buffer else { return length }
    if transfer.shouldPause { return ccurl_writefunc_pause() }
    // Returning anything but `length` makes libcurl stop with CURLE_WRITE_ERROR.
    return transfer.write(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}

private let transferRead: curl_read_callback = { buffer, size, count, context in
    guard let transfer = transfer(context), let buffer else { return Int(CURL_READFUNC_ABORT) }
    let read = transfer.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    return read ?? Int(CURL_READFUNC_ABORT)
}

private let transferSeek: curl_seek_callback = { context, offset, origin in
    // libcurl only asks to go back to the start (to resend after a redirect or auth).
    guard let transfer = transfer(context), let body = transfer.body,
          offset == 0, origin == SEEK_SET, body.rewind() else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
    return Int32(CURL_SEEKFUNC_OK)
}

private let transferProgress: curl_xferinfo_callback = { context, downloadTotal, downloaded, uploadTotal, uploaded in
    guard let transfer = transfer(context) else { return 1 }
    return transfer.report(downloaded: Int64(downloaded), downloadTotal: Int64(downloadTotal),
                           uploaded: Int64(uploaded), uploadTotal: Int64(uploadTotal)) ? 0 : 1
}
