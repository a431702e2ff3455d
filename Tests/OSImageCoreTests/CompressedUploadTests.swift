import Glibc
import Testing
@testable import OSImageCore

/// Uploading compressed files through decompressing sources to the real Glance (issue 14,
/// item 4): the image holds the decompressed bytes, verified on download.
@Suite struct CompressedUploadTests {
    @Test func compressedFilesUploadDecompressedAndDownloadVerified() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(1 << 20) + [UInt8](repeating: 7, count: 3 << 20)
        let path = try scratch.write("disk.raw", data)
        for format in ["xz", "gzip", "zstd"] {
            let file = try compressFile(format, path)
            for size in [nil, Int64(data.count)] {
                let image = try client.seedImage(["name": .string(uniqueName("compressed-\(format)"))])
                defer { client.removeImages([image]) }
                let id = try #require(image["id"]?.string)
                let named = size == nil ? nil : try CompressionFormat.named(format)
                let source = try DataSource.decompressing(try DataSource.file(path: file), format: named, size: size)
                let uploaded = try client.uploadImage(id, source: source, validateChecksum: true)
                #expect(uploaded["status"]?.string == "active" && uploaded["size"]?.int == Int64(data.count), "\(format)")
                #expect(uploaded["checksum"]?.string == (try hexDigest(.md5, data)), "\(format)")
                let sink = try DataSink.memory(limit: data.count)
                let result = try client.downloadImage(id, to: sink)
                #expect(result.verified, "\(format)")
                do { let same = sameBytes(sink.bytes, data); #expect(same, "\(format)") }
            }
        }
    }

    @Test func createImageNamesAndHashesTheDecompressedData() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(300_000)
        let name = uniqueName("created")
        let file = try compressFile("xz", try scratch.write(name + ".raw", data))
        var options = CreateImageOptions()
        options.validateChecksum = true
        let source = try DataSource.decompressing(try DataSource.file(path: file), format: nil, size: nil)
        let image = try client.createImage(name: nil, options: options, source: source)
        defer { client.removeImages([image]) }
        #expect(image["name"]?.string == name, "the name drops .raw.xz")
        #expect(image["disk_format"]?.string == "raw")
        #expect(image["size"]?.int == Int64(data.count))
        #expect(image["owner_specified.openstack.sha256"]?.string == (try hexDigest(.sha256, data)))
    }

    @Test func aCorruptStreamFailsTheUpload() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(2 << 20)
        var bytes = try #require(readBytes(try compressFile("gzip", try scratch.write("bad.raw", data))))
        bytes[bytes.count / 2] ^= 0xFF
        let image = try client.seedImage(["name": .string(uniqueName("corrupt"))])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)
        let error = try withMemorySource(bytes) { inner in
            try #require(throws: OSIError.self) {
                try client.uploadImage(id, source: try DataSource.decompressing(inner, format: nil, size: nil))
            }
        }
        #expect(error.code == .io && error.message.contains("gzip stream is corrupt"), "\(error.message)")
        let after = try client.getImage(id)
        #expect(after["status"]?.string != "active", "a failed upload leaves no active image")
    }
}
