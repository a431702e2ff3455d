import COSImageTypes
import Glibc
import OSImageCore

/// The object behind an `osi_error *`: the error plus C copies of its strings, which live
/// until `osi_error_free`.
final class ErrorBox {
    let code: ErrorCode
    let httpStatus: Int
    let message: UnsafeMutablePointer<CChar>?
    let requestID: UnsafeMutablePointer<CChar>?
    let method: UnsafeMutablePointer<CChar>?
    let url: UnsafeMutablePointer<CChar>?

    private init(_ error: OSIError) {
        code = error.code
        httpStatus = error.httpStatus
        message = duplicate(error.message)
        requestID = duplicate(error.requestID)
        method = duplicate(error.method)
        url = duplicate(error.url)
    }

    deinit {
        free(message)
        free(requestID)
        free(method)
        free(url)
    }

    /// A new handle owning a box for `error`.
    static func retained(_ error: OSIError) -> osi_error_ref {
        OpaquePointer(Unmanaged.passRetained(ErrorBox(error)).toOpaque())
    }

    /// The box behind a handle.
    static func from(_ handle: osi_error_cref?) -> ErrorBox? {
        handle.map { Unmanaged<ErrorBox>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }
}
