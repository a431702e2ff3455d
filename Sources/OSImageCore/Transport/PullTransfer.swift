import CCurl

/// A response body the caller pulls piece by piece (a download read into the caller's
/// buffers), on libcurl's multi interface with one easy handle.
///
/// libcurl runs only inside `start()` and `read(into:)`, on the calling thread: no thread of
/// its own. Memory stays bounded: when the caller has not taken the last chunk yet, the
/// write callback pauses the transfer (libcurl keeps that one chunk) instead of buffering
/// more, and `read` resumes it once the chunk is taken. `close()` (or the last reference
/// going away) removes the handle: a transfer stopped early closes its connection, a
/// finished one leaves it to be reused. One thread at a time.
public final class PullTransfer {
    private let client: HTTPClient
    private let handle: EasyHandle
    private let request: HTTPRequest
    private let transfer: Transfer
    private let pending = PendingChunk()
    private var multi: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var result: CURLcode?
    private var released = false
    private let started = Clock.monotonic()

    init(client: HTTPClient, handle: EasyHandle, request: HTTPRequest, prepared: HTTPClient.Prepared) throws(OSIError) {
        self.client = client
        self.handle = handle
        var plain = request
        plain.sink = pending
        self.request = plain
        self.transfer = client.makeTransfer(for: plain)
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let pending = self.pending
        transfer.holdBack = { !pending.isEmpty }
        guard let multi = curl_multi_init() else {
            client.checkIn(handle)
            released = true
            throw OSIError(.noMemory, "libcurl could not make a multi handle")
        }
        self.multi = multi
        headerList = client.setUp(handle.raw, for: plain, prepared, transfer: transfer, errorBuffer: errorBuffer)
        guard curl_multi_add_handle(multi, handle.raw) == CURLM_OK else {
            release()
            throw OSIError(.internal, "libcurl refused to start the transfer")
        }
    }

    deinit {
        release()
        errorBuffer.deallocate()
    }

    /// Sends the request and waits for the answer's headers. A 2xx answer comes back with an
    /// empty body (read it with `read`); any other answer is read to its end and comes back
    /// with its body (and the transfer is over). Transport failures are thrown.
    public func start() throws(OSIError) -> HTTPResponse {
        try pump { transfer.headersComplete && (200..<300).contains(transfer.status) }
        if let result {
            defer { release() }
            return try client.finish(handle, code: result, transfer: transfer, request: request,
                                     errorText: errorText, elapsed: Clock.monotonic() - started)
        }
        return HTTPResponse(status: transfer.status, headers: transfer.headers, body: [], elapsed: Clock.monotonic() - started)
    }

    /// Copies the next bytes of the body into `buffer`; returns how many, 0 at the end (the
    /// transfer is then finished and its connection free for reuse). A transfer that failed
    /// (dropped connection, stall timeout) throws its error; so does every later read.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if !released { try pump { !pending.isEmpty } }
        if !pending.isEmpty { return pending.take(into: buffer) }
        if released {
            guard result == CURLE_OK else { throw OSIError(.invalidArgument, "the transfer is closed") }
            return 0
        }
        guard let result else { throw OSIError(.internal, "the transfer stopped without a result") }
        _ = try client.finish(handle, code: result, transfer: transfer, request: request,
                              errorText: errorText, elapsed: Clock.monotonic() - started)
        release()
        return 0
    }

    /// Stops the transfer and gives its handle back (idempotent). A transfer not read to
    /// its end closes its connection rather than leave unread bytes on it.
    public func close() { release() }

    /// Runs libcurl until `ready()` holds or the transfer is over.
    private func pump(until ready: () -> Bool) throws(OSIError) {
        guard let multi else { return }
        while result == nil && !ready() {
            if transfer.paused {
                // The consumer took the held-back chunk: libcurl delivers the one it kept.
                transfer.resumed()
                _ = ccurl_pause_continue(handle.raw)
                continue
            }
            var running: Int32 = 0
            let code = curl_multi_perform(multi, &running)
            guard code == CURLM_OK else {
                throw OSIError(.transport, "libcurl: \(String(cString: curl_multi_strerror(code)))")
            }
            var finished = CURLE_OK
            if ccurl_multi_done(multi, handle.raw, &finished) != 0 {
                result = finished
                break
            }
            if ready() || transfer.paused { continue }
            // At most a second between runs, so the progress callback checks for a stall.
            var ready: Int32 = 0
            _ = curl_multi_poll(multi, nil, 0, 1000, &ready)
        }
    }

    private var errorText: [CChar] { Array(UnsafeBufferPointer(start: errorBuffer, count: Int(CURL_ERROR_SIZE))) }

    private func release() {
        guard !released else { return }
        released = true
        if let multi {
            _ = curl_multi_remove_handle(multi, handle.raw)
            _ = ccurl_setopt_ptr(handle.raw, CURLOPT_ERRORBUFFER, nil)
            curl_multi_cleanup(multi)
            self.multi = nil
        }
        curl_slist_free_all(headerList)
        headerList = nil
        client.checkIn(handle)
    }
}

/// The one chunk a pulled transfer holds: what the write callback delivered and the
/// consumer has not taken yet.
private final class PendingChunk: ResponseSink {
    private var bytes: [UInt8] = []
    private var offset = 0

    var isEmpty: Bool { offset >= bytes.count }

    func begin(status: Int, headers: HTTPHeaders) throws(OSIError) {}

    func receive(_ chunk: UnsafeRawBufferPointer) throws(OSIError) {
        if isEmpty {
            bytes.removeAll(keepingCapacity: true)
            offset = 0
        }
        bytes.append(contentsOf: chunk)
    }

    func restart() -> Bool {
        bytes.removeAll()
        offset = 0
        return true
    }

    /// Moves up to `buffer.count` bytes out.
    func take(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}
