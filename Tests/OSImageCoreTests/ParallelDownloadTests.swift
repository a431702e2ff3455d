import Glibc
import Synchronization
import Testing
@testable import OSImageCore

/// The download option "connections" (issue 14, item 2): parts fetched over several
/// connections at once, written at their offsets (a file) or handed over strictly in order
/// (every other sink), verified like one stream; the real Glance for the data, the fault
/// server only for what Glance cannot do (ignore Range, drop a part, corrupt a byte).
@Suite struct ParallelDownloadTests {
    /// Options for `connections` with parts of `partSize` bytes (and a window of `window`).
    private func parallel(_ connections: Int, partSize: Int64, window: Int? = nil) -> DownloadOptions {
        var options = DownloadOptions()
        options.connections = connections
        options.parallelTuning.partSize = partSize
        if let window { options.parallelTuning.windowCapacity = window }
        return options
    }

    /// Threads seen by callbacks, to check they all ran on the test's own thread.
    private final class ThreadLog: Sendable {
        private let seen = Mutex<[pthread_t]>([])
        func note() { let me = pthread_self(); seen.withLock { $0.append(me) } }
        func allOn(_ thread: pthread_t) -> Bool { seen.withLock { $0.allSatisfy { pthread_equal($0, thread) != 0 } } }
        var count: Int { seen.withLock { $0.count } }
    }

