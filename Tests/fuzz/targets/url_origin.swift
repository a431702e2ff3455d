@testable import OSImageCore

/// URLs and links: origin, userinfo removal, rebasing onto a configured endpoint.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let text = input.text
    _ = URLOrigin(text)
    let stripped = URLOrigin.removingUserinfo(text)
    if stripped.user != nil, let origin = URLOrigin(stripped.url), URLOrigin(text) != origin {
        fatalError("removing the userinfo of \(text) changed its origin")
    }
    let base = "https://proxy.example/image/v2"
    let resolved = ImageClient.resolve(link: text, baseURL: base)
    if (text.contains("://") || text.hasPrefix("//")) && URLOrigin(resolved) != URLOrigin(base) {
        fatalError("\(text) resolved off the endpoint: \(resolved)")
    }
    _ = ListIterator.marker(in: resolved)
    return 0
}
