import COSImageTypes
import CJansson
import Glibc
import OSImageCore

// The C boundary: every exported function converts its arguments here, runs the core inside
// `call`, and turns a thrown OSIError into a status and an osi_error. Nothing here traps:
// a NULL, a wrong JSON type or invalid UTF-8 becomes OSI_INVALID_ARGUMENT.

/// Runs `body`, clearing `*err` first and filling it when `body` throws.
func call(_ err: UnsafeMutablePointer<osi_error_ref?>?, _ body: () throws(OSIError) -> Void) -> osi_status {
    err?.pointee = nil
    do {
        try body()
        return OSI_OK
    } catch {
        err?.pointee = ErrorBox.retained(error)
        return status(error.code)
    }
}

/// The C status for an error code: the one mapping, checked by the compiler (a new
/// ErrorCode case does not build until it has its osi_status here).
func status(_ code: ErrorCode) -> osi_status {
    switch code {
    case .invalidArgument: OSI_INVALID_ARGUMENT
    case .notFound: OSI_NOT_FOUND
    case .conflict: OSI_CONFLICT
    case .auth: OSI_AUTH
    case .forbidden: OSI_FORBIDDEN
    case .ambiguous: OSI_AMBIGUOUS
    case .http: OSI_HTTP
    case .transport: OSI_TRANSPORT
    case .timeout: OSI_TIMEOUT
    case .checksum: OSI_CHECKSUM
    case .aborted: OSI_ABORTED
    case .taskFailed: OSI_TASK_FAILED
    case .unsupported: OSI_UNSUPPORTED
    case .noMemory: OSI_NO_MEMORY
    case .config: OSI_CONFIG
    case .io: OSI_IO
    case .internal: OSI_INTERNAL
    }
}

/// The error code of a C status, nil for OSI_OK and numbers osi_status does not have (the
/// inverse of `status`, derived from it).
func errorCode(_ value: osi_status) -> ErrorCode? {
    ErrorCode.allCases.first { status($0) == value }
}

/// The C level of a log level (exhaustive, as `status`).
func cLevel(_ level: LogLevel) -> osi_log_level {
    switch level {
    case .none: OSI_LOG_NONE
    case .error: OSI_LOG_ERROR
    case .warning: OSI_LOG_WARNING
    case .info: OSI_LOG_INFO
    case .debug: OSI_LOG_DEBUG
    }
}

/// The log level of a C level; a number osi_log_level does not have is refused.
func logLevel(_ value: osi_log_level) throws(OSIError) -> LogLevel {
    for level in [LogLevel.none, .error, .warning, .info, .debug] where cLevel(level) == value { return level }
    throw .invalidArgument("unknown log level \(value.rawValue) (OSI_LOG_NONE to OSI_LOG_DEBUG)")
}

/// A required C string argument as a Swift String; NULL and invalid UTF-8 are refused.
func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(OSIError) -> String {
    guard let pointer else { throw .invalidArgument("\(name) must not be NULL") }
    guard let text = String(validatingCString: pointer) else { throw .invalidArgument("\(name) is not valid UTF-8") }
    return text
}

/// An optional borrowed JSON argument (NULL gives nil); the caller's reference is not stolen.
/// Checked before use (`JSON.checkBounds`): invalid UTF-8 in a string or key, a cycle, more
/// than 256 levels or more than 100000 values with shared sub-objects counted where they
/// appear -> OSI_INVALID_ARGUMENT.
func json(_ pointer: UnsafePointer<json_t>?, _ name: String = "a JSON argument") throws(OSIError) -> JSON? {
    guard let pointer else { return nil }
    let value = JSON(borrowing: UnsafeMutablePointer(mutating: pointer))
    try value.checkBounds(what: name)
    return value
}

/// A required borrowed JSON object argument.
func jsonObject(_ pointer: UnsafePointer<json_t>?, _ name: String) throws(OSIError) -> JSON {
    guard let value = try json(pointer, name) else { throw .invalidArgument("\(name) must not be NULL") }
    guard value.isObject else { throw .invalidArgument("\(name) must be a JSON object") }
    return value
}

/// A required out-parameter, cleared so that it is NULL whatever happens next.
func output<T>(_ pointer: UnsafeMutablePointer<T?>?, _ name: String) throws(OSIError) -> UnsafeMutablePointer<T?> {
    guard let pointer else { throw .invalidArgument("\(name) must not be NULL") }
    pointer.pointee = nil
    return pointer
}

/// The connection behind a handle.
func connection(_ handle: osi_conn_ref?) throws(OSIError) -> ImageClient {
    guard let handle else { throw .invalidArgument("conn must not be NULL") }
    return Unmanaged<ImageClient>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// An optional C string argument: NULL gives nil, invalid UTF-8 is refused.
func optionalString(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(OSIError) -> String? {
    guard let pointer else { return nil }
    return try string(pointer, name)
}

/// A wait callback as a Swift observer of each polled resource (nil for a NULL callback).
func observer(_ callback: osi_wait_cb?, _ userdata: UnsafeMutableRawPointer?) -> ((JSON) -> Bool)? {
    guard let callback else { return nil }
    return { resource in callback(UnsafePointer(resource.pointer), userdata) == 0 }
}

/// A C progress callback as a ProgressObserver (nil for NULL).
func progressObserver(_ callback: osi_progress_cb?, _ userdata: UnsafeMutableRawPointer?) -> ProgressObserver? {
    guard let callback else { return nil }
    return { done, total in callback(done, total, userdata) == 0 }
}

/// A NUL-terminated copy of `text` that lives until `free`.
func duplicate(_ text: String?) -> UnsafeMutablePointer<CChar>? {
    guard let text else { return nil }
    return text.withCString { strdup($0) }
}

/// A pointer to immortal static text.
func staticText(_ text: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// A new reference for C.
extension JSON {
    var forC: UnsafeMutablePointer<json_t> { retainedPointer() }
}

/// A C copy of a fixed text, made once and never freed or changed.
struct ImmortalText: @unchecked Sendable {
    // Sendable: the bytes are written once, before the value is published, and never again.
    let pointer: UnsafePointer<CChar>

    init?(_ text: String) {
        guard let copy = duplicate(text) else { return nil }
        pointer = UnsafePointer(copy)
    }
}
