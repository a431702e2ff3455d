/// HTTP methods the image API uses.
public enum HTTPMethod: String, Sendable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD"

    /// Whether sending the request twice has the effect of sending it once.
    public var isIdempotent: Bool { self != .post && self != .patch }
}

/// The one check every value bound for a request header goes through (User-Agent from
/// app_name/app_version, tokens, sizes, ranges, store lists...): C0 control characters (NUL,
/// CR, LF, TAB, ...) and DEL are refused, so no caller value can end a header or add one.
public enum HeaderValue {
    /// Whether `value` may be sent as a header value.
    public static func isValid(_ value: String) -> Bool {
        !value.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    /// `value` unchanged, or `.invalidArgument` naming `what` (never showing the value: it
    /// may be a token).
    public static func checked(_ value: String, what: String) throws(OSIError) -> String {
        guard isValid(value) else { throw .invalidArgument("\(what) must not contain control characters (CR, LF, NUL, TAB, ...)") }
        return value
    }
}

/// Response headers, in arrival order, with case-insensitive lookup.
public struct HTTPHeaders: Sendable {
    /// Lower-cased names and their values.
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    /// Adds a header as received.
    public mutating func append(name: String, value: String) {
        fields.append((name.asciiLowercased(), value))
    }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        let wanted = name.asciiLowercased()
        return fields.first { $0.name == wanted }?.value
    }
}

/// A response with its body collected, or with its body given to a sink.
public struct HTTPResponse: Sendable {
    /// The final HTTP status.
    public var status: Int
    /// The final response's headers.
    public var headers: HTTPHeaders
    /// The body when it was collected (always for error statuses); empty when streamed.
    public var body: [UInt8]
    /// How long the exchange took, in seconds.
    public var elapsed: Double
    /// How many new connections the exchange opened (0: it reused one).
    public var newConnections = 0

    /// `x-openstack-request-id`, when the server sent one.
    public var requestID: String? { headers["x-openstack-request-id"] }

    /// The body parsed as JSON.
    public func json() throws(OSIError) -> JSON {
        do {
            return try JSON.parse(body)
        } catch {
            throw error.prefixed("HTTP \(status) answer")
        }
    }
}

/// A request body the transport reads as it sends, so nothing large is held in memory.
public protocol RequestBody: AnyObject {
    /// The total length when known (sent as Content-Length), nil for a chunked body.
    var length: Int64? { get }
    /// Whether `rewind()` can start the body over, which a retry needs.
    var isRewindable: Bool { get }
    /// Starts the body over; returns false when it cannot.
    func rewind() -> Bool
    /// Fills `buffer` with the next bytes; returns how many, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int
}

/// A request body held in memory (JSON documents, small payloads).
public final class BytesBody: RequestBody {
    private let bytes: [UInt8]
    private var offset = 0

    /// A body of these bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A body of this JSON document's compact text.
    public convenience init(json: JSON) { self.init(json.serialized()) }

