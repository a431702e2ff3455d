import Glibc
import Synchronization
import Testing
@testable import OSImageCore

/// The faults a real Glance cannot be made to show, against the tests' own fault server: a
/// connection dropped mid-download, a wrong checksum, a stalled server, 503s (with a body that
/// must be resent whole, or never resent when it cannot be), and every hash-selection rule.
@Suite struct DataFaultTests {
    @Test func aDroppedConnectionLeavesNoFileAndIsRetriedWhenItCanBe() throws {
        let always = try FakeImage.server(FakeImage.sha512Fields) { _, _ in
            var response = FakeImage.dataResponse()
            response.dropAfter = 700_000
            return response
        }
        defer { always.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = scratch.file("dropped.raw")
        let error = try #require(throws: OSIError.self) {
            try always.client(retries: 1).downloadImage(FakeImage.imageID, to: try DataSink.file(path: target))
        }
        #expect(error.code == .transport)
        #expect(scratch.entries.isEmpty, "no partial file, no temporary file")
        #expect(always.requests.filter { $0.path.hasSuffix("/file") }.count == 2, "one retry")

        // Dropped once, then whole: the retry starts the file over and the hash matches.
        let once = try FakeImage.server(FakeImage.sha512Fields) { _, before in
            var response = FakeImage.dataResponse()
            if before == 0 { response.dropAfter = 300_000 }
            return response
        }
        defer { once.stop() }
        let result = try once.client().downloadImage(FakeImage.imageID, to: try DataSink.file(path: target))
        #expect(result.verified)
        do { let same = sameBytes(scratch.read("dropped.raw"), FakeImage.data); #expect(same) }
        #expect(scratch.entries == ["dropped.raw"])

        // A write callback that already had bytes cannot take them back: no retry.
        let writerServer = try FakeImage.server(FakeImage.sha512Fields) { _, _ in
            var response = FakeImage.dataResponse()
            response.dropAfter = 700_000
            return response
        }
        defer { writerServer.stop() }
        _ = try #require(throws: OSIError.self) {
            try writerServer.client().downloadImage(FakeImage.imageID, to: DataSink.writer { _ in true })
        }
        #expect(writerServer.requests.filter { $0.path.hasSuffix("/file") }.count == 1)
    }

    @Test func aWrongChecksumIsReportedWithBothValuesAndNothingIsLeft() throws {
        var corrupted = FakeImage.data
        corrupted[1000] ^= 0xFF
        let served = corrupted
        let server = try FakeImage.server(FakeImage.sha512Fields) { _, _ in FakeImage.dataResponse(served) }
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let error = try #require(throws: OSIError.self) {
            try server.client().downloadImage(FakeImage.imageID, to: try DataSink.file(path: scratch.file("bad.raw")))
        }
        #expect(error.code == .checksum)
        #expect(error.message.contains(try hexDigest(.sha512, FakeImage.data)))
        #expect(error.message.contains(try hexDigest(.sha512, corrupted)))
        #expect(scratch.entries.isEmpty)

