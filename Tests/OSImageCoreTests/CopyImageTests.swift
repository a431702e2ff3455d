import Glibc
import Testing
@testable import OSImageCore

/// copy_image between the noauth and the keystone stacks (issue 14, item 3): data streamed
/// and verified, metadata carried over with overrides, and nothing left on a failure.
@Suite struct CopyImageTests {
    @Test func copiesDataAndMetadataBetweenClouds() throws {
        let source = try Stack.running(.noauth).client()
        let destination = try Stack.running(.keystone).client()
        let data = randomBytes(9 * 1024 * 1024 + 123) // more than the pipe holds
        let name = uniqueName("copy-src")
        let original = try source.activeImage(name, bytes: data, extra: ["min_disk": .int(2), "min_ram": .int(64),
                                                                          "color": .string("blue"), "tags": .array([.string("gold")])])
        defer { source.removeImages([original]) }
        var options = CopyImageOptions()
        options.name = name + "-copy"
        options.properties = [(key: "color", value: .string("green")), (key: "stage", value: .string("prod"))]
        var calls = 0
        var last: Int64 = 0
        let copy = try source.copyImage(try imageID(original), to: destination, options: options) { done, _ in
            calls += 1
            last = done
            return true
        }
        defer { destination.removeImages([copy]) }
        #expect(copy["status"]?.string == "active" && copy["name"]?.string == name + "-copy")
        #expect(copy["size"]?.int == Int64(data.count) && copy["checksum"]?.string == original["checksum"]?.string)
        #expect(copy["os_hash_value"]?.string == original["os_hash_value"]?.string)
        #expect(copy["min_disk"]?.int == 2 && copy["min_ram"]?.int == 64 && copy["visibility"]?.string == "private")
        #expect(copy["disk_format"]?.string == "raw" && copy["container_format"]?.string == "bare")
        #expect(copy["tags"]?.stringArray == ["gold"])
        #expect(copy["color"]?.string == "green" && copy["stage"]?.string == "prod")
        #expect(calls > 0 && last == Int64(data.count))
        let sink = try DataSink.memory(limit: data.count)
        let result = try destination.downloadImage(try imageID(copy), to: sink)
        #expect(result.verified)
        do { let same = sameBytes(sink.bytes, data); #expect(same) }
    }

    @Test func anAbortedCopyLeavesNoDestinationImage() throws {
        let source = try Stack.running(.noauth).client()
        let destination = try Stack.running(.keystone).client()
        let name = uniqueName("copy-abort")
        let original = try source.activeImage(name, bytes: randomBytes(6 * 1024 * 1024))
        defer { source.removeImages([original]) }
        var options = CopyImageOptions()
        options.name = name + "-copy"
        let error = try #require(throws: OSIError.self) {
            try source.copyImage(try imageID(original), to: destination, options: options) { done, _ in done < 1024 * 1024 }
        }
        #expect(error.code == .aborted, "\(error.message)")
        #expect(error.message.contains("was deleted"), "\(error.message)")
        #expect(try destination.imagesNamed(name + "-copy").isEmpty, "no destination image is left")
        #expect(try source.getImage(try imageID(original))["status"]?.string == "active", "the source is untouched")

        let queued = try source.seedImage(["name": .string(name + "-queued")])
        defer { source.removeImages([queued]) }
        options.name = name + "-queued-copy"
        let notActive = try #require(throws: OSIError.self) { try source.copyImage(try imageID(queued), to: destination, options: options) }
        #expect(notActive.code == .conflict)
        #expect(try destination.imagesNamed(name + "-queued-copy").isEmpty)
    }

    /// A source whose bytes do not match its os_hash_value (the fault server): the copy
    /// fails with `.checksum` and the destination image is gone.
    @Test func aSourceHashMismatchFailsTheCopyAndLeavesNoImage() throws {
        let destination = try Stack.running(.keystone).client()
        let data = randomBytes(6 << 20)
        let id = "00000000-0000-4000-8000-0000000000aa"
        let name = uniqueName("copy-badhash")
        let image = JSON.object(["id": .string(id), "name": .string(name), "status": .string("active"),
                                 "size": .int(Int64(data.count)), "disk_format": .string("raw"),
                                 "container_format": .string("bare"), "os_hash_algo": .string("sha512"),
                                 "os_hash_value": .string(String(repeating: "0", count: 128)), "tags": .array([])])
        let document = image.text
        let server = try FaultServer { request, _ in
            if request.method == "GET" && request.path == "/v2/images/\(id)" {
                return .json((try? JSON.parse(Array(document.utf8))) ?? .object())
            }
            if request.path.hasPrefix("/v2/images/\(id)/file") {
                return FaultServer.Response(status: 200, headers: [("Content-Type", "application/octet-stream")], body: data)
            }
            return .notFound
        }
        defer { server.stop() }
        let error = try #require(throws: OSIError.self) { try server.client().copyImage(id, to: destination) }
        #expect(error.code == .checksum && error.message.contains("was deleted"), "\(error.message)")
        #expect(try destination.imagesNamed(name).isEmpty, "no destination image is left")
    }

