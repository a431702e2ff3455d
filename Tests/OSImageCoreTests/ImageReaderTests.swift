import Glibc
import Testing
@testable import OSImageCore

/// The pulled download (ImageReader over PullTransfer): the data in the caller's buffers,
/// verified by the read that reaches the end; partial reads closed early; many readers on one
/// connection; and, against the fault server, a wrong hash, a 503 at open, a dropped
/// connection and a stall.
@Suite struct ImageReaderTests {
    /// One read into `buffer`.
    private func pull(_ reader: ImageReader, _ buffer: inout [UInt8]) throws -> Int {
        var failure: OSIError?
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            do throws(OSIError) { return try reader.read(into: raw) } catch { failure = error; return 0 }
        }
        if let failure { throw failure }
        return count
    }

    /// Reads everything in pieces of at most `piece` bytes.
    private func readAll(_ reader: ImageReader, piece: Int = 10_007) throws -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: piece)
        while true {
            let count = try pull(reader, &buffer)
            if count == 0 { return collected }
            #expect(count <= piece)
            collected.append(contentsOf: buffer[0..<count])
        }
    }

    @Test func theWholeImageArrivesVerifiedInTheCallersPieces() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(3 * 1024 * 1024 + 11)
        let image = try client.activeImage(uniqueName("reader"), bytes: data)
        defer { client.removeImages([image]) }
        let reader = try ImageReader(client: client, id: try imageID(image))
        #expect(reader.status == 200)
        #expect(reader.info["content_length"]?.int == Int64(data.count))
        #expect(reader.info["eof"]?.bool == false)
        let got = try readAll(reader)
        #expect(sameBytes(got, data))
        let info = reader.info
        #expect(info["eof"]?.bool == true && info["hash_verified"]?.bool == true)
        #expect(info["hash_algo"]?.string == "sha512" && info["bytes"]?.int == Int64(data.count))
        var one = [UInt8](repeating: 0, count: 1)
        #expect(try pull(reader, &one) == 0, "the end stays the end")

        // A range: 206, not verified.
        var options = DownloadOptions()
        options.offset = 1000
        options.length = 5000
        let ranged = try ImageReader(client: client, id: try imageID(image), options: options)
        #expect(ranged.status == 206)
        #expect(sameBytes(try readAll(ranged), data[1000..<6000]))
        #expect(ranged.info["hash_verified"]?.bool == false && ranged.info["ranged"]?.bool == true)
    }

    @Test func readersClosedEarlyFreeTheirConnectionsAndManyShareOneConnection() throws {
        let client = try Stack.running(.noauth).client()
        let data = randomBytes(4 * 1024 * 1024)
        let image = try client.activeImage(uniqueName("reader-early"), bytes: data)
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        // More readers than the connection keeps handles (32), each read a little and dropped.
        for _ in 0..<40 {
            let reader = try ImageReader(client: client, id: id)
            var buffer = [UInt8](repeating: 0, count: 1000)
            let count = try pull(reader, &buffer)
            #expect(count > 0 && sameBytes(buffer[0..<count], data[0..<count]))
            reader.close()
            #expect(throws: OSIError.self) {
                try pull(reader, &buffer)
            }
        }
        // Two readers interleaved on one connection, and the connection's other calls meanwhile.
        let first = try ImageReader(client: client, id: id)
        let second = try ImageReader(client: client, id: id)
        var one: [UInt8] = []
        var two: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var ended = (false, false)
        while !(ended.0 && ended.1) {
            for (index, reader) in [first, second].enumerated() where !(index == 0 ? ended.0 : ended.1) {
                let count = try pull(reader, &buffer)
                if count == 0 {
                    if index == 0 { ended.0 = true } else { ended.1 = true }
                } else if index == 0 {
                    one.append(contentsOf: buffer[0..<count])
                } else {
                    two.append(contentsOf: buffer[0..<count])
                }
            }
            _ = try client.getImage(id)
        }
        #expect(sameBytes(one, data) && sameBytes(two, data))
    }

    @Test func errorsComeAtOpenOrFromTheReadThatMeetsThem() throws {
        let client = try Stack.running(.noauth).client()
        let missing = try #require(throws: OSIError.self) { try ImageReader(client: client, id: "00000000-0000-0000-0000-000000000000") }
        #expect(missing.code == .notFound)
        let queued = try client.seedImage(["name": .string(uniqueName("reader-queued"))])
        defer { client.removeImages([queued]) }
        let empty = try #require(throws: OSIError.self) { try ImageReader(client: client, id: try imageID(queued)) }
        #expect(empty.code == .conflict)
    }

    @Test func aWrongHashIsReportedByTheLastRead() throws {
        var corrupted = FakeImage.data
        corrupted[4321] ^= 0x01
        let served = corrupted
        let server = try FakeImage.server(FakeImage.sha512Fields) { _, _ in FakeImage.dataResponse(served) }
        defer { server.stop() }
        let reader = try ImageReader(client: server.client(), id: FakeImage.imageID)
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 100_000)
        let error = try #require(throws: OSIError.self) {
            while true {
                let count = try pull(reader, &buffer)
                if count == 0 { break }
                total += count
            }
        }
        #expect(error.code == .checksum && total == served.count, "every byte first, then the mismatch")
        #expect(error.message.contains(try hexDigest(.sha512, FakeImage.data)))
        let again = try #require(throws: OSIError.self) {
            try pull(reader, &buffer)
        }
        #expect(again.code == .checksum)
    }

    @Test func a503AtOpenIsRetriedAndADropOrStallMidwayFailsTheRead() throws {
        let flaky = try FakeImage.server(FakeImage.sha512Fields) { _, before in
            before == 0 ? FaultServer.Response(status: 503) : FakeImage.dataResponse()
        }
        defer { flaky.stop() }
        let reader = try ImageReader(client: flaky.client(), id: FakeImage.imageID)
        #expect(sameBytes(try readAll(reader), FakeImage.data))
        #expect(reader.info["hash_verified"]?.bool == true)

        let dropping = try FakeImage.server(FakeImage.sha512Fields) { _, _ in
            var response = FakeImage.dataResponse()
            response.dropAfter = 600_000
            return response
        }
        defer { dropping.stop() }
        let dropped = try ImageReader(client: dropping.client(), id: FakeImage.imageID)
        let error = try #require(throws: OSIError.self) { _ = try readAll(dropped) }
        #expect(error.code == .transport)

        let stalling = try FakeImage.stallingServer()
        defer { stalling.stop() }
        var options = DownloadOptions()
        options.stallTimeout = 1
        let stalled = try ImageReader(client: stalling.client(), id: FakeImage.imageID, options: options)
        let started = Clock.monotonic()
        let timeout = try #require(throws: OSIError.self) { _ = try readAll(stalled) }
        #expect(timeout.code == .timeout && Clock.monotonic() - started < 5)
    }

    @Test func aSlowConsumerIsNoStall() throws {
        let server = try FakeImage.server(FakeImage.sha512Fields) { _, _ in FakeImage.dataResponse() }
        defer { server.stop() }
        var options = DownloadOptions()
        options.stallTimeout = 1
        let reader = try ImageReader(client: server.client(), id: FakeImage.imageID, options: options)
        var buffer = [UInt8](repeating: 0, count: 1000)
        _ = try pull(reader, &buffer)
        Clock.sleep(seconds: 1.5)
        let rest = try readAll(reader)
        #expect(rest.count == FakeImage.data.count - 1000)
    }
}
