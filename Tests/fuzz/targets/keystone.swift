@testable import OSImageCore

/// Keystone's token answer (body and X-Subject-Token) and the image endpoint in its catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    var headers = HTTPHeaders()
    headers.append(name: "X-Subject-Token", value: "gAAAAA-token")
    let response = HTTPResponse(status: 201, headers: headers, body: input.bytes, elapsed: 0)
    guard let token = try? KeystoneAuthenticator.token(from: response, url: "http://keystone.example/v3/auth/tokens") else { return 0 }
    _ = token.expires(within: 120)
    for interface in ["public", "internal"] {
        _ = try? ServiceCatalog.endpoint(in: token.catalog, type: "image", interface: interface, region: nil)
        _ = try? ServiceCatalog.endpoint(in: token.catalog, type: "image", interface: interface, region: "RegionOne")
    }
    return 0
}
