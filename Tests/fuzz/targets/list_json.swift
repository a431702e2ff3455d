@testable import OSImageCore

/// A list page (images, members, tasks, stores) as the pager reads it: items, next link,
/// marker, link resolution and rebasing, and the image fields find/create/download read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let document = try? JSON.parse(input.bytes) else { return 0 }
    let base = "http://glance.example:9292/v2"
    for key in ["images", "members", "tasks", "stores"] {
        let items = (try? ListIterator.items(in: document, key: key, url: base)) ?? []
        for item in items {
            _ = item["id"]?.string
            _ = item["name"]?.string
            _ = item["status"]?.string
            _ = try? HashExpectation.of(image: item)
            _ = try? ImageClient.checkServerChecksum(of: item, md5: "d41d8cd98f00b204e9800998ecf8427e", sha256: nil)
        }
    }
    if let link = try? ListIterator.nextLink(in: document, url: base) {
        let resolved = ImageClient.resolve(link: link, baseURL: base)
        // Whatever the link names, the result is on the endpoint's origin.
        if URLOrigin(resolved) != URLOrigin(base) { fatalError("link \(link) resolved off the endpoint: \(resolved)") }
        _ = ListIterator.marker(in: resolved)
    }
    return 0
}