    // ---- the glance-download route (the keystone stack registers its Glance in RegionOne
    // and RegionTwo, so RegionTwo -> RegionOne is a copy between two regions of one Keystone)

    /// A client of the keystone stack's demo cloud in `region`, with `log`.
    private func demo(_ stack: Stack, region: String, extra: KeyValuePairs<String, JSON> = [:],
                      log: RequestLog? = nil) throws -> ImageClient {
        let options = try stack.options(cloud: "osi-demo", extra: ["region_name": .string(region)])
        for (key, value) in extra { options.set(key, value) }
        return try ImageClient(config: CloudConfigLoader.load(options: options, environment: Environment([:])), log: log)
    }

    @Test func glanceDownloadCopiesBetweenRegionsWithTheOverridesKept() throws {
        let stack = try Stack.running(.keystone)
        let source = try demo(stack, region: "RegionTwo")
        let recorder = LogRecorder()
        let destination = try demo(stack, region: "RegionOne", log: recorder.log)
        let data = randomBytes(3 * 1024 * 1024 + 7)
        let name = uniqueName("copy-gd")
        let original = try source.activeImage(name, bytes: data, extra: [
            "os_distro": .string("ubuntu"), "hw_disk_bus": .string("scsi"), "color": .string("blue"),
            "min_ram": .int(64), "tags": .array([.string("gold")])])
        defer { source.removeImages([original]) }
        for method in [CopyMethod.glanceDownload, .auto] {
            var options = CopyImageOptions()
            options.method = method
            options.name = name + "-\(method.rawValue)"
            options.waiting.interval = 0.2
            // Glance's glance-download sets os_distro and hw_* from the source itself: the
            // overrides must win anyway.
            options.properties = [(key: "os_distro", value: .string("debian")), (key: "hw_disk_bus", value: .null)]
            var seen: [(Int64, Int64)] = []
            let copy = try source.copyImage(try imageID(original), to: destination, options: options) { done, total in
                seen.append((done, total))
                return true
            }
            defer { destination.removeImages([copy]) }
            let id = try imageID(copy)
            #expect(recorder.count(containing: "POST \(try stack.glanceURL)/v2/images/\(id)/import") == 1, "\(method)")
            #expect(copy["status"]?.string == "active" && copy["name"]?.string == options.name)
            #expect(copy["size"]?.int == Int64(data.count) && copy["os_hash_value"]?.string == original["os_hash_value"]?.string)
            #expect(copy["os_distro"]?.string == "debian" && copy["hw_disk_bus"] == nil, "\(copy.text)")
            #expect(copy["color"]?.string == "blue" && copy["min_ram"]?.int == 64 && copy["tags"]?.stringArray == ["gold"])
            #expect(seen.last.map { $0 == (Int64(data.count), Int64(data.count)) } ?? false)
            let sink = try DataSink.memory(limit: data.count)
            #expect(try destination.downloadImage(id, to: sink).verified)
            do { let same = sameBytes(sink.bytes, data); #expect(same) }
        }
    }

    /// The destination Glance imports bytes that no longer match the source's hash (the
    /// stored file was changed behind Glance's back): the copy fails with .checksum and is
    /// deleted; an image the destination's user cannot read fails the import: deleted too.
    @Test func aFailedGlanceDownloadLeavesNoDestinationImage() throws {
        let stack = try Stack.running(.keystone)
        let source = try demo(stack, region: "RegionTwo")
        let destination = try demo(stack, region: "RegionOne")
        let name = uniqueName("copy-gd-bad")
        let original = try source.activeImage(name, bytes: randomBytes(1 << 20))
        defer { source.removeImages([original]) }
        let id = try imageID(original)
        let stored = try stack["OSI_STACK_DIR"] + "/glance/images/fast/" + id
        let file = fopen(stored, "r+")
        try #require(file != nil, "no stored file \(stored)")
        fseek(file, 1000, SEEK_SET)
        fputs("XXXX", file)
        fclose(file)
        var options = CopyImageOptions()
        options.method = .glanceDownload
        options.name = name + "-copy"
        options.waiting.interval = 0.2
        let error = try #require(throws: OSIError.self) { try source.copyImage(id, to: destination, options: options) }
        #expect(error.code == .checksum && error.message.contains("was deleted"), "\(error.message)")
        #expect(try destination.imagesNamed(name + "-copy").isEmpty, "no destination image is left")

        let alt = try stack.client(cloud: "osi-alt")
        let hidden = try alt.activeImage(name + "-alt", bytes: randomBytes(4096))
        defer { alt.removeImages([hidden]) }
        let altInRegionTwo = try ImageClient(config: CloudConfigLoader.load(
            options: stack.options(cloud: "osi-alt", extra: ["region_name": .string("RegionTwo")]), environment: Environment([:])))
        options.name = name + "-alt-copy"
        let refused = try #require(throws: OSIError.self) {
            try altInRegionTwo.copyImage(try imageID(hidden), to: destination, options: options)
        }
        #expect(refused.code == .taskFailed && refused.message.contains("was deleted"), "\(refused.message)")
        #expect(try destination.imagesNamed(name + "-alt-copy").isEmpty, "no destination image is left")
    }

