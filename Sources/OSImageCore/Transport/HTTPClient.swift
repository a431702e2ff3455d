import CCurl

/// How the transport connects: timeouts, TLS and buffer sizes.
public struct TransportOptions: Sendable {
    /// Sent as User-Agent.
    public var userAgent: String = "osimage/\(OSImageVersion.string)"
    /// Seconds to wait for a TCP/TLS connection.
    public var connectTimeout: Double = 30
    /// Seconds without a single byte moved before a transfer fails with `.timeout`.
    public var stallTimeout: Double = 60
    /// Seconds a metadata call may take in all (requests carry their call's deadline; this
    /// one governs a request sent without one).
    public var apiTimeout: Double = Limits.defaultAPITimeout
    /// Whether to verify the server's certificate and host name.
    public var verifyTLS = true
    /// A CA bundle to verify against instead of the system's.
    public var caCertificateFile: String?
    /// A client certificate and its key, for mutual TLS.
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    /// Connections kept open per connection cache; at least the number of concurrent transfers.
    public var maxConnections = 32
    /// libcurl's receive buffer; 512 KiB cuts system calls five-fold against the default.
    public var receiveBufferSize = 512 * 1024
    /// Response size, header size and transfer rate bounds (`Limits`).
    public var limits = Limits()

    public init() {}
}

/// Sends HTTP requests with libcurl. One client is safe to use from many threads at once:
/// transfers share DNS and TLS sessions through a curl share handle and reuse connections
/// through the pool of easy handles (each keeps its own).
public final class HTTPClient: Sendable {
    /// The settings every transfer of this client uses.
    public let options: TransportOptions
    private let pool: EasyHandlePool

    /// A client with these options.
    public init(options: TransportOptions) throws(OSIError) {
        guard let share = CurlShare() else { throw OSIError(.internal, "libcurl could not be initialised") }
        self.options = options
        self.pool = EasyHandlePool(share: share, limit: options.maxConnections)
    }

    /// Carries out one exchange. HTTP error statuses are returned, not thrown; transport
    /// failures (connect, TLS, stall, abort by a callback or sink) are thrown.
    public func perform(_ request: HTTPRequest) throws(OSIError) -> HTTPResponse {
        let prepared = try prepare(request)
        guard let handle = pool.checkOut() else { throw OSIError(.noMemory, "libcurl could not make a handle") }
        defer { pool.checkIn(handle) }
        let transfer = makeTransfer(for: request)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let started = Clock.monotonic()

        let code: CURLcode = withExtendedLifetime(transfer) {
            errorText.withUnsafeMutableBufferPointer { errorBuffer in
                headerList = setUp(handle.raw, for: request, prepared, transfer: transfer, errorBuffer: errorBuffer.baseAddress)
                let code = curl_easy_perform(handle.raw)
                _ = ccurl_setopt_ptr(handle.raw, CURLOPT_ERRORBUFFER, nil)
                return code
            }
        }
        return try finish(handle, code: code, transfer: transfer, request: request,
                          errorText: errorText, elapsed: Clock.monotonic() - started)
    }

    /// Starts a download that the caller pulls in pieces (`PullTransfer`); nothing is sent
    /// until its `start()`.
    public func open(_ request: HTTPRequest) throws(OSIError) -> PullTransfer {
        let prepared = try prepare(request)
        guard let handle = pool.checkOut() else { throw OSIError(.noMemory, "libcurl could not make a handle") }
        return try PullTransfer(client: self, handle: handle, request: request, prepared: prepared)
    }

    /// Gives back a handle a pulled transfer is done with.
    func checkIn(_ handle: EasyHandle) { pool.checkIn(handle) }

    /// What a request needs before it may go out: its checked headers and its deadline.
    struct Prepared {
        let headers: [(String, String)]
        let deadline: Double?
    }

    /// Checks the request's headers (and the User-Agent) and works out its deadline; a
    /// deadline already passed fails here, with nothing sent.
    func prepare(_ request: HTTPRequest) throws(OSIError) -> Prepared {
        let length = request.url.utf8.count
        guard length <= URLBuilder.maxURLBytes else {
            // libcurl would refuse it as CURLE_OUT_OF_MEMORY; the cause is an argument
            var error = OSIError(.invalidArgument, "the request URL would be \(length) bytes, more than "
                                 + "\(URLBuilder.maxURLBytes): an argument (a name, a filter) is too long")
            error.method = request.method.rawValue
            error.neverSent = true
            throw error
        }
        let outgoing = try headers(for: request)
        _ = try HeaderValue.checked(options.userAgent, what: "the User-Agent")
        let deadline = request.deadline ?? (request.timeoutKind == .api ? Clock.monotonic() + options.apiTimeout : nil)
        if let deadline, deadline - Clock.monotonic() <= 0 {
            var error = OSIError(.timeout, "the call's deadline passed before this request (api_timeout)")
            error.method = request.method.rawValue
            error.url = request.url
            error.neverSent = true
            throw error
        }
        return Prepared(headers: outgoing, deadline: deadline)
    }

    /// The transfer state for `request`, with this client's limits.
    func makeTransfer(for request: HTTPRequest) -> Transfer {
        var bounds = Transfer.Bounds(collectLimit: options.limits.maxResponseSize,
                                     stallTimeout: request.stallTimeout ?? options.stallTimeout,
                                     headerLimit: options.limits.maxHeaderSize)
        if request.timeoutKind == .transfer {
            bounds.minimumRate = options.limits.minTransferRate
            bounds.minimumRateTime = options.limits.minTransferRateTime
        }
        return Transfer(body: request.body, sink: request.sink, progress: request.progress, bounds: bounds)
    }

