import Glibc
import Synchronization

/// Authenticated HTTP for one cloud: adds the token, re-authenticates before expiry and once
/// after a 401, retries what can be retried, logs every exchange and turns HTTP error
/// statuses into `OSIError`s. Safe to use from many threads at once.
///
/// What a server cannot make it do: follow a redirect (any 3xx is an `.http` error naming the
/// Location), contact an origin other than the configured image and identity endpoints
/// (`trust`), take longer than the call's deadline (`api_timeout`, default
/// `Limits.defaultAPITimeout`, over every request, retry, wait and re-authentication of the
/// call), wait for a Retry-After beyond `Limits.maxRetryAfter` or the deadline, or show a
/// known secret (tokens, password, URL userinfo) in an error or log line (`SecretMask`).
///
/// No lock is held while user code runs: the log handler, and everything a request calls
/// back, run with no lock of the session taken, so a callback may use the same session
/// (even while its token is being refreshed: the thread refreshing it may send requests of
/// its own from a log callback, which then authenticate on their own).
public final class Session: Sendable {
    /// The configuration this session was made from.
    public let config: CloudConfig
    let http: HTTPClient
    private let authenticator: KeystoneAuthenticator?
    private let token = TokenSlot()
    private let log = Mutex<RequestLog?>(nil)
    /// The secrets masked in every error and log line of this session.
    let mask: SecretMask
    /// The origins this session may contact, with the basic-auth credentials of each.
    private let origins = Mutex<[URLOrigin: OriginAccess]>([:])
    /// Seconds a non-data call may take in all.
    let apiTimeout: Double

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
        apiTimeout = config.apiTimeout ?? Limits.defaultAPITimeout
        options.apiTimeout = apiTimeout
        options.limits = config.limits
        options.verifyTLS = config.tls.verify
        options.caCertificateFile = config.tls.cacert
        options.clientCertificateFile = config.tls.cert
        options.clientKeyFile = config.tls.key
        self.config = config
        self.http = try HTTPClient(options: options)
        var auth = config.auth
        let identity = auth.authURL.map(URLOrigin.removingUserinfo)
        mask = SecretMask([auth.password, auth.applicationCredentialSecret, auth.token, identity?.password,
                           config.imageEndpointOverride.flatMap { URLOrigin.removingUserinfo($0).password }])
        auth.authURL = identity?.url
        self.authenticator = config.authType == .none ? nil
            : KeystoneAuthenticator(auth: auth, authType: config.authType, http: http,
                                    basicUser: identity?.user, basicPassword: identity?.password)
        log.withLock { [mask] in $0 = mask.apply(requestLog) }
        if let authURL = config.auth.authURL, authenticator != nil {
            _ = trust(authURL)
            do {
                _ = try CallDeadline.within(apiTimeout) { () throws(OSIError) in try currentToken(deadline: CallDeadline.current) }
            } catch {
                throw mask.apply(error)
            }
        }
    }

    /// Replaces the request log (nil turns logging off); its lines are masked.
    public func setLog(_ requestLog: RequestLog?) { log.withLock { [mask] in $0 = mask.apply(requestLog) } }

    /// Allows requests to the origin of `url` (a configured or catalog endpoint) and returns
    /// `url` without userinfo; the userinfo becomes basic-auth credentials for that origin
    /// alone and a secret to mask.
    func trust(_ url: String) -> String {
        let parts = URLOrigin.removingUserinfo(url)
        mask.add(parts.password)
        if let origin = URLOrigin(parts.url) {
            origins.withLock { $0[origin] = OriginAccess(user: parts.user, password: parts.password) }
        }
        return parts.url
    }

    /// Runs one public call with its deadline (`api_timeout`): every request inside shares it.
    public func call<T>(_ body: () throws(OSIError) -> T) throws(OSIError) -> T {
        try CallDeadline.within(apiTimeout, body)
    }

    /// The log in force now.
    var requestLog: RequestLog? { log.withLock { $0 } }

    /// The current token's details (nil with auth_type none).
    public var tokenDetails: KeystoneToken? {
        get throws(OSIError) {
            guard authenticator != nil else { return nil }
            do {
                _ = try call { () throws(OSIError) in try currentToken(deadline: CallDeadline.current) }
            } catch {
                throw mask.apply(error)
            }
            return token.lock.locked { token.current }
        }
    }

    /// Writes a warning to the request log.
    func warn(_ line: String) throws(OSIError) { try requestLog?.write(.warning, line) }

    /// Sends `request` and returns a 2xx response (or the version document's 300 when the
    /// request accepts it); error statuses and redirects throw. A metadata request runs
    /// within its call's deadline (a new one when no call set it); a data transfer has none
    /// (the stall timeout and minimum rate bound it).
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

    /// `request` within its call's deadline (api_timeout) for non-data requests, each attempt
    /// carried out by `perform`; errors masked.
    private func send(_ request: HTTPRequest,
                      perform: (HTTPRequest) throws(OSIError) -> HTTPResponse) throws(OSIError) -> HTTPResponse {
        do {
            guard request.timeoutKind == .api else { return try exchange(request, deadline: nil, perform: perform) }
            return try call { () throws(OSIError) in try exchange(request, deadline: CallDeadline.current, perform: perform) }
        } catch {
            throw mask.apply(error)
        }
    }

    /// The retry loop: re-authentication once after a 401, retries of what can be retried.
    private func exchange(_ request: HTTPRequest, deadline: Double?,
                          perform: (HTTPRequest) throws(OSIError) -> HTTPResponse) throws(OSIError) -> HTTPResponse {
        guard let origin = URLOrigin(request.url), let access = origins.withLock({ $0[origin] }) else {
            var error = OSIError(.internal, "refusing to contact \(URLOrigin(request.url)?.description ?? "a URL without an origin"): "
                + "osimage only contacts the configured image and identity endpoints")
            error.method = request.method.rawValue
            error.url = URLOrigin.removingUserinfo(request.url).url
            throw error
        }
        var request = request
        var attempt = 0
        var reauthenticated = false
        let relay = request.log
        var requestLog: RequestLog? { relay ?? self.requestLog }
        while true {
            let tokenValue = try currentToken(deadline: deadline, log: relay)
            var outgoing = request
            outgoing.deadline = deadline
            outgoing.user = access.user
            outgoing.password = access.password
            if let tokenValue { outgoing.headers.append(("X-Auth-Token", tokenValue)) }
            let response: HTTPResponse
            do {
                response = try perform(outgoing)
            } catch {
                try requestLog?.failed(request, error)
                if attempt < config.connectRetries, isRetryable(error, method: request.method), prepareResend(&request) {
                    attempt += 1
                    try pause(backoff(attempt), deadline: deadline, because: "\(error.code.summary)", request,
                              otherwise: error, log: requestLog)
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
                let refusal = httpError(response, request)
                var delay = backoff(attempt)
                if let value = response.headers["retry-after"], let asked = RetryAfter.seconds(value, now: Clock.wallClock()) {
                    guard asked <= config.limits.maxRetryAfter else {
                        throw refusal.prefixed("the server asked to retry after \(CallDeadline.describe(asked)) s, "
                            + "more than max_retry_after (\(config.limits.maxRetryAfter) s)")
                    }
                    delay = asked
                }
                try pause(delay, deadline: deadline, because: "HTTP \(response.status)", request, otherwise: refusal,
                          log: requestLog)
                continue
            }
            if (300..<400).contains(response.status), !(response.status == 300 && request.acceptsMultipleChoices) {
                throw redirectError(response, request)
            }
            guard response.status < 400 else { throw httpError(response, request) }
            return response
        }
    }

    /// The error for a 3xx answer: osimage follows no redirect.
    private func redirectError(_ response: HTTPResponse, _ request: HTTPRequest) -> OSIError {
        let location = response.headers["location"].map { ServerMessage.bounded($0, limit: 2048) } ?? "no Location"
        return OSIError(httpStatus: response.status,
                        message: "the server answered HTTP \(response.status) redirecting to \(location); osimage does not follow redirects",
                        requestID: response.requestID, method: request.method.rawValue, url: request.url)
    }

    /// The error for an HTTP error response.
    func httpError(_ response: HTTPResponse, _ request: HTTPRequest) -> OSIError {
        let message = ServerMessage.extract(from: response.body, contentType: response.headers["content-type"],
                                            fallback: "HTTP \(response.status)")
        return OSIError(httpStatus: response.status, message: message, requestID: response.requestID,
                        method: request.method.rawValue, url: request.url)
    }

    // MARK: - Tokens

    /// A valid token. One thread re-authenticates while the others wait for its token; the
    /// authentication (and the log lines it writes) runs with no lock held.
    private func currentToken(deadline: Double?, log: RequestLog? = nil) throws(OSIError) -> String? {
        guard let authenticator else { return nil }
        let me = pthread_self()
        let currentLog = log ?? requestLog
        let mask = self.mask
        let slot = token
        let margin = tokenRefreshMargin
        let step: TokenSlot.Step = slot.lock.wait(until: {
            slot.refresher.map { pthread_equal($0, me) != 0 } ?? true
                || (slot.current.map { !$0.expires(within: margin) } ?? false)
        }, then: {
            if let current = slot.current, !current.expires(within: margin) { return .use(current.value) }
            guard slot.refresher == nil else { return .nested }
            slot.refresher = me
            return .refresh
        })
        switch step {
        case .use(let value):
            return value
        case .nested:
            // A callback of the refreshing thread itself: authenticate on its own.
            let fresh = try authenticator.authenticate(log: currentLog, deadline: deadline)
            mask.add(fresh.value)
            slot.lock.locked { slot.current = fresh }
            return fresh.value
        case .refresh:
            let fresh: KeystoneToken
            do {
                fresh = try authenticator.authenticate(log: currentLog, deadline: deadline)
            } catch {
                slot.lock.locked { slot.refresher = nil }
                slot.lock.broadcast()
                throw error
            }
            mask.add(fresh.value)
            slot.lock.locked {
                slot.current = fresh
                slot.refresher = nil
            }
            slot.lock.broadcast()
            return fresh.value
        }
    }

    private func invalidate(_ value: String) {
        token.lock.locked { if token.current?.value == value { token.current = nil } }
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

    /// Waits before a retry; throws `otherwise` (the failure being retried) at once when the
    /// wait would pass the call's deadline.
    private func pause(_ seconds: Double, deadline: Double?, because reason: String, _ request: HTTPRequest,
                       otherwise failure: OSIError, log requestLog: RequestLog?) throws(OSIError) {
        if let deadline, seconds >= CallDeadline.remaining(deadline) {
            let left = CallDeadline.remaining(deadline)
            throw failure.prefixed("not retrying after \(CallDeadline.describe(seconds)) s: the call's deadline "
                + "(api_timeout \(CallDeadline.describe(apiTimeout)) s) has \(CallDeadline.describe(left)) s left")
        }
        try requestLog?.write(.warning, "retrying \(request.method.rawValue) \(request.url) in \(seconds) s after \(reason)")
        Clock.sleep(seconds: seconds)
    }
}

/// Basic-auth credentials for one trusted origin (from a configured URL's userinfo).
struct OriginAccess: Sendable {
    let user: String?
    let password: String?
}

/// The session's token and which thread is refreshing it, guarded by `lock` (waiters wait on
/// its condition for the refresher to finish).
private final class TokenSlot: @unchecked Sendable {
    // Sendable: `current` and `refresher` are only touched with `lock` held.
    enum Step {
        case use(String), refresh, nested
    }

    let lock = ConditionLock()
    var current: KeystoneToken?
    var refresher: pthread_t?
}