    public var length: Int64? { Int64(bytes.count) }
    public var isRewindable: Bool { true }
    public func rewind() -> Bool { offset = 0; return true }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(OSIError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}

/// Receives a successful response's body as it arrives.
public protocol ResponseSink: AnyObject {
    /// Called before the first chunk with the status and headers of a 2xx response.
    func begin(status: Int, headers: HTTPHeaders) throws(OSIError)
    /// Takes the next chunk; throwing aborts the transfer with that error.
    func receive(_ chunk: UnsafeRawBufferPointer) throws(OSIError)
    /// Forgets what was received so a retried request can start over; false when impossible.
    func restart() -> Bool
}

/// Observes bytes moved; returns false to abort the transfer.
public typealias ProgressObserver = (_ done: Int64, _ total: Int64) -> Bool

/// Which time limit governs a request.
public enum TimeoutKind: Sendable {
    /// A metadata call: the overall API timeout applies (plus the stall timeout).
    case api
    /// A data transfer of any length: only the stall timeout applies.
    case transfer
}

/// One HTTP exchange for the transport to carry out.
public struct HTTPRequest {
    public var method: HTTPMethod
    /// The absolute URL.
    public var url: String
    /// Extra request headers, e.g. ("Content-Type", "application/json").
    public var headers: [(String, String)]
    /// The body, or nil for none.
    public var body: RequestBody?
    /// Where a 2xx body goes; nil collects it into the response.
    public var sink: ResponseSink?
    /// Reports upload (with a body) or download (otherwise) progress.
    public var progress: ProgressObserver?
    /// Which timeout governs this request.
    public var timeoutKind: TimeoutKind
    /// Seconds without a byte moved before the transfer fails; nil for the connection's.
    public var stallTimeout: Double?
    /// The monotonic time (`Clock.monotonic`) by which the exchange must be over; nil for none.
    public var deadline: Double?
    /// Credentials for HTTP basic auth, from the userinfo of a configured URL (never put in
    /// the URL itself, so no message shows them).
    public var user: String?
    public var password: String?
    /// Statuses that count as success besides 2xx: only the version document's 300.
    public var acceptsMultipleChoices = false
    /// Where the session logs this request's lines (and those of a re-authentication it
    /// makes) instead of its own log; nil for the session's. A parallel download's worker
    /// threads relay theirs to the calling thread this way.
    var log: RequestLog?

    /// A request with no body that collects its response.
    public init(method: HTTPMethod, url: String, headers: [(String, String)] = [], body: RequestBody? = nil,
                sink: ResponseSink? = nil, progress: ProgressObserver? = nil, timeoutKind: TimeoutKind = .api) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.sink = sink
        self.progress = progress
        self.timeoutKind = timeoutKind
    }
}

/// One line of a response's header block, as libcurl hands it over.
public enum HTTPHeaderLine: Equatable, Sendable {
    /// "HTTP/1.1 404 Not Found": a new response starts (0 when the status is unreadable).
    case status(Int)
    /// "Name: value", the name lower-cased and the value trimmed.
    case field(name: String, value: String)
    /// The blank line (only CR and LF) that ends the block.
    case end
    /// A line that is none of these.
    case other

    /// Parses one line (with or without its CRLF).
    public static func parse(_ line: UnsafeRawBufferPointer) -> HTTPHeaderLine {
        if line.allSatisfy({ $0 == 13 || $0 == 10 }) { return .end }
        let text = String(decoding: line, as: UTF8.self).trimmingWhitespace()
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            guard parts.count > 1, parts[1].utf8.count == 3, let code = Int(parts[1]), (100...999).contains(code) else {
                return .status(0)
            }
            return .status(code)
        }
        guard let colon = text.firstIndex(of: ":") else { return .other }
        return .field(name: String(text[..<colon]).asciiLowercased(),
                      value: String(text[text.index(after: colon)...].trimmingWhitespace()))
    }
}

/// Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// Seconds to wait, >= 0; nil when the value is neither form. `now` is the wall clock.
    public static func seconds(_ value: String, now: Double) -> Double? {
        let text = value.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ (48...57).contains($0) }) {
            // More than 9 digits is more than 31 years: treat it as "very long".
            return text.utf8.count > 9 ? 1e9 : Double(Int(text) ?? 0)
        }
        guard let date = httpDate(String(text)) else { return nil }
        return max(0, date - now)
    }

    /// An IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT", as seconds since the epoch.
    static func httpDate(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, parts[5] == "GMT", parts[1].utf8.count == 2, parts[2].utf8.count == 3,
              parts[3].utf8.count == 4, let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, time.allSatisfy({ $0.utf8.count == 2 }), let hour = Int(time[0]), let minute = Int(time[1]),
              let second = Int(time[2]), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second) else { return nil }
        let iso = "\(year)-\(month < 9 ? "0" : "")\(month + 1)-\(parts[1])T\(parts[4])Z"
        return Clock.parseISO8601(iso)
    }
}
