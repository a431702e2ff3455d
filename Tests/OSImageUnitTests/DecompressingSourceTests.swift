import Glibc
import OSImageTestSupport
import Testing
@testable import OSImageCore

/// Decompressing sources over files compressed here by the xz, gzip and zstd tools: detection,
/// explicit formats, sizes, corrupt and truncated input (issue 14, item 4). No stack needed.
@Suite struct DecompressingSourceTests {
    static let formats = ["xz", "gzip", "zstd"]

    /// 1 MiB of random bytes then 2 MiB of zeros: compressible, with a part that is not.
    static let data: [UInt8] = randomBytes(1 << 20) + [UInt8](repeating: 0, count: 2 << 20)

    /// The data, and its compressed forms, in a scratch directory.
    private func files() throws -> (ScratchDirectory, String, [String: String]) {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("image.raw", Self.data)
        var compressed: [String: String] = [:]
        for format in Self.formats { compressed[format] = try compressFile(format, path) }
        return (scratch, path, compressed)
    }

    @Test func detectsEachFormatFromItsMagicBytes() throws {
        let (scratch, path, compressed) = try files()
        defer { scratch.remove() }
        for format in Self.formats {
            let file = try #require(compressed[format])
            let source = try DataSource.decompressing(try DataSource.file(path: file), format: nil, size: nil)
            #expect(source.length == nil, "\(format): the decompressed size is unknown")
            #expect(source.path == path, "\(format): the compression ending is dropped from the name")
            #expect(source.isRewindable)
            let first = try drain(source)
            #expect(sameBytes(first, Self.data), "\(format)")
            #expect(source.rewind(), "\(format)")
            let again = try drain(source, piece: 4096)
            #expect(sameBytes(again, Self.data), "\(format): a rewound source decompresses again")
        }
        let plain = try DataSource.file(path: path)
        let error = try #require(throws: OSIError.self) { try DataSource.decompressing(plain, format: nil, size: nil) }
        #expect(error.code == .invalidArgument && error.message.contains("magic bytes"), "\(error.message)")
    }

    @Test func explicitFormatAndReadOnceInner() throws {
        let (scratch, _, compressed) = try files()
        defer { scratch.remove() }
        for format in Self.formats {
            let file = try #require(compressed[format])
            let named = try CompressionFormat.named(format)
            let source = try DataSource.decompressing(try DataSource.file(path: file), format: named, size: nil)
            #expect(sameBytes(try drain(source), Self.data), "\(format)")
            // A read-once inner source: the format is checked on the first read.
            let bytes = try #require(readBytes(file))
            let reader = ArrayReader(bytes, piece: 3000)
            let once = try DataSource.decompressing(try DataSource.reader(size: nil, reader.read), format: nil, size: nil)
            #expect(!once.isRewindable)
            #expect(sameBytes(try drain(once), Self.data), "\(format) from a read callback")
        }
        let xz = try #require(compressed["xz"])
        let wrong = try #require(throws: OSIError.self) {
            try DataSource.decompressing(try DataSource.file(path: xz), format: .gzip, size: nil)
        }
        #expect(wrong.code == .invalidArgument && wrong.message.contains("gzip magic"), "\(wrong.message)")
        let unknown = try #require(throws: OSIError.self) { try CompressionFormat.named("bzip2") }
        #expect(unknown.code == .invalidArgument)
        #expect(try CompressionFormat.named("gz") == .gzip && CompressionFormat.named("ZST") == .zstd)
    }

    @Test func aGivenSizeIsEnforced() throws {
        let (scratch, _, compressed) = try files()
        defer { scratch.remove() }
        for format in Self.formats {
            let file = try #require(compressed[format])
            let exact = try DataSource.decompressing(try DataSource.file(path: file), format: nil, size: Int64(Self.data.count))
            #expect(exact.length == Int64(Self.data.count))
            #expect(sameBytes(try drain(exact), Self.data), "\(format)")
            let short = try DataSource.decompressing(try DataSource.file(path: file), format: nil, size: 1000)
            let more = try #require(throws: OSIError.self) { try drain(short) }
            #expect(more.code == .io && more.message.contains("more than the 1000 bytes"), "\(format): \(more.message)")
            let long = try DataSource.decompressing(try DataSource.file(path: file), format: nil, size: Int64(Self.data.count + 1))
            let fewer = try #require(throws: OSIError.self) { try drain(long) }
            #expect(fewer.code == .io, "\(format): \(fewer.message)")
        }
    }

    @Test func corruptAndTruncatedStreamsFailClearly() throws {
        let (scratch, _, compressed) = try files()
        defer { scratch.remove() }
        for format in Self.formats {
            let file = try #require(compressed[format])
            var bytes = try #require(readBytes(file))
            // Truncated: half of the compressed file.
            let half = Array(bytes[..<(bytes.count / 2)])
            let cut = try withMemorySource(half) { source in
                try #require(throws: OSIError.self) { try drain(try DataSource.decompressing(source, format: nil, size: nil)) }
            }
            #expect(cut.code == .io && cut.message.contains(format), "\(format): \(cut.message)")
            #expect(cut.message.contains("truncated") || cut.message.contains("corrupt"), "\(format): \(cut.message)")
            // Corrupt: bytes changed in the middle of the random part's data.
            for index in stride(from: bytes.count / 4, to: bytes.count / 4 + 64, by: 1) { bytes[index] ^= 0x55 }
            let damaged = try withMemorySource(bytes) { source in
                try #require(throws: OSIError.self) { try drain(try DataSource.decompressing(source, format: nil, size: nil)) }
            }
            #expect(damaged.code == .io && damaged.message.contains("\(format) stream is corrupt"), "\(format): \(damaged.message)")
        }
    }

    @Test func concatenatedStreamsAreDecompressedInTurn() throws {
        let (scratch, _, compressed) = try files()
        defer { scratch.remove() }
        for format in Self.formats {
            let file = try #require(compressed[format])
            let bytes = try #require(readBytes(file))
            let twice = try withMemorySource(bytes + bytes) { source in
                try drain(try DataSource.decompressing(source, format: nil, size: nil))
            }
            #expect(sameBytes(twice, Self.data + Self.data), "\(format)")
        }
    }

    /// A stream that expands 1000-fold is decompressed piece by piece: the reads never hold
    /// more than a buffer (the decoder's memory is bounded by its limits).
    @Test func aDecompressionBombStreams() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let path = try scratch.write("zeros.raw", zeros)
        let file = try compressFile("zstd", path)
        unlink(path)
        let source = try DataSource.decompressing(try DataSource.file(path: file), format: nil, size: nil)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        var largest = 0
        while true {
            let count = try source.read(into: buffer)
            if count == 0 { break }
            total += count
            largest = max(largest, count)
        }
        #expect(total == zeros.count && largest <= buffer.count)
    }
}
