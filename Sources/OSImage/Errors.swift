import COSImageTypes
import OSImageCore

/// Frees an error from any osimage call. NULL is allowed. Not thread-safe for the same error.
@c public func osi_error_free(_ err: osi_error_ref?) {
    guard let err else { return }
    Unmanaged<ErrorBox>.fromOpaque(UnsafeRawPointer(err)).release()
}

/// The status code of an error (OSI_INVALID_ARGUMENT for NULL).
@c public func osi_error_code(_ err: osi_error_cref?) -> osi_status {
    ErrorBox.from(err).map { status($0.code) } ?? OSI_INVALID_ARGUMENT
}

/// The HTTP status of the response that failed, or 0 when the error is not an HTTP answer.
@c public func osi_error_http_status(_ err: osi_error_cref?) -> Int32 {
    Int32(clamping: ErrorBox.from(err)?.httpStatus ?? 0)
}

/// A readable message (server HTML removed, a server's text cut to 4 KiB, known secrets
/// shown as ***). Valid until osi_error_free(); never NULL for a non-NULL error.
@c public func osi_error_message(_ err: osi_error_cref?) -> UnsafePointer<CChar>? {
    guard let box = ErrorBox.from(err) else { return nil }
    return UnsafePointer(box.message) ?? staticText("")
}

/// The server's x-openstack-request-id, or NULL when no response carried one. Valid until
/// osi_error_free().
@c public func osi_error_request_id(_ err: osi_error_cref?) -> UnsafePointer<CChar>? {
    ErrorBox.from(err)?.requestID.map { UnsafePointer($0) }
}

/// The HTTP method of the failed request, or NULL. Valid until osi_error_free().
@c public func osi_error_method(_ err: osi_error_cref?) -> UnsafePointer<CChar>? {
    ErrorBox.from(err)?.method.map { UnsafePointer($0) }
}

/// The URL of the failed request, or NULL. It never holds credentials: userinfo of a
/// configured URL (http://user:pw@host/) is sent as basic auth, never shown. Valid until
/// osi_error_free().
@c public func osi_error_url(_ err: osi_error_cref?) -> UnsafePointer<CChar>? {
    ErrorBox.from(err)?.url.map { UnsafePointer($0) }
}

/// A short static description of a status code, e.g. "not found". Never NULL; thread-safe.
@c public func osi_status_str(_ code: osi_status) -> UnsafePointer<CChar> {
    guard code != OSI_OK else { return staticText("ok") }
    guard let known = errorCode(code) else { return staticText("unknown status") }
    return summaries[known]?.pointer ?? staticText("unknown status")
}

/// ErrorCode.summary of every code, as C text.
private let summaries: [ErrorCode: ImmortalText] = Dictionary(
    uniqueKeysWithValues: ErrorCode.allCases.compactMap { code in ImmortalText(code.summary).map { (code, $0) } })