        // verify false: the caller takes the bytes as they are, and the result says so.
        var options = DownloadOptions()
        options.verify = false
        let unverified = try server.client().downloadImage(FakeImage.imageID, to: try DataSink.file(path: scratch.file("raw")),
                                                           options: options)
        #expect(!unverified.verified && unverified.expected == nil && unverified.bytes == Int64(served.count))
        #expect(scratch.entries == ["raw"])
    }

    @Test func aStalledServerTimesOutQuickly() throws {
        let server = try FakeImage.stallingServer()
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var options = DownloadOptions()
        options.stallTimeout = 1
        let started = Clock.monotonic()
        let error = try #require(throws: OSIError.self) {
            try server.client().downloadImage(FakeImage.imageID, to: try DataSink.file(path: scratch.file("stalled.raw")), options: options)
        }
        #expect(error.code == .timeout)
        #expect(Clock.monotonic() - started < 5)
        #expect(scratch.entries.isEmpty)
    }

    @Test func a503IsRetriedForDownloadsAndRewindableUploadsResendTheWholeBody() throws {
        let server = try FakeImage.server(FakeImage.sha512Fields) { request, before in
            if before % 2 == 0 { return FaultServer.Response(status: 503) }
            return request.method == "PUT" ? FaultServer.Response(status: 204) : FakeImage.dataResponse()
        }
        defer { server.stop() }
        let client = try server.client()
        let sink = try DataSink.memory(limit: FakeImage.data.count)
        let result = try client.downloadImage(FakeImage.imageID, to: sink)
        #expect(result.verified)
        do { let same = sameBytes(sink.bytes, FakeImage.data); #expect(same) }

        _ = try withMemorySource(FakeImage.data) { try client.putData(FakeImage.imageID, "file", source: $0, hashing: [], progress: nil) }
        let puts = server.requests.filter { $0.method == "PUT" }
        #expect(puts.count == 2)
        for put in puts {
            let same = sameBytes(put.body, FakeImage.data)
            #expect(same, "every attempt carries the whole body")
            #expect(put.headers["content-length"] == String(FakeImage.data.count))
            #expect(put.headers["x-openstack-image-size"] == String(FakeImage.data.count))
        }
    }

    @Test func a503OnACallbackUploadIsReturnedNotResentEmpty() throws {
        let server = try FakeImage.server([:]) { _, _ in FaultServer.Response(status: 503) }
        defer { server.stop() }
        let reader = ArrayReader(FakeImage.data)
        let source = try DataSource.reader(size: nil, reader.read)
        let error = try #require(throws: OSIError.self) {
            try server.client().putData(FakeImage.imageID, "file", source: source, hashing: [], progress: nil)
        }
        #expect(error.httpStatus == 503)
        let puts = server.requests.filter { $0.method == "PUT" }
        #expect(puts.count == 1, "exactly one PUT: a consumed stream is never resent")
        do { let same = sameBytes(puts.first?.body, FakeImage.data); #expect(same) }
        #expect(puts.first?.headers["transfer-encoding"] == "chunked")
    }

    @Test func hashSelectionFollowsTheRules() throws {
        let md5 = try hexDigest(.md5, FakeImage.data)
        let sha256 = try hexDigest(.sha256, FakeImage.data)
        let cases: [(String, KeyValuePairs<String, JSON>, [(String, String)], HashExpectation.Origin?, HashAlgorithm?)] = [
            ("sha256 os_hash", ["os_hash_algo": .string("sha256"), "os_hash_value": .string(sha256), "checksum": .string("0")],
             [("Content-MD5", "00")], .osHashValue, .sha256),
            ("checksum only", ["checksum": .string(md5)], [("Content-MD5", "00")], .checksum, .md5),
            ("algo without value", ["os_hash_algo": .string("sha512"), "checksum": .string(md5)], [], .checksum, .md5),
            ("content-md5 only", [:], [("Content-MD5", md5)], .contentMD5, .md5),
            ("nothing", [:], [], nil, nil),
        ]
        for (name, fields, headers, origin, algorithm) in cases {
            let server = try FakeImage.server(fields) { _, _ in
                var response = FakeImage.dataResponse()
                response.headers += headers
                return response
            }
            defer { server.stop() }
            let result = try server.client().downloadImage(FakeImage.imageID, to: try DataSink.memory(limit: FakeImage.data.count))
            #expect(result.expected?.origin == origin, "\(name)")
            #expect(result.expected?.algorithm == algorithm, "\(name)")
            #expect(result.verified == (origin != nil), "\(name)")
        }
    }

    @Test func unknownAlgorithmsMissingHashesAndBadContentMD5AreErrors() throws {
        let md5 = try hexDigest(.md5, FakeImage.data)
        let unknown = try FakeImage.server(["os_hash_algo": .string("ancient_hash"), "os_hash_value": .string("ab"),
                                       "checksum": .string(md5)]) { _, _ in FakeImage.dataResponse() }
        defer { unknown.stop() }
        let refused = try #require(throws: OSIError.self) {
            try unknown.client().downloadImage(FakeImage.imageID, to: try DataSink.memory(limit: FakeImage.data.count))
        }
        #expect(refused.code == .unsupported, "no silent fallback to md5")
        #expect(!unknown.requests.contains { $0.path.hasSuffix("/file") }, "refused before any data moved")

        let none = try FakeImage.server([:]) { _, _ in FakeImage.dataResponse() }
        defer { none.stop() }
        var options = DownloadOptions()
        options.requireHash = true
        let required = try #require(throws: OSIError.self) {
            try none.client().downloadImage(FakeImage.imageID, to: try DataSink.memory(limit: FakeImage.data.count), options: options)
        }
        #expect(required.code == .checksum)

        let wrongHeader = try FakeImage.server([:]) { _, _ in
            var response = FakeImage.dataResponse()
            response.headers.append(("Content-MD5", "00000000000000000000000000000000"))
            return response
        }
        defer { wrongHeader.stop() }
        let mismatch = try #require(throws: OSIError.self) {
            try wrongHeader.client().downloadImage(FakeImage.imageID, to: try DataSink.memory(limit: FakeImage.data.count))
        }
        #expect(mismatch.code == .checksum && mismatch.message.contains(md5))
    }
}

