import Glibc

/// A file served by the stack's static web server (OSI_WEB_DIR at OSI_WEB_URL), for
/// web-download and task imports. Remove it with `remove()` when the test is done.
struct WebFile {
    let path: String
    /// The URL Glance fetches it from.
    let url: String
    let bytes: [UInt8]

    /// Writes `bytes` under a unique name.
    init(_ stack: Stack, bytes: [UInt8], prefix: String = "web") throws {
        let name = uniqueName(prefix) + ".raw"
        path = try stack["OSI_WEB_DIR"] + "/" + name
        url = try stack["OSI_WEB_URL"] + "/" + name
        self.bytes = bytes
        guard let file = fopen(path, "w") else { throw StackError("cannot write \(path)") }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw StackError("short write to \(path)") }
    }

    func remove() { unlink(path) }
}

/// `count` bytes of a repeating pattern that no image format detector mistakes for a header.
func rawBytes(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}
