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
}
