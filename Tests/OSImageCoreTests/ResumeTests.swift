import Glibc
import Testing
@testable import OSImageCore

/// The download option "resume": a download cut mid-body (the fault server standing in front
/// of the real Glance, cutting the data it got from Glance) keeps its bytes beside the target;
/// a later download with "resume" against the real Glance fetches only the rest with a Range
/// request, verifies the whole image and renames it into place, or starts over when the image
/// changed, the kept bytes are too many or the server ignores Range; damaged kept bytes fail
/// verification and are removed.
@Suite struct ResumeTests {
    private static let partialName = "image.raw.osimage-partial"
    private static let sidecarName = "image.raw.osimage-partial.json"
    private static let cut = 2_000_000

    private var resuming: DownloadOptions {
        var options = DownloadOptions()
        options.resume = true
        return options
    }

    /// An active image of the real Glance holding `data`, removed by the caller.
    private func uploaded(_ glance: ImageClient, _ data: [UInt8], _ prefix: String) throws -> (JSON, String) {
        let image = try glance.seedImage(["name": .string(uniqueName(prefix))])
        let id = try #require(image["id"]?.string)
        _ = try withMemorySource(data) { try glance.uploadImage(id, source: $0) }
        return (image, id)
    }

    /// The fault server in front of the real Glance: requests for image `id` get what Glance
    /// answers for image `source` (default `id`; its metadata with the id put back, its data),
    /// the data cut after `cut` bytes (a dropped connection), and, unless `honourRange`, the
    /// whole data with 200 whatever Range the request carried (a server that ignores Range).
    private func glanceProxy(_ glance: ImageClient, id: String, source: String? = nil, cut: Int? = nil,
                             honourRange: Bool = true) throws -> FaultServer {
        let source = source ?? id
        return try FaultServer { request, _ in
            guard request.method == "GET" else { return .notFound }
            do {
                if request.path == "/v2/images/\(id)" {
                    let image = try glance.getImage(source)
                    image.set("id", .string(id))
                    return .json(image)
                }
                guard request.path == "/v2/images/\(id)/file" else { return .notFound }
                var options = DownloadOptions()
                options.verify = false
                if honourRange, let range = request.headers["range"], range.hasPrefix("bytes="), range.hasSuffix("-"),
                   let first = Int64(range.dropFirst(6).dropLast()) {
                    options.offset = first
                }
                let sink = try DataSink.memory(limit: 64 << 20)
                let result = try glance.downloadImage(source, to: sink, options: options)
                var headers = [("Content-Type", "application/octet-stream")]
                if let contentRange = result.contentRange { headers.append(("Content-Range", contentRange)) }
                let body = Array(sink.bytes)
                return FaultServer.Response(status: result.httpStatus, headers: headers, body: body,
                                            dropAfter: cut.map { min($0, body.count) })
            } catch {
                return FaultServer.Response(status: 502, body: Array("proxy: \(error)".utf8))
            }
        }
    }

