import COSImageTypes
import CJansson
import Glibc
import OSImageCore

/// Opens a connection from `options`, a JSON object in openstacksdk's terms: either
/// {"cloud": "name", ...overrides} naming an entry of clouds.yaml (searched in
/// $OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/, /etc/openstack/; secure.yaml
/// merged), or the same keys inline ({"auth_type": "password", "auth": {...}, "region_name":
/// ...}). Authenticates and discovers the image endpoint before returning, so bad credentials
/// fail here (OSI_AUTH). `options` is borrowed. On success *out_conn is a new connection to free
/// with osi_conn_free(). Thread-safe.
/// Bounds on what a server may do (optional keys): "api_timeout" (seconds a whole non-data
/// call may take, every request, retry, Retry-After wait and re-authentication included;
/// default 300), "connect_timeout" (30), "stall_timeout" (60), "min_transfer_rate" (bytes/s
/// a data transfer must average over "min_transfer_rate_time" seconds, else OSI_TIMEOUT;
/// default 1024 over 120, 0 = off), "max_retry_after" (60 s: a longer Retry-After fails at
/// once with the server's status), "max_pages" (pages per listing, find or duplicate check,
/// default 10000), "max_response_size" (bytes of a JSON answer, default 64 MiB) and
/// "max_header_size" (256 KiB). Redirects are never followed (3xx -> OSI_HTTP); only the
/// configured image and identity origins are contacted (foreign next links are rebased).
@c public func osi_conn_open(_ options: UnsafePointer<json_t>?, _ out_conn: UnsafeMutablePointer<osi_conn_ref?>?,
                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_conn, "out_conn")
        let config = try CloudConfigLoader.load(options: jsonObject(options, "options"), environment: .current())
        out.pointee = retained(try ImageClient(config: config, log: debugLog()))
    }
}

/// osi_conn_open() with a log from the start: the requests made while the connection opens
/// (token, catalog, version discovery) go to `callback` too, with the level and rules of
/// osi_conn_set_log(). `callback` NULL or `level` OSI_LOG_NONE logs nothing (unless OSI_DEBUG
/// is set); an unknown level gives OSI_INVALID_ARGUMENT. The callback stays the connection's
/// log afterwards. Thread-safe.
@c public func osi_conn_open_log(_ options: UnsafePointer<json_t>?, _ level: osi_log_level, _ callback: osi_log_cb?,
                                 _ userdata: UnsafeMutableRawPointer?, _ out_conn: UnsafeMutablePointer<osi_conn_ref?>?,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_conn, "out_conn")
        let wanted = try logLevel(level)
        let config = try CloudConfigLoader.load(options: jsonObject(options, "options"), environment: .current())
        let log = callback.flatMap { wanted == .none ? nil : callbackLog(wanted, $0, userdata) }
        out.pointee = retained(try ImageClient(config: config, log: withDebugLog(log)))
    }
}

/// Opens a connection from the environment: OS_CLOUD names a clouds.yaml entry, otherwise
/// OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, ... describe it. Otherwise as
/// osi_conn_open(). Thread-safe.
@c public func osi_conn_open_env(_ out_conn: UnsafeMutablePointer<osi_conn_ref?>?,
                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_conn, "out_conn")
        let config = try CloudConfigLoader.loadFromEnvironment(.current())
        out.pointee = retained(try ImageClient(config: config, log: debugLog()))
    }
}

/// Frees a connection and closes its HTTP connections. NULL is allowed. No call may be
/// running on the connection, and it must not be used afterwards.
@c public func osi_conn_free(_ conn: osi_conn_ref?) {
    guard let conn else { return }
    Unmanaged<ImageClient>.fromOpaque(UnsafeRawPointer(conn)).release()
}

/// Sends the connection's log lines up to `level` to `callback` (NULL or OSI_LOG_NONE turns
/// logging off): one line per HTTP request (method, URL, status, time, request id) and
/// warnings such as retries; OSI_LOG_DEBUG adds the request and response headers (secret
/// ones redacted) and re-authentication. Tokens and passwords never appear. With the
/// environment variable OSI_DEBUG set (at open), the lines also go to stderr. The callback
/// runs on the thread of the call that logs, so it may run on several threads at once, with
/// no lock of the library held: it may call osimage functions, on this connection too. A
/// non-zero return aborts that call with OSI_ABORTED. A level that osi_log_level does not
/// have gives OSI_INVALID_ARGUMENT and leaves the log as it was. Thread-safe.
@c public func osi_conn_set_log(_ conn: osi_conn_ref?, _ level: osi_log_level, _ callback: osi_log_cb?,
                                _ userdata: UnsafeMutableRawPointer?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let client = try connection(conn)
        let wanted = try logLevel(level)
        guard let callback, wanted != .none else {
            client.session.setLog(debugLog())
            return
        }
        client.session.setLog(withDebugLog(callbackLog(wanted, callback, userdata)))
    }
}

/// A log writing to a C callback.
private func callbackLog(_ level: LogLevel, _ callback: osi_log_cb, _ userdata: UnsafeMutableRawPointer?) -> RequestLog {
    let target = LogTarget(callback: callback, userdata: userdata)
    return RequestLog(level: level) { lineLevel, line in
        line.withCString { target.callback(cLevel(lineLevel), $0, target.userdata) == 0 }
    }
}

/// `log`, and with OSI_DEBUG set also stderr: each line goes to those whose level takes it.
private func withDebugLog(_ log: RequestLog?) -> RequestLog? {
    guard let debug = debugLog() else { return log }
    guard let log else { return debug }
    return RequestLog(level: max(log.level, debug.level)) { lineLevel, line in
        if lineLevel <= debug.level { _ = try? debug.write(lineLevel, line) }
        guard lineLevel <= log.level else { return true }
        do { try log.write(lineLevel, line) } catch { return false }
        return true
    }
}

/// The log a connection opened without a callback gets: none, or with the environment
/// variable OSI_DEBUG set, lines on stderr ("info": one per request; any other value but
/// "0": debug, with headers redacted). OSI_DEBUG also copies the lines of a connection
/// with a callback to stderr.
private func debugLog() -> RequestLog? {
    guard let value = Environment.current().variables["OSI_DEBUG"], !value.isEmpty, value != "0" else { return nil }
    return RequestLog(level: value == "info" || value == "INFO" ? .info : .debug) { lineLevel, line in
        let text = Array("osimage: \(lineLevel): \(line)\n".utf8)
        _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        return true
    }
}

/// What the connection knows about itself, as a new JSON object: "image_endpoint" (the v2
/// root), "versions" (advertised API versions), "auth_type", "region_name", "interface",
/// "cloud", "project_id" and "user_id" (of the token). Thread-safe.
@c public func osi_conn_info(_ conn: osi_conn_ref?, _ out_info: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_info, "out_info")
        out.pointee = try connection(conn).connectionInfo().forC
    }
}

/// A C log callback and its userdata.
struct LogTarget: @unchecked Sendable {
    // Sendable: the caller promised, by passing them to osi_conn_set_log, that the callback
    // may run on any thread that uses the connection.
    let callback: osi_log_cb
    let userdata: UnsafeMutableRawPointer?
}

/// A new handle owning one reference to `client`.
func retained(_ client: ImageClient) -> osi_conn_ref {
    OpaquePointer(Unmanaged.passRetained(client).toOpaque())
}
