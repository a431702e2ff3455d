@testable import OSImageCore

/// One image, member or task document as the operations read it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let document = try? JSON.parse(input.bytes) else { return 0 }
    _ = try? HashExpectation.of(image: document)
    _ = try? ImageClient.checkServerChecksum(of: document, md5: "d41d8cd98f00b204e9800998ecf8427e",
                                               sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    for key in ["id", "status", "name", "owner", "checksum", "os_hash_algo", "os_hash_value", "message", "result", "type"] {
        _ = document[key]?.string
    }
    _ = document["size"]?.int
    _ = document["tags"]?.array?.compactMap(\.string)
    _ = document["import-methods"]?["value"]?.array?.compactMap(\.string)
    _ = document.serialized()
    return 0
}
