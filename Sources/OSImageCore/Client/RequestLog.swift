/// How much osimage logs, ordered by the raw values (the C boundary maps each case to its
/// `osi_log_level` with one switch).
public enum LogLevel: Int32, Sendable, Comparable {
    case none = 0, error = 1, warning = 2, info = 3, debug = 4

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Receives a log line; returns false to abort the call that logged it.
public typealias LogHandler = @Sendable (LogLevel, String) -> Bool

/// Writes one line per request (method, URL, status, time, request id) and the warnings of a
/// connection to the caller's handler. Lines never contain tokens or passwords: URLs carry
/// none, and request headers and bodies are not logged.
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

    /// Logs a finished exchange.
    func completed(_ request: HTTPRequest, _ response: HTTPResponse) throws(OSIError) {
        let level: LogLevel = response.status >= 400 ? .warning : .info
        try write(level, "\(request.method.rawValue) \(request.url) -> \(response.status) "
            + "(\(Self.milliseconds(response.elapsed)) ms\(response.requestID.map { ", " + $0 } ?? ""))")
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
