import Glibc
@testable import OSImageCore

/// `count` random bytes (incompressible, and no image format detector sees a header).
package func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        var word = generator.next()
        for _ in 0..<8 where index < count {
            bytes[index] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            index += 1
        }
    }
    return bytes
}

/// The hex digest of `bytes`.
package func hexDigest(_ algorithm: HashAlgorithm, _ bytes: [UInt8]) throws -> String {
    let digest = try Digest.make(algorithm)
    bytes.withUnsafeBytes { digest.update($0) }
    return digest.finishHex()
}

/// A scratch directory for one test, removed with everything in it by `remove()`.
package struct ScratchDirectory {
    package let path: String

    package init() throws {
        var template = Array("/tmp/osimage-data-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StackError("mkdtemp failed") }
        path = String(cString: made)
    }

    /// A path inside the directory.
    package func file(_ name: String) -> String { path + "/" + name }

    /// The names in the directory (hidden temporary files included).
    package var entries: [String] { Self.entries(of: path) }

    /// The names in any directory (empty when it cannot be read).
    package static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    package func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        guard let handle = fopen(target, "w") else { throw StackError("cannot write \(target)") }
        defer { fclose(handle) }
        guard fwrite(bytes, 1, bytes.count, handle) == bytes.count else { throw StackError("short write") }
        return target
    }

    package func read(_ name: String) -> [UInt8]? { readBytes(file(name)) }

    package func remove() {
        for name in entries { unlink(file(name)) }
        rmdir(path)
    }
}

/// Runs `body` with a memory source over `bytes`, which stay alive meanwhile.
package func withMemorySource<T>(_ bytes: [UInt8], _ body: (DataSource) throws -> T) throws -> T {
    try bytes.withUnsafeBytes { raw in try body(DataSource.memory(raw.baseAddress, count: raw.count)) }
}

/// A read function giving `bytes` in pieces of at most `piece` bytes, counting its calls.
package final class ArrayReader: @unchecked Sendable {
    // Sendable: used by one test thread at a time.
    package let bytes: [UInt8]
    package let piece: Int
    package private(set) var offset = 0
    package private(set) var calls = 0

    package init(_ bytes: [UInt8], piece: Int = 100_000) {
        self.bytes = bytes
        self.piece = piece
    }

    package func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int64 {
        calls += 1
        let count = min(buffer.count, piece, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes[offset..<offset + count].withUnsafeBytes { buffer.copyMemory(from: $0) }
        offset += count
        return Int64(count)
    }
}

/// Whether two byte sequences are equal, with a short description of the first difference
/// (a failed `#expect(a == b)` on megabytes would make the test library diff them for ages).
package func sameBytes(_ got: (some Sequence<UInt8>)?, _ want: some Sequence<UInt8>) -> Bool {
    guard let got else { return false }
    return got.elementsEqual(want)
}

/// Compresses the file at `path` with the command-line tool of `format` ("xz", "gzip" or
/// "zstd"), keeping it; returns the compressed file's path (path + ".xz", ".gz", ".zst").
package func compressFile(_ format: String, _ path: String) throws -> String {
    switch format {
    case "xz": try ChildProcess.run(["xz", "-k", "-f", "-T1", path]); return path + ".xz"
    case "gzip": try ChildProcess.run(["gzip", "-k", "-f", path]); return path + ".gz"
    default: try ChildProcess.run(["zstd", "-q", "-k", "-f", path, "-o", path + ".zst"]); return path + ".zst"
    }
}

/// Everything a source gives, read in pieces of `piece` bytes.
package func drain(_ source: DataSource, piece: Int = 65_536) throws -> [UInt8] {
    var bytes: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        let count = try source.read(into: buffer)
        if count == 0 { return bytes }
        bytes += UnsafeRawBufferPointer(rebasing: buffer[..<count])
    }
}
