/// What kind of failure an `OSIError` is; the raw values are the C API's `osi_status` codes.
public enum ErrorCode: Int32, Sendable, CaseIterable {
    case invalidArgument = 1
    case notFound = 2
    case conflict = 3
    case auth = 4
    case forbidden = 5
    case ambiguous = 6
    case http = 7
    case transport = 8
    case timeout = 9
    case checksum = 10
    case aborted = 11
    case taskFailed = 12
    case unsupported = 13
    case noMemory = 14
    case config = 15
    case io = 16
    case `internal` = 17

    /// The code for an HTTP error status (>= 400).
    public init(httpStatus: Int) {
        switch httpStatus {
        case 401: self = .auth
        case 403: self = .forbidden
        case 404: self = .notFound
        case 409: self = .conflict
        default: self = .http
        }
    }

    /// A short fixed description, e.g. "not found".
    public var summary: String {
        switch self {
        case .invalidArgument: "invalid argument"
        case .notFound: "not found"
        case .conflict: "conflict"
        case .auth: "authentication failed"
        case .forbidden: "forbidden"
        case .ambiguous: "ambiguous: more than one match"
        case .http: "HTTP error"
        case .transport: "transport error"
        case .timeout: "timed out"
        case .checksum: "checksum mismatch"
        case .aborted: "aborted by a callback"
        case .taskFailed: "task failed"
        case .unsupported: "not supported by this cloud"
        case .noMemory: "out of memory"
        case .config: "configuration error"
        case .io: "local I/O error"
        case .internal: "internal error"
        }
    }
}

/// Every failure osimage reports: a code a caller can branch on plus the detail to show.
public struct OSIError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: ErrorCode
    /// The HTTP status of the response that failed, 0 when there was none.
    public var httpStatus: Int
    /// A readable message (server messages have their HTML removed).
    public var message: String
    /// The server's `x-openstack-request-id`, when a response carried one.
    public var requestID: String?
    /// The method of the request that failed, when there was one.
    public var method: String?
    /// The URL of the request that failed (never carries credentials).
    public var url: String?
    /// Whether the request certainly never reached the server (connect or resolve failed),
    /// so resending it cannot repeat its effect.
    var neverSent = false

    /// An error with a code and a message and no HTTP context.
    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.httpStatus = 0
        self.message = message
    }

    /// An error for an HTTP error response.
    public init(httpStatus: Int, message: String, requestID: String?, method: String, url: String) {
        self.code = ErrorCode(httpStatus: httpStatus)
        self.httpStatus = httpStatus
        self.message = message
        self.requestID = requestID
        self.method = method
        self.url = url
    }

    public var description: String {
        var text = "\(code.summary): \(message)"
        if let method, let url { text += " (\(method) \(url)" + (httpStatus > 0 ? " -> \(httpStatus)" : "") + ")" }
        if let requestID { text += " [\(requestID)]" }
        return text
    }

    /// The same error with its message prefixed by `context` ("deleting image x: ...").
    public func prefixed(_ context: String) -> OSIError {
        var copy = self
        copy.message = "\(context): \(message)"
        return copy
    }

    /// Shorthand for an `.invalidArgument` error.
    public static func invalidArgument(_ message: String) -> OSIError { OSIError(.invalidArgument, message) }
}
