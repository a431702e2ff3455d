import Synchronization

/// Authenticated HTTP for one cloud: adds the token, re-authenticates before expiry and once
/// after a 401, retries what can be retried, logs every exchange and turns HTTP error
/// statuses into `OSIError`s. Safe to use from many threads at once.
public final class Session: Sendable {
    /// The configuration this session was made from.
    public let config: CloudConfig
    let http: HTTPClient
    private let authenticator: KeystoneAuthenticator?
    private let token = Mutex<KeystoneToken?>(nil)
    private let log = Mutex<RequestLog?>(nil)

    /// Re-authenticate when the token has less than this many seconds left.
    let tokenRefreshMargin: Double

    /// A session for `config`; authenticates at once so bad credentials fail here. A token is
    /// replaced when it has less than `tokenRefreshMargin` seconds left.
    public init(config: CloudConfig, log requestLog: RequestLog? = nil, tokenRefreshMargin: Double = 120) throws(OSIError) {
        self.tokenRefreshMargin = tokenRefreshMargin
        var options = TransportOptions()
        if let agent = config.userAgent { options.userAgent = "\(agent) \(options.userAgent)" }
        options.connectTimeout = config.connectTimeout
        options.stallTimeout = config.stallTimeout
        options.apiTimeout = config.apiTimeout
        options.verifyTLS = config.tls.verify
        options.caCertificateFile = config.tls.cacert
        options.clientCertificateFile = config.tls.cert
        options.clientKeyFile = config.tls.key
        self.config = config
        self.http = try HTTPClient(options: options)
        self.authenticator = config.authType == .none ? nil
            : KeystoneAuthenticator(auth: config.auth, authType: config.authType, http: http)
        log.withLock { $0 = requestLog }
        if authenticator != nil { _ = try currentToken() }
    }

    /// Replaces the request log (nil turns logging off).
    public func setLog(_ requestLog: RequestLog?) { log.withLock { $0 = requestLog } }

    /// The log in force now.
    var requestLog: RequestLog? { log.withLock { $0 } }

    /// The current token's details (nil with auth_type none).
    public var tokenDetails: KeystoneToken? {
        get throws(OSIError) {
            guard authenticator != nil else { return nil }
            _ = try currentToken()
            return token.withLock { $0 }
        }
    }

    /// Writes a warning to the request log.
    func warn(_ line: String) throws(OSIError) { try requestLog?.write(.warning, line) }

    /// Sends `request` and returns a response with status < 400; error statuses throw.
    public func send(_ request: HTTPRequest) throws(OSIError) -> HTTPResponse {
        try send(request) { (outgoing: HTTPRequest) throws(OSIError) -> HTTPResponse in try http.perform(outgoing) }
    }

    /// Sends a GET whose body the caller pulls (`PullTransfer.read`): retries, re-authentication,
    /// logging and error statuses as in `send`, up to the answer's headers. Returns the 2xx
    /// answer (its body still to read) and the transfer to read it from.
    public func open(_ request: HTTPRequest) throws(OSIError) -> (HTTPResponse, PullTransfer) {
        var opened: PullTransfer?
        let response = try send(request) { (outgoing: HTTPRequest) throws(OSIError) -> HTTPResponse in
            opened?.close()
            let transfer = try http.open(outgoing)
            opened = transfer
            return try transfer.start()
        }
        guard let opened else { throw OSIError(.internal, "no transfer was opened") }
        return (response, opened)
    }

    /// The retry loop of `send`, each attempt carried out by `perform`.
    private func send(_ request: HTTPRequest,
                      perform: (HTTPRequest) throws(OSIError) -> HTTPResponse) throws(OSIError) -> HTTPResponse {
        var request = request
        var attempt = 0
        var reauthenticated = false
        while true {
            let tokenValue = try currentToken()
            var outgoing = request
            if let tokenValue { outgoing.headers.append(("X-Auth-Token", tokenValue)) }
            let response: HTTPResponse
            do {
                response = try perform(outgoing)
            } catch {
                try requestLog?.failed(request, error)
                if attempt < config.connectRetries, isRetryable(error, method: request.method), prepareResend(&request) {
                    attempt += 1
                    try pause(backoff(attempt), because: "\(error.code.summary)", request)
                    continue
                }
                throw error
            }
            try requestLog?.completed(outgoing, response)
            if response.status == 401, let tokenValue, !reauthenticated, prepareResend(&request) {
                try requestLog?.write(.debug, "re-authenticating after HTTP 401 from \(request.method.rawValue) \(request.url)")
                reauthenticated = true
                invalidate(tokenValue)
                continue
            }
            if [429, 502, 503, 504].contains(response.status), attempt < config.statusCodeRetries, prepareResend(&request) {
                attempt += 1
                let delay = retryAfter(response) ?? backoff(attempt)
                try pause(delay, because: "HTTP \(response.status)", request)
                continue
            }
            guard response.status < 400 else { throw httpError(response, request) }
            return response
        }
    }

    /// The error for an HTTP error response.
    func httpError(_ response: HTTPResponse, _ request: HTTPRequest) -> OSIError {
        let message = ServerMessage.extract(from: response.body, contentType: response.headers["content-type"],
                                            fallback: "HTTP \(response.status)")
        return OSIError(httpStatus: response.status, message: message, requestID: response.requestID,
                        method: request.method.rawValue, url: request.url)
    }

    // MARK: - Tokens

    private func currentToken() throws(OSIError) -> String? {
        guard let authenticator else { return nil }
        let currentLog = requestLog
        // One thread re-authenticates while the others wait for its token.
        return try token.withLock { (state: inout KeystoneToken?) throws(OSIError) -> String in
            if let state, !state.expires(within: tokenRefreshMargin) { return state.value }
            try currentLog?.write(.debug, state == nil ? "authenticating" : "re-authenticating: the token expires within \(Int(tokenRefreshMargin)) s")
            let fresh = try authenticator.authenticate(log: currentLog)
            state = fresh
            return fresh.value
        }
    }

    private func invalidate(_ value: String) {
        token.withLock { state in if state?.value == value { state = nil } }
    }

    // MARK: - Retries

    /// Connection failures before anything was sent are always safe to retry; other transport
    /// failures only for idempotent methods.
    private func isRetryable(_ error: OSIError, method: HTTPMethod) -> Bool {
        if error.neverSent { return true }
        return error.code == .transport && method.isIdempotent
    }

    /// Rewinds the body and restarts the sink for another attempt; false when either cannot,
    /// so a consumed stream is never resent as an empty body.
    private func prepareResend(_ request: inout HTTPRequest) -> Bool {
        if let body = request.body, !(body.isRewindable && body.rewind()) { return false }
        if let sink = request.sink, !sink.restart() { return false }
        return true
    }

    private func backoff(_ attempt: Int) -> Double { min(30, 0.5 * Double(1 << min(attempt - 1, 6))) }

    private func retryAfter(_ response: HTTPResponse) -> Double? {
        guard let value = response.headers["retry-after"], let seconds = Double(value.trimmingWhitespace()) else { return nil }
        return min(max(seconds, 0), 60)
    }

    private func pause(_ seconds: Double, because reason: String, _ request: HTTPRequest) throws(OSIError) {
        try requestLog?.write(.warning, "retrying \(request.method.rawValue) \(request.url) in \(seconds) s after \(reason)")
        Clock.sleep(seconds: seconds)
    }
}
