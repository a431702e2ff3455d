/// What kind of failure an `OSIError` is. The C boundary turns each case into its
/// `osi_status` with one exhaustive switch (Sources/OSImage/Boundary.swift).
public enum ErrorCode: Sendable, CaseIterable, Hashable {
    case invalidArgument
    case notFound
    case conflict
    case auth
    case forbidden
    case ambiguous
    case http
    case transport
    case timeout
    case checksum
    case aborted
    case taskFailed
    case unsupported
    case noMemory
    case config
    case io
    case `internal`

    /// The one mapping from an HTTP status to an error code, for an answer that is not what
    /// the request wanted. `context` says what the request was for: the identity service
    /// refuses bad credentials with 400 or 401 (both `.auth`); a download of an image with
    /// no data yet answers 204 (`.conflict`); a lookup by id counts 400 (Glance refuses the
    /// id's form), 403 and 404 as "no such id" (`.notFound`). Any other status of 400 and up
    /// is `.http` unless named here; a status below 400 that reaches this is `.internal` (an
    /// answer osimage did not expect).
    public init(httpStatus: Int, context: HTTPContext = .api) {
        switch (context, httpStatus) {
        case (.identity, 400), (_, 401): self = .auth
        case (.download, 204): self = .conflict
        case (.lookupByID, 400), (.lookupByID, 403), (_, 404): self = .notFound
        case (_, 403): self = .forbidden
        case (_, 409): self = .conflict
        case (_, 300...): self = .http  // a redirect too: osimage follows none
        default: self = .internal
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

    /// An error for an HTTP answer that is not what the request wanted; the code comes from
    /// `ErrorCode(httpStatus:context:)`.
    public init(httpStatus: Int, context: HTTPContext = .api, message: String, requestID: String?, method: String?,
                url: String?) {
        self.code = ErrorCode(httpStatus: httpStatus, context: context)
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

/// What an HTTP request was for, where that changes what its status means.
public enum HTTPContext: Sendable {
    /// An image API call: 401 auth, 403 forbidden, 404 not found, 409 conflict.
    case api
    /// POST /v3/auth/tokens: 400 and 401 both mean the credentials were refused.
    case identity
    /// GET /v2/images/{id}/file: 204 means the image has no data yet.
    case download
    /// GET /v2/images/{id} while finding an image: 400, 403 and 404 mean "not an id we can
    /// see", so the name is tried next.
    case lookupByID
}