    /// glance-download is refused before anything is created when it cannot work; auto
    /// streams instead.
    @Test func glanceDownloadIsRefusedWhereItCannotWorkAndAutoStreams() throws {
        let stack = try Stack.running(.keystone)
        let noauth = try Stack.running(.noauth).client()
        let regionOne = try demo(stack, region: "RegionOne")
        let name = uniqueName("copy-gd-no")
        let original = try noauth.activeImage(name, bytes: randomBytes(200_000))
        defer { noauth.removeImages([original]) }
        let id = try imageID(original)
        var options = CopyImageOptions()
        options.method = .glanceDownload
        options.name = name + "-copy"
        let noKeystone = try #require(throws: OSIError.self) { try noauth.copyImage(id, to: regionOne, options: options) }
        #expect(noKeystone.code == .unsupported && noKeystone.message.contains("Keystone"), "\(noKeystone.message)")
        #expect(try regionOne.imagesNamed(name + "-copy").isEmpty)

        // auto between clouds of no common Keystone: streamed.
        options.method = .auto
        let recorder = LogRecorder()
        let logged = try demo(stack, region: "RegionOne", log: recorder.log)
        let streamed = try noauth.copyImage(id, to: logged, options: options)
        defer { logged.removeImages([streamed]) }
        #expect(streamed["status"]?.string == "active" && streamed["checksum"]?.string == original["checksum"]?.string)
        #expect(recorder.count(containing: "/import") == 0 && recorder.count(containing: "PUT ") == 1, "\(recorder.recorded)")

        // A format override Glance would undo.
        let two = try demo(stack, region: "RegionTwo")
        let inTwo = try two.activeImage(name + "-two", bytes: randomBytes(4096))
        defer { two.removeImages([inTwo]) }
        options.method = .glanceDownload
        options.diskFormat = "qcow2"
        let format = try #require(throws: OSIError.self) { try two.copyImage(try imageID(inTwo), to: regionOne, options: options) }
        #expect(format.code == .unsupported && format.message.contains("disk_format"), "\(format.message)")

        // A destination (same Keystone, another region) whose Glance does not offer
        // glance-download: refused with the methods it offers; auto streams into it.
        let server = try FaultServer { request, _ in
            if request.method == "GET" && request.path == "/v2/info/import" {
                return .json(.object(["import-methods": .object(["value": .array([.string("glance-direct")])])]))
            }
            return .notFound
        }
        defer { server.stop() }
        let lacking = try demo(stack, region: "RegionOne", extra: ["image_endpoint_override": .string(server.url)])
        options.diskFormat = nil
        let unsupported = try #require(throws: OSIError.self) { try two.copyImage(try imageID(inTwo), to: lacking, options: options) }
        #expect(unsupported.code == .unsupported && unsupported.message.contains("glance-direct"), "\(unsupported.message)")
        #expect(!server.requests.contains { $0.method == "POST" }, "nothing created")
        options.method = .auto
        let inTwoID = try imageID(inTwo)
        _ = thrownError { () throws(OSIError) in try two.copyImage(inTwoID, to: lacking, options: options) }
        #expect(server.requests.contains { $0.method == "POST" && $0.path == "/v2/images" }, "auto streams: it creates the image")
        #expect(!server.requests.contains { $0.method == "POST" && $0.path.hasSuffix("/import") })
    }

    @Test func copyOptionsReadTheMethodAndTheWait() throws {
        let options = try CopyImageOptions.from(.object(["method": .string("auto"), "timeout": .null, "interval": .int(3)]))
        #expect(options.method == .auto && options.waiting.timeout == .infinity && options.waiting.interval == 3)
        #expect(try CopyImageOptions.from(nil).method == .stream)
        #expect(try CopyImageOptions.from(nil).waiting == WaitOptions.copyImport)
        let bad = thrownError { () throws(OSIError) in try CopyImageOptions.from(.object(["method": .string("rsync")])) }
        #expect(bad?.code == .invalidArgument && bad?.message.contains("rsync") == true)
        #expect(thrownError { () throws(OSIError) in try CopyImageOptions.from(.object(["interval": .int(-1)])) }?.code == .invalidArgument)
        #expect(ImageClient.keystoneRoot("http://k:5000/v3/") == ImageClient.keystoneRoot("http://k:5000"))
        #expect(ImageClient.keystoneRoot("") == nil)
    }
}
