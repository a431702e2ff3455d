@testable import OSImageCore

/// Content-Range values of a 206 answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    if let range = ContentRange(input.text) {
        if range.first < 0 || range.first > range.last { fatalError("bad range \(range)") }
        if let complete = range.complete, range.last >= complete { fatalError("bad range \(range)") }
    }
    return 0
}