    /// A resumable download of `id` through `proxy`, cut mid-body: it must fail as a dropped
    /// connection and keep the partial data (and its sidecar) beside the target, nothing at it.
    private func cutDownload(_ proxy: FaultServer, _ id: String, to scratch: ScratchDirectory) throws {
        let error = try #require(throws: OSIError.self) {
            try proxy.client(retries: 0).downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")),
                                                       options: resuming)
        }
        #expect(error.code == .transport, "\(error)")
        #expect(scratch.entries == [Self.partialName, Self.sidecarName], "nothing at the target, the partial beside it")
    }

    /// An image of `size` random bytes on the real Glance whose resumable download to
    /// `scratch`/image.raw was cut after `cut` bytes (through a glanceProxy); `remove` deletes both.
    private struct CutImage {
        let glance: ImageClient
        let data: [UInt8]
        let image: JSON
        let id: String
        let scratch: ScratchDirectory
        var target: String { scratch.file("image.raw") }

        func remove() {
            glance.removeImages([image])
            scratch.remove()
        }
    }

    private func cutImage(_ size: Int, _ prefix: String) throws -> CutImage {
        let glance = try Stack.running(.noauth).client()
        let data = randomBytes(size)
        let (image, id) = try uploaded(glance, data, prefix)
        let made = CutImage(glance: glance, data: data, image: image, id: id, scratch: try ScratchDirectory())
        let proxy = try glanceProxy(glance, id: id, cut: Self.cut)
        defer { proxy.stop() }
        try cutDownload(proxy, id, to: made.scratch)
        return made
    }

    @Test func aCutDownloadIsKeptBesideTheTargetAndResumedFromGlanceWithARange() throws {
        let cut = try cutImage(3 * 1024 * 1024 + 1234, "resume")
        defer { cut.remove() }
        let (data, id, scratch) = (cut.data, cut.id, cut.scratch)
        do { let same = sameBytes(scratch.read(Self.partialName), data[..<Self.cut]); #expect(same, "the bytes received are kept") }
        let sidecar = try JSON.parse(try #require(scratch.read(Self.sidecarName)))
        let sha512 = try hexDigest(.sha512, data)
        let md5 = try hexDigest(.md5, data)
        #expect(sidecar["id"]?.string == id && sidecar["size"]?.int == Int64(data.count))
        #expect(sidecar["os_hash_algo"]?.string == "sha512" && sidecar["os_hash_value"]?.string == sha512)
        #expect(sidecar["checksum"]?.string == md5)

        let recorder = LogRecorder()
        let resumer = try Stack.running(.noauth).client(log: recorder.log)
        var reports: [(Int64, Int64)] = []
        let result = try resumer.downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming) {
            reports.append(($0, $1))
            return true
        }
        #expect(result.verified && result.resumedFrom == Int64(Self.cut) && result.httpStatus == 206)
        #expect(result.bytes == Int64(data.count) && result.actualHash == sha512)
        #expect(result.json["resumed_from"]?.int == Int64(Self.cut))
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same, "the resumed file is the image") }
        #expect(scratch.entries == ["image.raw"], "partial and sidecar are gone")
        #expect(recorder.recorded.filter { $0.hasPrefix("GET ") && $0.contains("/file") }.count == 1)
        #expect(recorder.count(containing: "Range: bytes=\(Self.cut)-") == 1, "\(recorder.recorded)")
        let rest = data.count - Self.cut
        #expect(recorder.recorded.contains { $0.contains("response headers") && $0.asciiLowercased().contains("content-length: \(rest);") },
                "only the rest was fetched: \(recorder.recorded)")
        #expect(!reports.isEmpty && reports.allSatisfy { $0.0 >= Int64(Self.cut) && ($0.1 == Int64(data.count) || $0.1 == -1) },
                "progress counts the kept bytes: \(reports.prefix(3))")
        #expect(reports.last.map { $0.0 == Int64(data.count) && $0.1 == Int64(data.count) } == true)
    }

    @Test func aPartialHoldingTheWholeImageIsVerifiedWithoutFetchingItAgain() throws {
        let cut = try cutImage(2_500_000, "resume-complete")
        defer { cut.remove() }
        let (data, id, scratch) = (cut.data, cut.id, cut.scratch)
        // As if the process died after the last byte, before the rename.
        _ = try scratch.write(Self.partialName, data)

        let recorder = LogRecorder()
        let result = try Stack.running(.noauth).client(log: recorder.log)
            .downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming)
        #expect(result.verified && result.resumedFrom == Int64(data.count))
        #expect(recorder.count(containing: "/file") == 0, "nothing left to fetch: \(recorder.recorded)")
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same) }
        #expect(scratch.entries == ["image.raw"])
    }

    @Test func aChangedImageOrTooManyKeptBytesStartOver() throws {
        let glance = try Stack.running(.noauth).client()
        let data = randomBytes(3_000_000)
        let earlier = randomBytes(3_000_000)
        let (image, id) = try uploaded(glance, data, "resume-now")
        let (other, otherID) = try uploaded(glance, earlier, "resume-before")
        defer { glance.removeImages([image, other]) }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        // The partial holds bytes of an earlier version of the image: same id and size, other hash.
        let before = try glanceProxy(glance, id: id, source: otherID, cut: Self.cut)
        defer { before.stop() }
        try cutDownload(before, id, to: scratch)
        let sidecar = try JSON.parse(try #require(scratch.read(Self.sidecarName)))
        let earlierHash = try hexDigest(.sha512, earlier)
        #expect(sidecar["id"]?.string == id && sidecar["os_hash_value"]?.string == earlierHash)
        let recorder = LogRecorder()
        let resumer = try Stack.running(.noauth).client(log: recorder.log)
        let result = try resumer.downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming)
        #expect(result.verified && result.resumedFrom == 0 && result.httpStatus == 200)
        #expect(recorder.count(containing: "Range:") == 0, "no Range for another version: \(recorder.recorded)")
        #expect(recorder.count(containing: "starting over") == 1)
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same) }
        #expect(scratch.entries == ["image.raw"])

        // More bytes kept than the image has.
        unlink(scratch.file("image.raw"))
        let now = try glanceProxy(glance, id: id, cut: Self.cut)
        defer { now.stop() }
        try cutDownload(now, id, to: scratch)
        _ = try scratch.write(Self.partialName, data + [1, 2, 3])
        let again = LogRecorder()
        let second = try Stack.running(.noauth).client(log: again.log)
            .downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming)
        #expect(second.verified && second.resumedFrom == 0)
        #expect(again.count(containing: "Range:") == 0 && again.count(containing: "more bytes") == 1, "\(again.recorded)")
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same) }
        #expect(scratch.entries == ["image.raw"])
    }

    @Test func aServerIgnoringRangeGivesTheWholeImageWhichIsUsedFromByteZero() throws {
        let cut = try cutImage(3_000_000, "resume-200")
        defer { cut.remove() }
        let (glance, data, id, scratch) = (cut.glance, cut.data, cut.id, cut.scratch)

        let ignoring = try glanceProxy(glance, id: id, honourRange: false)
        defer { ignoring.stop() }
        let recorder = LogRecorder()
        let result = try ignoring.client(retries: 0, log: recorder.log)
            .downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming)
        let asked = ignoring.requests.filter { $0.path.hasSuffix("/file") }.map { $0.headers["range"] }
        #expect(asked == ["bytes=\(Self.cut)-"], "the rest was asked for")
        #expect(result.verified && result.resumedFrom == 0 && result.httpStatus == 200 && result.bytes == Int64(data.count))
        #expect(recorder.count(containing: "ignored the Range request") == 1)
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same, "the 200 body replaced the kept bytes") }
        #expect(scratch.entries == ["image.raw"])
    }

    @Test func aDamagedPartialFailsVerificationLeavesNothingAndTheNextDownloadStartsOver() throws {
        let cut = try cutImage(3_000_000, "resume-damaged")
        defer { cut.remove() }
        let (glance, data, id, scratch) = (cut.glance, cut.data, cut.id, cut.scratch)
        var kept = try #require(scratch.read(Self.partialName))
        kept[1000] ^= 0x01
        _ = try scratch.write(Self.partialName, kept)

        let error = try #require(throws: OSIError.self) {
            try glance.downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming)
        }
        #expect(error.code == .checksum && error.message.contains("resumed from \(Self.cut) kept bytes"), "\(error)")
        let sha512 = try hexDigest(.sha512, data)
        #expect(error.message.contains(sha512))
        #expect(scratch.entries.isEmpty, "nothing at the target, the damaged partial removed")

        let result = try glance.downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming)
        #expect(result.verified && result.resumedFrom == 0)
        do { let same = sameBytes(scratch.read("image.raw"), data); #expect(same) }
        #expect(scratch.entries == ["image.raw"])
    }

    @Test func resumeIsRefusedWhereItCannotWorkAndChangesNothingWithoutIt() throws {
        for bad in [#"{"resume": true, "offset": 10}"#, #"{"resume": true, "length": 10}"#,
                    #"{"resume": true, "verify": false}"#, #"{"resume": "yes"}"#,
                    #"{"resume": true, "connections": 4}"#] {
            let error = thrownError { () throws(OSIError) in try DownloadOptions.from(try JSON.parse(Array(bad.utf8))) }
            #expect(error?.code == .invalidArgument, "\(bad)")
        }
        #expect(try DownloadOptions.from(try JSON.parse(Array(#"{"resume": true}"#.utf8))).resume)
        #expect(try DownloadOptions.from(try JSON.parse(Array(#"{"resume": true, "connections": 1}"#.utf8))).resume)

        let glance = try Stack.running(.noauth).client()
        let data = randomBytes(1_000_000)
        let (image, id) = try uploaded(glance, data, "resume-refused")
        defer { glance.removeImages([image]) }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let fd = open(scratch.file("fd.raw"), O_WRONLY | O_CREAT, 0o644)
        defer { close(fd) }
        for sink in [try DataSink.memory(limit: 1 << 20), DataSink.writer { _ in true }, try DataSink.descriptor(fd)] {
            #expect(thrownError { () throws(OSIError) in try glance.downloadImage(id, to: sink, options: resuming) }?.code == .invalidArgument)
        }
        #expect(thrownError { () throws(OSIError) in try ImageReader(client: glance, id: id, options: resuming) }?.code == .invalidArgument)
        mkfifo(scratch.file("fifo"), 0o644)
        let fifo = thrownError { () throws(OSIError) in try glance.downloadImage(id, to: try DataSink.file(path: scratch.file("fifo")), options: resuming) }
        #expect(fifo?.code == .invalidArgument)
        #expect(scratch.entries == ["fd.raw", "fifo"], "nothing made beside a FIFO")

        // A second download to the same path while one holds it.
        let held = open(scratch.file(Self.partialName), O_RDWR | O_CREAT, 0o644)
        defer { close(held) }
        #expect(flock(held, LOCK_EX) == 0)
        let busy = thrownError { () throws(OSIError) in try glance.downloadImage(id, to: try DataSink.file(path: scratch.file("image.raw")), options: resuming) }
        #expect(busy?.code == .conflict, "\(String(describing: busy))")
        flock(held, LOCK_UN)

        // Without resume: no partial kept, no "resumed_from" in the result.
        let plain = try glance.downloadImage(id, to: try DataSink.file(path: scratch.file("plain.raw")))
        #expect(plain.verified && plain.resumedFrom == nil && plain.json["resumed_from"] == nil)
        let proxy = try glanceProxy(glance, id: id, cut: 500_000)
        defer { proxy.stop() }
        let cutting = try proxy.client(retries: 0)
        let cut = thrownError { () throws(OSIError) in try cutting.downloadImage(id, to: try DataSink.file(path: scratch.file("cut.raw"))) }
        #expect(cut?.code == .transport)
        #expect(!scratch.entries.contains { $0.hasPrefix("cut.raw") }, "\(scratch.entries)")
    }
}
