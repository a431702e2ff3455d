@testable import OSImageCore

/// Error bodies (JSON or HTML) cleaned into a message, then masked: bounded output, and no
/// known secret left in it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    for type in ["application/json", "text/html"] {
        let message = ServerMessage.extract(from: input.bytes, contentType: type, fallback: "HTTP 500")
        if message.unicodeScalars.count > Limits.messageSize + 64 { fatalError("message of \(message.unicodeScalars.count) scalars") }
        let masked = mask.apply(message)
        if masked.contains("s3cret-token") { fatalError("a secret survived masking: \(masked)") }
    }
    return 0
}

private let mask = SecretMask(["s3cret-token", "hunter2"])