    /// Configures `raw` for `request` and points its callbacks at `transfer`; returns the
    /// header list to free after the transfer.
    func setUp(_ raw: UnsafeMutableRawPointer, for request: HTTPRequest, _ prepared: Prepared, transfer: Transfer,
               errorBuffer: UnsafeMutablePointer<CChar>?) -> UnsafeMutablePointer<curl_slist>? {
        configure(raw, for: request, deadline: prepared.deadline)
        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in prepared.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        _ = ccurl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList)
        _ = ccurl_setopt_ptr(raw, CURLOPT_ERRORBUFFER, errorBuffer)
        transfer.install(on: raw)
        return headerList
    }

    /// The response of a finished transfer, or the error it ended with.
    func finish(_ handle: EasyHandle, code: CURLcode, transfer: Transfer, request: HTTPRequest,
                errorText: [CChar], elapsed: Double) throws(OSIError) -> HTTPResponse {
        // An error body cut on purpose ends the transfer early; the answer is still complete enough.
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer.errorBodyCut && transfer.failure == nil) else {
            var error = transfer.failure ?? transportError(code, detail: String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), request: request)
            error.method = error.method ?? request.method.rawValue
            error.url = error.url ?? request.url
            error.requestID = error.requestID ?? transfer.headers["x-openstack-request-id"]
            error.neverSent = code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST
                || code == CURLE_COULDNT_RESOLVE_PROXY
            throw error
        }
        var status = transfer.status
        var reported = 0
        if ccurl_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &reported) == CURLE_OK && reported > 0 { status = reported }
        if let sink = request.sink, (200..<300).contains(status), !transfer.sinkStarted {
            // An empty 2xx body: the sink still learns the status and headers.
            try sink.begin(status: status, headers: transfer.headers)
        }
        var response = HTTPResponse(status: status, headers: transfer.headers, body: transfer.collected, elapsed: elapsed)
        var connects = 0
        if ccurl_getinfo_long(handle.raw, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK { response.newConnections = connects }
        return response
    }

    /// The request's headers with the defaults added, every name and value checked.
    private func headers(for request: HTTPRequest) throws(OSIError) -> [(String, String)] {
        for (name, value) in request.headers {
            _ = try HeaderValue.checked(name, what: "a header name")
            _ = try HeaderValue.checked(value, what: "the \(name) header")
        }
        var result: [(String, String)] = []
        let given = Set(request.headers.map { $0.0.asciiLowercased() })
        if !given.contains("accept") { result.append(("Accept", "application/json")) }
        if request.body != nil {
            // libcurl would wait a second for a "100 Continue" that uWSGI never sends.
            result.append(("Expect", ""))
        }
        return result + request.headers
    }

    private func configure(_ handle: UnsafeMutableRawPointer, for request: HTTPRequest, deadline: Double?) {
        _ = ccurl_setopt_share(handle, pool.share.handle)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_MAXCONNECTS, options.maxConnections)
        _ = ccurl_setopt_long(handle, CURLOPT_BUFFERSIZE, options.receiveBufferSize)
        _ = ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = ccurl_setopt_str(handle, CURLOPT_USERAGENT, options.userAgent)
        _ = ccurl_setopt_str(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(options.connectTimeout))
        // The stall timeout is checked by Transfer's progress callback, installed on every
        // transfer (libcurl's own low-speed check averages over 5 s windows).
        if let deadline {
            _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(deadline - Clock.monotonic()))
        }
        // Never follow redirects (libcurl's default, stated): a 3xx is an error for the caller.
        _ = ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        if let user = request.user {
            _ = ccurl_setopt_str(handle, CURLOPT_USERNAME, user)
            _ = ccurl_setopt_str(handle, CURLOPT_PASSWORD, request.password ?? "")
        }
        configureTLS(handle)
        switch (request.method, request.body) {
        case (.get, nil):
            _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case (.head, _):
            _ = ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)
        case (let method, nil):
            _ = ccurl_setopt_str(handle, CURLOPT_CUSTOMREQUEST, method.rawValue)
            if method == .post || method == .put || method == .patch {
                // A bodiless POST/PUT/PATCH still says Content-Length: 0.
                _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, 0)
                _ = ccurl_setopt_str(handle, CURLOPT_POSTFIELDS, "")
            }
        case (let method, let body?):
            // One path for every body: libcurl's upload mode reads through the callback,
            // with Content-Length when the size is known and chunked encoding otherwise.
            _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
            _ = ccurl_setopt_str(handle, CURLOPT_CUSTOMREQUEST, method.rawValue)
            if let length = body.length { _ = ccurl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(length)) }
        }
    }

    private func configureTLS(_ handle: UnsafeMutableRawPointer) {
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, options.verifyTLS ? 1 : 0)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)
        if let file = options.caCertificateFile { _ = ccurl_setopt_str(handle, CURLOPT_CAINFO, file) }
        if let file = options.clientCertificateFile { _ = ccurl_setopt_str(handle, CURLOPT_SSLCERT, file) }
        if let file = options.clientKeyFile { _ = ccurl_setopt_str(handle, CURLOPT_SSLKEY, file) }
    }

    private func milliseconds(_ seconds: Double) -> Int { Bounds.milliseconds(seconds) }

    private func transportError(_ code: CURLcode, detail: String, request: HTTPRequest) -> OSIError {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return OSIError(.timeout, request.deadline != nil || request.timeoutKind == .api ? "\(text) (the call's deadline, api_timeout)" : text)
        case CURLE_OUT_OF_MEMORY:
            return OSIError(.noMemory, text)
        case CURLE_ABORTED_BY_CALLBACK:
            return OSIError(.aborted, text)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return OSIError(.invalidArgument, "\(text): \(request.url)")
        default:
            return OSIError(.transport, text)
        }
    }
}
