import Testing
@testable import OSImageCore

/// Every import method and store option, against the real Glance with its two file stores
/// (fast, the default, and slow).
@Suite struct ImportMethodsTests {
    @Test func glanceDirectImportsStagedDataIntoTwoStores() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("direct"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)

        let early = try #require(throws: OSIError.self) { try client.importImage(id, ImportOptions()) }
        #expect(early.code == .conflict)
        #expect(early.httpStatus == 409)

        try client.putData(id, rawBytes(70_000), to: "stage")
        #expect(try client.getImage(id)["status"]?.string == "uploading")
        var options = ImportOptions()
        options.stores = ["fast", "slow"]
        options.allStoresMustSucceed = true
        try client.importImage(id, options)
        let active = try #require(try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3))
        #expect(active["size"]?.int == 70_000)
        #expect(storeSet(active) == ["fast", "slow"])
        let tasks = try client.imageTasks(id)
        #expect(tasks.count == 1)
        #expect(tasks.first?["status"]?.string == "success")
        #expect(tasks.first?["type"]?.string == "api_image_import")
    }

    @Test func webDownloadIntoAllStores() throws {
        let stack = try Stack.running(.noauth)
        let client = try stack.client()
        let file = try WebFile(stack, bytes: rawBytes(40_000))
        defer { file.remove() }
        let image = try client.seedImage(["name": .string(uniqueName("web-all"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)

        let options = try ImportOptions.from(.object(["method": .string("web-download"), "uri": .string(file.url),
                                                      "all_stores": .bool(true), "all_stores_must_succeed": .bool(false)]))
        try client.importImage(id, options)
        let active = try #require(try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3))
        #expect(storeSet(active) == ["fast", "slow"])
        #expect(active["os_glance_failed_import"]?.string ?? "" == "")
    }

    @Test func copyImageAddsAStoreToAnActiveImage() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.activeImage(uniqueName("copy"), bytes: rawBytes(50_000))
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        #expect(storeSet(image) == ["fast"])
        var webDownload = ImportOptions()
        webDownload.method = "web-download"
        webDownload.uri = "http://127.0.0.1/x"
        let active = try #require(throws: OSIError.self) { try client.importImage(id, webDownload) }
        #expect(active.code == .conflict)

        let options = try ImportOptions.from(.object(["method": .string("copy-image"), "store": .string("slow")]))
        try client.importImage(id, options)
        let copied = try #require(try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3))
        #expect(storeSet(copied) == ["fast", "slow"])

        // Copying to a store that already has the data is refused by Glance.
        let again = try #require(throws: OSIError.self) { try client.importImage(id, options) }
        #expect(again.httpStatus == 400)
        // Data can then be removed from one store only.
        try client.deleteImage(id, store: "slow", ignoreMissing: false)
        #expect(storeSet(try client.getImage(id)) == ["fast"])
        let last = try #require(throws: OSIError.self) { try client.deleteImage(id, store: "fast", ignoreMissing: false) }
        #expect(last.code == .forbidden)
    }

    @Test func copyImageNeedsAdmin() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.activeImage(uniqueName("copy-member"), bytes: rawBytes(1_000))
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let body = try ImportOptions.from(.object(["method": .string("copy-image"), "stores": .strings(["slow"])])).body
        let request = HTTPRequest(method: .post, url: client.url(["images", id, "import"]),
                                  headers: [("Content-Type", "application/json"), ("X-Roles", "member,reader")],
                                  body: BytesBody(json: body))
        let error = try #require(throws: OSIError.self) { try client.session.send(request) }
        #expect(error.code == .forbidden)
    }

    @Test func glanceDownloadFetchesAnImageFromRegionTwo() throws {
        let client = try Stack.running(.noauth).client()
        let source = try client.activeImage(uniqueName("remote-source"), bytes: rawBytes(30_000))
        let target = try client.seedImage(["name": .string(uniqueName("remote-target"))])
        defer { client.removeImages([source, target]) }
        let id = try imageID(target)

        var options = ImportOptions()
        options.method = "glance-download"
        options.remoteRegion = "RegionTwo"
        options.remoteImageID = try imageID(source)
        try client.importImage(id, options)
        let active = try #require(try client.waitForImage(id, status: "active", timeout: 120, interval: 0.3))
        #expect(active["size"]?.int == 30_000)
        #expect(active["os_hash_value"]?.string == source["os_hash_value"]?.string)
    }

    @Test func unknownStoreAndStoresWithAllStoresAreRefused() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("bad-store"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        try client.putData(id, rawBytes(1_000), to: "stage")
        var options = ImportOptions()
        options.stores = ["nope"]
        let unknown = try #require(throws: OSIError.self) { try client.importImage(id, options) }
        #expect(unknown.code == .conflict)
        #expect(unknown.message.contains("nope"))
    }

    private func storeSet(_ image: JSON) -> Set<String> {
        Set((image["stores"]?.string ?? "").split(separator: ",").map(String.init))
    }
}
