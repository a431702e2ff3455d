/// How much osimage logs, ordered by the raw values (the C boundary maps each case to its
/// `osi_log_level` with one switch).
public enum LogLevel: Int32, Sendable, Comparable {
    case none = 0, error = 1, warning = 2, info = 3, debug = 4

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Receives a log line; returns false to abort the call that logged it.
public typealias LogHandler = @Sendable (LogLevel, String) -> Bool

/// Writes one line per request (method, URL, status, time, request id) and the warnings of a
/// connection to the caller's handler; at `.debug` also the request and response headers
/// (secret ones redacted), retries and re-authentication. Lines never contain tokens or
/// passwords: URLs carry none, secret headers are written as "<redacted>", and bodies are
/// not logged.
public struct RequestLog: Sendable {
    /// The most detailed level that is written.
    public let level: LogLevel
    let handler: LogHandler

    /// A log writing lines up to `level` to `handler`.
    public init(level: LogLevel, handler: @escaping LogHandler) {
        self.level = level
        self.handler = handler
    }

    /// Writes `line` at `lineLevel`; throws `.aborted` when the handler asks to stop.
    public func write(_ lineLevel: LogLevel, _ line: @autoclosure () -> String) throws(OSIError) {
        guard lineLevel != .none, lineLevel <= level else { return }
        guard handler(lineLevel, line()) else { throw OSIError(.aborted, "the log callback asked to stop") }
    }

    /// Logs a finished exchange; at `.debug` with its headers, secrets redacted.
    func completed(_ request: HTTPRequest, _ response: HTTPResponse) throws(OSIError) {
        let level: LogLevel = response.status >= 400 ? .warning : .info
        try write(level, "\(request.method.rawValue) \(request.url) -> \(response.status) "
            + "(\(Self.milliseconds(response.elapsed)) ms\(response.requestID.map { ", " + $0 } ?? ""))")
        guard level <= self.level, self.level >= .debug else { return }
        try write(.debug, "  request headers: " + Self.describe(request.headers))
        try write(.debug, "  response headers: " + Self.describe(response.headers.fields.map { ($0.name, $0.value) }))
    }

    /// Headers whose values are credentials.
    static let secretHeaders: Set<String> = ["x-auth-token", "x-subject-token", "x-service-token", "authorization",
                                             "proxy-authorization", "cookie", "set-cookie"]

    /// Headers as "Name: value; ...", secret values replaced by "<redacted>".
    static func describe(_ headers: [(String, String)]) -> String {
        headers.map { name, value in
            "\(name): " + (secretHeaders.contains(name.asciiLowercased()) ? "<redacted>" : value)
        }.joined(separator: "; ")
    }

    /// Logs an exchange that failed before a response.
    func failed(_ request: HTTPRequest, _ error: OSIError) throws(OSIError) {
        try write(.warning, "\(request.method.rawValue) \(request.url) failed: \(error.code.summary): \(error.message)")
    }

    private static func milliseconds(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10_000).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
