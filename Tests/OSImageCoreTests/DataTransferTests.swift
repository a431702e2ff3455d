import Glibc
import Testing
@testable import OSImageCore

/// upload_image, stage_image and download_image against the real Glance: every source and
/// sink, ranges, verification, errors that must never reach a sink, progress and abort.
@Suite struct DataTransferTests {
    /// A queued image to upload into, removed by the caller.
    private func queuedImage(_ client: ImageClient, _ prefix: String) throws -> (JSON, String) {
        let image = try client.seedImage(["name": .string(uniqueName(prefix))])
        return (image, try #require(image["id"]?.string))
    }

    @Test func everySourceKindUploadsAndDownloadsVerified() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(3 * 1024 * 1024 + 17)
        let path = try scratch.write("source.raw", data)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let pipeReader = ArrayReader(data)
        let sources: [(String, () throws -> DataSource)] = [
            ("file", { try DataSource.file(path: path) }),
            ("fd", { try DataSource.descriptor(fd, size: nil) }),
            ("callback with size", { try DataSource.reader(size: Int64(data.count), ArrayReader(data).read) }),
            ("callback, chunked", { try DataSource.reader(size: nil, pipeReader.read) }),
        ]
        for (kind, make) in sources {
            let (image, id) = try queuedImage(client, "src-\(kind.replacingOccurrences(of: " ", with: "-"))")
            defer { client.removeImages([image]) }
            let source = try make()
            let uploaded = try client.uploadImage(id, source: source, validateChecksum: true)
            #expect(uploaded["status"]?.string == "active", "\(kind)")
            #expect(uploaded["size"]?.int == Int64(data.count), "\(kind)")
            let sink = try DataSink.memory(limit: data.count)
            let result = try client.downloadImage(id, to: sink)
            do { let same = sameBytes(sink.bytes, data); #expect(same, "\(kind)") }
            #expect(result.verified && result.expected?.algorithm == .sha512 && result.expected?.origin == .osHashValue)
            #expect(result.actualHash == (try hexDigest(.sha512, data)))
            #expect(result.bytes == Int64(data.count) && result.httpStatus == 200)
        }
        let (image, id) = try queuedImage(client, "src-memory")
        defer { client.removeImages([image]) }
        let uploaded = try withMemorySource(data) { try client.uploadImage(id, source: $0) }
        #expect(uploaded["checksum"]?.string == (try hexDigest(.md5, data)))
    }

    @Test func everySinkKindReceivesTheImage() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(2 * 1024 * 1024 + 5)
        let (image, id) = try queuedImage(client, "sinks")
        defer { client.removeImages([image]) }
        _ = try withMemorySource(data) { try client.uploadImage(id, source: $0) }

        let target = scratch.file("image.raw")
        let fileResult = try client.downloadImage(id, to: try DataSink.file(path: target))
        #expect(fileResult.verified)
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same) }
        #expect(scratch.entries == ["image.raw"], "no temporary file is left")

        let fd = open(scratch.file("fd.raw"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = try client.downloadImage(id, to: try DataSink.descriptor(fd))
        close(fd)
        do { let same = sameBytes(scratch.read("fd.raw"), data); #expect(same) }

        var received: [UInt8] = []
        var calls = 0
        _ = try client.downloadImage(id, to: DataSink.writer { chunk in
            calls += 1
            received += chunk
            return true
        })
        do { let same = sameBytes(received, data); #expect(same) }
        #expect(calls > 1)

        let tooSmall = try DataSink.memory(limit: 1000)
        let error = try #require(throws: OSIError.self) { try client.downloadImage(id, to: tooSmall) }
        #expect(error.code == .io)
        #expect(tooSmall.bytes.isEmpty)
    }

    @Test func rangedDownloadsGetTheirSliceAndAreNotVerified() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(1_000_000)
        let (image, id) = try queuedImage(client, "range")
        defer { client.removeImages([image]) }
        _ = try withMemorySource(data) { try client.uploadImage(id, source: $0) }

        var options = DownloadOptions()
        options.offset = 123_456
        options.length = 4096
        let sink = try DataSink.memory(limit: 1 << 20)
        let result = try client.downloadImage(id, to: sink, options: options)
        do { let same = sameBytes(sink.bytes, data[123_456..<123_456 + 4096]); #expect(same) }
        #expect(result.httpStatus == 206 && !result.verified && result.expected == nil)
        #expect(result.contentRange == "bytes 123456-127551/1000000")

        options.length = nil
        options.offset = 999_000
        _ = try client.downloadImage(id, to: sink, options: options)
        do { let same = sameBytes(sink.bytes, data[999_000...]); #expect(same) }

        options.offset = 1_000_000
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let error = try #require(throws: OSIError.self) {
            try client.downloadImage(id, to: try DataSink.file(path: scratch.file("past-end")), options: options)
        }
        #expect(error.httpStatus == 416)
        #expect(scratch.entries.isEmpty)
    }

    @Test func queuedImageHasNoDataAndNothingIsWritten() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (image, id) = try queuedImage(client, "queued")
        defer { client.removeImages([image]) }
        let error = try #require(throws: OSIError.self) {
            try client.downloadImage(id, to: try DataSink.file(path: scratch.file("none")))
        }
        #expect(error.code == .conflict)
        #expect(error.httpStatus == 204)
        #expect(scratch.entries.isEmpty)
    }

    @Test func deactivatedImageIsForbiddenToItsOwnerButNotAdminAndNothingIsWritten() throws {
        let stack = try Stack.running(.keystone)
        let demo = try stack.client(cloud: "osi-demo")
        let admin = try stack.client(cloud: "osi-admin")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (image, id) = try queuedImage(demo, "deactivated")
        defer {
            _ = try? demo.sendJSON(.post, ["images", id, "actions", "reactivate"], body: nil)
            demo.removeImages([image])
        }
        let data = randomBytes(100_000)
        _ = try withMemorySource(data) { try demo.uploadImage(id, source: $0) }
        _ = try demo.sendJSON(.post, ["images", id, "actions", "deactivate"], body: nil)

        let target = scratch.file("deactivated.raw")
        let error = try #require(throws: OSIError.self) { try demo.downloadImage(id, to: try DataSink.file(path: target)) }
        #expect(error.code == .forbidden && error.httpStatus == 403)
        #expect(scratch.entries.isEmpty, "the 403 body never reaches the sink")
        #expect(try admin.downloadImage(id, to: try DataSink.file(path: target)).verified)
        do { let same = sameBytes(scratch.read("deactivated.raw"), data); #expect(same) }
    }

    @Test func progressReportsBothWaysAndAbortStops() throws {
        let client = try Stack.running(.noauth).client()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = randomBytes(4 * 1024 * 1024)
        let (image, id) = try queuedImage(client, "progress")
        defer { client.removeImages([image]) }

        var uploadReports: [(Int64, Int64)] = []
        _ = try withMemorySource(data) {
            try client.uploadImage(id, source: $0) { done, total in uploadReports.append((done, total)); return true }
        }
        #expect(uploadReports.last.map { $0.0 == Int64(data.count) && $0.1 == Int64(data.count) } == true)
        #expect(zip(uploadReports, uploadReports.dropFirst()).allSatisfy { $0.0 <= $1.0 })

        var downloadReports: [(Int64, Int64)] = []
        _ = try client.downloadImage(id, to: try DataSink.memory(limit: data.count)) { done, total in
            downloadReports.append((done, total))
            return true
        }
        #expect(downloadReports.last.map { $0.0 == Int64(data.count) && $0.1 == Int64(data.count) } == true)

        let target = scratch.file("aborted.raw")
        let aborted = try #require(throws: OSIError.self) {
            try client.downloadImage(id, to: try DataSink.file(path: target)) { done, _ in done < 1_000_000 }
        }
        #expect(aborted.code == .aborted)
        #expect(scratch.entries.isEmpty)

        let (second, secondID) = try queuedImage(client, "progress-abort")
        defer { client.removeImages([second]) }
        let abortedUpload = try #require(throws: OSIError.self) {
            try withMemorySource(data) { try client.uploadImage(secondID, source: $0) { done, _ in done < 1_000_000 } }
        }
        #expect(abortedUpload.code == .aborted)
        #expect(try client.waitForImage(secondID, status: "queued", timeout: 30, interval: 0.2)?["status"]?.string == "queued")
    }

    @Test func stagedDataIsImportedWithGlanceDirect() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(600_000)
        let (image, id) = try queuedImage(client, "stage")
        defer { client.removeImages([image]) }
        let staged = try withMemorySource(data) { try client.stageImage(id, source: $0) }
        #expect(staged["status"]?.string == "uploading")
        try client.importImage(id, ImportOptions())
        let active = try #require(try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3))
        #expect(active["checksum"]?.string == (try hexDigest(.md5, data)))
        let sink = try DataSink.memory(limit: data.count)
        #expect(try client.downloadImage(id, to: sink).verified)
        do { let same = sameBytes(sink.bytes, data); #expect(same) }
    }

    @Test func aCallbackSourceIsReadOnceAndItsSizeIsHeld() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(50_000)
        let (image, id) = try queuedImage(client, "once")
        defer { client.removeImages([image]) }
        let short = try DataSource.reader(size: 60_000, ArrayReader(data).read)
        let error = try #require(throws: OSIError.self) { try client.uploadImage(id, source: short) }
        #expect(error.code == .io)
        #expect(error.message.contains("50000 of the 60000"))
        let again = try #require(throws: OSIError.self) { try client.uploadImage(id, source: short) }
        #expect(again.code == .invalidArgument)

        let failing = try DataSource.reader(size: nil) { _ in -1 }
        #expect((try #require(throws: OSIError.self) { try client.uploadImage(id, source: failing) }).code == .aborted)
        #expect(try client.waitForImage(id, status: "queued", timeout: 30, interval: 0.2)?["status"]?.string == "queued")
    }

    @Test func badSourcesAndSinksFailAtCreation() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect((try #require(throws: OSIError.self) { try DataSource.file(path: scratch.file("missing")) }).code == .io)
        #expect((try #require(throws: OSIError.self) { try DataSource.file(path: scratch.path) }).code == .io)
        #expect((try #require(throws: OSIError.self) { try DataSource.descriptor(-3, size: nil) }).code == .invalidArgument)
        #expect((try #require(throws: OSIError.self) { try DataSource.descriptor(0, size: -2) }).code == .invalidArgument)
        #expect((try #require(throws: OSIError.self) { try DataSource.memory(nil, count: 5) }).code == .invalidArgument)
        #expect((try #require(throws: OSIError.self) { try DataSink.file(path: scratch.file("no/such/dir")) }).code == .io)
        #expect((try #require(throws: OSIError.self) { try DataSink.file(path: scratch.path) }).code == .io)
        #expect((try #require(throws: OSIError.self) { try DataSink.memory(limit: -1) }).code == .invalidArgument)
    }
}
