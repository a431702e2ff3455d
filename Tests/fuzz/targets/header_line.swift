@testable import OSImageCore

/// Response header lines as libcurl hands them over, then the lookups the library does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    var headers = HTTPHeaders()
    // Several lines in one input: split on LF as libcurl would deliver them.
    for line in input.bytes.split(separator: 10, omittingEmptySubsequences: false) {
        switch Array(line).withUnsafeBytes({ HTTPHeaderLine.parse($0) }) {
        case .status(let code):
            if code != 0 && !(100...999).contains(code) { fatalError("status \(code)") }
            headers = HTTPHeaders()
        case .field(let name, let value):
            headers.append(name: name, value: value)
        case .end:
            if !line.allSatisfy({ $0 == 13 || $0 == 10 }) { fatalError("end of headers on a line that is not blank") }
        case .other:
            break
        }
    }
    for name in ["content-length", "retry-after", "location", "x-openstack-request-id", "content-range", "x-subject-token"] {
        if let value = headers[name] {
            _ = RetryAfter.seconds(value, now: 0)
            _ = ContentRange(value)
        }
    }
    return 0
}
