@testable import OSImageCore

/// Retry-After values: delay-seconds or an HTTP-date; never negative, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    if let seconds = RetryAfter.seconds(input.text, now: 1_700_000_000) {
        if !(seconds >= 0) || !seconds.isFinite { fatalError("Retry-After gave \(seconds)") }
    }
    return 0
}