    @Test func everySinkGetsTheSameVerifiedBytesOverFourConnections() throws {
        let stack = try Stack.running(.noauth)
        let recorder = LogRecorder()
        let threads = ThreadLog()
        let log = RequestLog(level: .debug) { level, line in
            threads.note()
            return recorder.log.handler(level, line)
        }
        let client = try stack.client(log: log)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // Five and a bit parts of 1 MiB: the last part is short.
        let data = randomBytes(5 * 1024 * 1024 + 12_345)
        let image = try client.activeImage(uniqueName("parallel"), bytes: data)
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let me = pthread_self()
        let options = parallel(4, partSize: 1 << 20)

        var reports: [Int64] = []
        let target = scratch.file("image.raw")
        let fileResult = try client.downloadImage(id, to: try DataSink.file(path: target), options: options) { done, total in
            threads.note()
            #expect(total == Int64(data.count))
            reports.append(done)
            return true
        }
        #expect(fileResult.verified && fileResult.connections == 4 && fileResult.bytes == Int64(data.count))
        #expect(fileResult.actualHash == (try hexDigest(.sha512, data)))
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same) }
        #expect(scratch.entries == ["image.raw"], "no temporary file is left")
        #expect(reports.last == Int64(data.count) && reports == reports.sorted())
        #expect(fileResult.windowPeak == 0, "a file's parts are not held in memory")
        // Six ranged requests, each for its own part, the last one short.
        let ranges = recorder.recorded.filter { $0.contains("Range: bytes=") }
        #expect(ranges.count == 6, "\(ranges.count) ranged requests")
        #expect(ranges.contains { $0.contains("Range: bytes=5242880-\(data.count - 1)") })

        var received: [UInt8] = []
        let writerResult = try client.downloadImage(id, to: DataSink.writer { chunk in
            threads.note()
            received += chunk
            return true
        }, options: options)
        #expect(writerResult.verified && writerResult.connections == 4)
        do { let same = sameBytes(received, data); #expect(same, "the writer got the bytes strictly in order") }

        let memory = try DataSink.memory(limit: data.count)
        let memoryResult = try client.downloadImage(id, to: memory, options: parallel(3, partSize: 512 << 10, window: 1 << 20))
        #expect(memoryResult.verified && memoryResult.connections == 3)
        do { let same = sameBytes(memory.bytes, data); #expect(same) }
        #expect(memoryResult.windowPeak > 0 && memoryResult.windowPeak <= 1 << 20, "held \(memoryResult.windowPeak) bytes")

        let fd = open(scratch.file("fd.raw"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let fdResult = try client.downloadImage(id, to: try DataSink.descriptor(fd), options: options)
        close(fd)
        #expect(fdResult.verified && fdResult.connections == 4)
        do { let same = sameBytes(scratch.read("fd.raw"), data); #expect(same) }

        // Every log line, progress report and chunk reached the caller on its own thread.
        #expect(threads.count > 20 && threads.allOn(me))
    }

    @Test func theWindowBoundsMemoryWhateverTheImageSize() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(24 * 1024 * 1024 + 3)
        let image = try client.activeImage(uniqueName("parallel-window"), bytes: data)
        defer { client.removeImages([image]) }
        var passed: Int64 = 0
        var largest = 0
        // The default part size for this window: 2 MiB / 4 connections.
        var options = DownloadOptions()
        options.connections = 4
        options.parallelTuning.windowCapacity = 2 << 20
        let result = try client.downloadImage(try imageID(image), to: DataSink.writer { chunk in
            passed += Int64(chunk.count)
            largest = max(largest, chunk.count)
            return true
        }, options: options)
        #expect(result.verified && passed == Int64(data.count))
        #expect(result.windowPeak <= 2 << 20, "the window held \(result.windowPeak) bytes")
        #expect(largest <= 2 << 20)
    }

    @Test func thePartsTileTheImageWithASmallerTail() {
        let mib: Int64 = 1 << 20
        for size in [100 * mib + 5, 64 * mib, 3 * mib, 1] {
            let window = ReorderWindow(size: size, partSize: 16 * mib, tail: 64 * mib, tailPartSize: 4 * mib,
                                       capacity: 0, lead: .max)
            var next: Int64 = 0
            var parts: [ReorderWindow.Part] = []
            while let part = window.claim() {
                #expect(part.first == next && part.length > 0)
                next = part.first + part.length
                parts.append(part)
            }
            #expect(next == size && parts.count == window.partCount)
            #expect(parts.filter { $0.length > 4 * mib }.allSatisfy { $0.last < size - 64 * mib }, "the last 64 MiB in 4 MiB parts")
        }
        // The default tuning for a 256 MiB file over 4 connections: 12 parts of 16 MiB, 16 of 4.
        let window = ParallelTuning().window(size: 256 * mib, connections: 4, atOffsets: true)
        #expect(window.partCount == 28 && window.partSize == 16 * mib && window.tailPartSize == 4 * mib)
    }

    @Test func optionsAreRangeChecked() throws {
        for bad in [JSON.int(0), .int(17), .int(-1), .string("4"), .real(2.5), .bool(true)] {
            let error = thrownError { () throws(OSIError) in try DownloadOptions.from(.object(["connections": bad])) }
            #expect(error?.code == .invalidArgument && error?.message.contains("1 and <= 16") == true, "\(bad.text)")
        }
        #expect(try DownloadOptions.from(.object(["connections": .int(16)])).connections == 16)
        #expect(try DownloadOptions.from(.object(["connections": .int(1), "offset": .int(5)])).connections == 1)
        #expect(try DownloadOptions.from(nil).connections == 1)
        let ranged = thrownError { () throws(OSIError) in
            try DownloadOptions.from(.object(["connections": .int(2), "length": .int(5)]))
        }
        #expect(ranged?.code == .invalidArgument)
        let client = try Stack.running(.noauth).client()
        let reader = thrownError { () throws(OSIError) in
            try ImageReader(client: client, id: "x", options: DownloadOptions.from(.object(["connections": .int(2)])))
        }
        #expect(reader?.code == .invalidArgument)
    }

    // MARK: - What Glance cannot do

    /// The fake image's parts as asked for (with `alter` applied to each answer).
    private static func rangedServer(_ served: [UInt8] = FakeImage.data,
                                     alter: @escaping @Sendable (Int64, inout FaultServer.Response) -> Void = { _, _ in })
        throws -> FaultServer {
        try FakeImage.server(FakeImage.sha512Fields) { request, _ in
            guard let range = request.headers["range"], range.hasPrefix("bytes=") else { return FakeImage.dataResponse(served) }
            let ends = range.dropFirst(6).split(separator: "-").compactMap { Int($0) }
            guard ends.count == 2, ends[0] <= ends[1], ends[1] < served.count else { return FaultServer.Response(status: 416) }
            var response = FaultServer.Response(status: 206, headers: [
                ("Content-Type", "application/octet-stream"),
                ("Content-Range", "bytes \(ends[0])-\(ends[1])/\(served.count)")], body: Array(served[ends[0]...ends[1]]))
            alter(Int64(ends[0]), &response)
            return response
        }
    }

    @Test func aServerIgnoringRangeGetsOneStream() throws {
        let server = try FakeImage.server(FakeImage.sha512Fields) { _, _ in FakeImage.dataResponse() }
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let recorder = LogRecorder()
        let result = try server.client(log: recorder.log).downloadImage(
            FakeImage.imageID, to: try DataSink.file(path: scratch.file("whole.raw")), options: parallel(4, partSize: 256 << 10))
        #expect(result.verified && result.connections == 1 && result.httpStatus == 200)
        do { let same = sameBytes(scratch.read("whole.raw"), FakeImage.data); #expect(same) }
        #expect(scratch.entries == ["whole.raw"])
        let files = server.requests.filter { $0.path.hasSuffix("/file") }
        #expect(files.count == 2 && files[0].headers["range"] == "bytes=0-262143" && files[1].headers["range"] == nil,
                "the ranged probe, then one stream")
        #expect(recorder.count(containing: "the whole image (HTTP 200): downloading over one connection") == 1)
    }

    @Test func thePartsOfAServerHonouringRangeAreVerified() throws {
        let server = try Self.rangedServer()
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let result = try server.client().downloadImage(FakeImage.imageID, to: try DataSink.file(path: scratch.file("p.raw")),
                                                       options: parallel(4, partSize: 256 << 10))
        #expect(result.verified && result.connections == 4)
        do { let same = sameBytes(scratch.read("p.raw"), FakeImage.data); #expect(same) }
        #expect(server.requests.filter { $0.path.hasSuffix("/file") }.count == 6)
        // Two parts: two connections carried them, whatever was asked for.
        let two = try server.client().downloadImage(FakeImage.imageID, to: DataSink.writer { _ in true },
                                                    options: parallel(4, partSize: 1 << 20))
        #expect(two.verified && two.connections == 2)
    }

    @Test func aPartFailingMidBodyFailsTheDownloadAndLeavesNothing() throws {
        let server = try Self.rangedServer { first, response in
            if first == 512 << 10 { response.dropAfter = 100_000 }
        }
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for sink in [try DataSink.file(path: scratch.file("dropped.raw")), DataSink.writer { _ in true }] {
            let error = try #require(throws: OSIError.self) {
                try server.client(retries: 1).downloadImage(FakeImage.imageID, to: sink, options: parallel(4, partSize: 256 << 10))
            }
            #expect(error.code == .transport, "\(error.message)")
            #expect(scratch.entries.isEmpty, "no file, no temporary file")
        }
        // The part that had bytes was not asked for again (its bytes cannot be taken back).
        let dropped = server.requests.filter { $0.headers["range"] == "bytes=524288-786431" }
        #expect(dropped.count == 2, "once per download")
    }

    @Test func aCorruptedByteIsAChecksumFailure() throws {
        var corrupted = FakeImage.data
        corrupted[1_000_000] ^= 0x01
        let server = try Self.rangedServer(corrupted)
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let error = try #require(throws: OSIError.self) {
            try server.client().downloadImage(FakeImage.imageID, to: try DataSink.file(path: scratch.file("bad.raw")),
                                              options: parallel(4, partSize: 256 << 10))
        }
        #expect(error.code == .checksum)
        #expect(error.message.contains(try hexDigest(.sha512, FakeImage.data)))
        #expect(error.message.contains(try hexDigest(.sha512, corrupted)))
        #expect(scratch.entries.isEmpty)
    }

    @Test func aWrongContentRangeIsRefused() throws {
        let server = try Self.rangedServer { first, response in
            if first == 256 << 10 { response.headers = [("Content-Range", "bytes 0-262143/1500000")] }
        }
        defer { server.stop() }
        let error = try #require(throws: OSIError.self) {
            try server.client().downloadImage(FakeImage.imageID, to: DataSink.writer { _ in true },
                                              options: parallel(2, partSize: 256 << 10))
        }
        #expect(error.code == .internal && error.message.contains("Content-Range"), "\(error.message)")
    }

    @Test func anAbortFromProgressStopsEveryPart() throws {
        let server = try Self.rangedServer()
        defer { server.stop() }
        let error = try #require(throws: OSIError.self) {
            try server.client().downloadImage(FakeImage.imageID, to: DataSink.writer { _ in true },
                                              options: parallel(4, partSize: 256 << 10)) { done, _ in done == 0 }
        }
        #expect(error.code == .aborted)
    }
}
