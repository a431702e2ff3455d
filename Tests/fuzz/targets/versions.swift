@testable import OSImageCore

/// The version document at the image service's root.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let response = HTTPResponse(status: 300, headers: HTTPHeaders(), body: input.bytes, elapsed: 0)
    let endpoint = try? ImageEndpoint.discover("http://glance.example:9292/v2") { (_: String) throws(OSIError) -> HTTPResponse in
        response
    }
    if let endpoint, endpoint.baseURL != "http://glance.example:9292/v2" { fatalError("the v2 root moved: \(endpoint.baseURL)") }
    return 0
}
