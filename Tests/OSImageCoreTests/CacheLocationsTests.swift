import Testing
@testable import OSImageCore

/// The image cache (admin), image locations and quota usage against the real Glance, and the
/// version checks against a Glance that lacks them (the fault server plays one).
@Suite(.serialized) struct CacheLocationsTests {
    /// Polls `GET /v2/cache` until `id` is cached (Glance caches a queued image in the
    /// background).
    static func waitUntilCached(_ client: ImageClient, _ id: String) throws -> JSON {
        for _ in 0..<100 {
            let cache = try client.imageCache()
            if let entry = cache["cached_images"]?.array?.first(where: { $0["image_id"]?.string == id }) { return entry }
            Clock.sleep(seconds: 0.2)
        }
        throw StackError("image \(id) was not cached within 20 s")
    }

    @Test func adminQueuesCachesListsAndRemovesAnImage() throws {
        let stack = try Stack.running(.keystone)
        let admin = try stack.client(cloud: "osi-admin")
        let image = try admin.activeImage(uniqueName("cached"), bytes: rawBytes(10_000))
        defer { admin.removeImages([image]) }
        let id = try imageID(image)

        try admin.queueImage(id)
        let entry = try Self.waitUntilCached(admin, id)
        #expect(entry["size"]?.int == 10_000)
        #expect(try admin.cachedImageNodes(id) == [try stack.glanceURL])

        try admin.cacheDeleteImage(id, ignoreMissing: false)
        #expect(try admin.imageCache()["cached_images"]?.array?.contains { $0["image_id"]?.string == id } == false)
        let unknown = "00000000-0000-4000-8000-000000000000"
        try admin.cacheDeleteImage(unknown, ignoreMissing: true)
        let missing = try #require(throws: OSIError.self) { try admin.cacheDeleteImage(unknown, ignoreMissing: false) }
        #expect(missing.code == .notFound)

        try admin.queueImage(id)
        _ = try Self.waitUntilCached(admin, id)
        try admin.clearCache(target: .queue)
        #expect(try admin.imageCache()["cached_images"]?.array?.contains { $0["image_id"]?.string == id } == true)
        try admin.clearCache(target: .cache)
        try admin.clearCache(target: .both)
        let emptied = try admin.imageCache()
        #expect(emptied["cached_images"]?.array?.isEmpty == true && emptied["queued_images"]?.array?.isEmpty == true)

        try admin.cleanCache()
        let pruned = try admin.pruneCache()
        #expect(pruned["total_files_pruned"]?.int == 0 && pruned["total_bytes_pruned"]?.isInteger == true)

        let queued = try admin.seedImage(["name": .string(uniqueName("not-active"))])
        defer { admin.removeImages([queued]) }
        let notActive = try #require(throws: OSIError.self) { try admin.queueImage(try imageID(queued)) }
        #expect(notActive.httpStatus == 400)
        #expect(throws: OSIError.self) { try CacheClearTarget(named: "all") }
    }

    @Test func theCacheIsForAdminsOnly() throws {
        let demo = try Stack.running(.keystone).client(cloud: "osi-demo")
        let image = try demo.activeImage(uniqueName("not-cached"), bytes: rawBytes(1_000))
        defer { demo.removeImages([image]) }
        let id = try imageID(image)
        let calls: [(String, () throws -> Void)] = [
            ("get_image_cache", { _ = try demo.imageCache() }),
            ("queue_image", { try demo.queueImage(id) }),
            ("cache_delete_image", { try demo.cacheDeleteImage(id, ignoreMissing: false) }),
            ("clear_cache", { try demo.clearCache(target: .both) }),
            ("cached_image_nodes", { _ = try demo.cachedImageNodes(id) }),
            ("clean_cache", { try demo.cleanCache() }),
            ("prune_cache", { _ = try demo.pruneCache() }),
        ]
        for (name, call) in calls {
            let error = try #require(throws: OSIError.self, "\(name)") { try call() }
            #expect(error.code == .forbidden, "\(name): \(error.message)")
        }
    }

    @Test func aMemberAddsAnHTTPLocationAndOnlyAdminsReadLocations() throws {
        let stack = try Stack.running(.keystone)
        let demo = try stack.client(cloud: "osi-demo")
        let admin = try stack.client(cloud: "osi-admin")
        let data = rawBytes(20_000)
        let file = try WebFile(stack, bytes: data, prefix: "location")
        defer { file.remove() }
        let image = try demo.seedImage(["name": .string(uniqueName("located"))])
        defer { demo.removeImages([image]) }
        let id = try imageID(image)

        try demo.addImageLocation(id, url: file.url, validationData: .object([
            "os_hash_algo": .string("sha512"), "os_hash_value": .string(try hexDigest(.sha512, data)),
        ]))
        let active = try #require(try demo.waitForImage(id, status: "active", timeout: 30, interval: 0.3))
        #expect(active["size"]?.int == Int64(data.count))
        #expect(active["os_hash_value"]?.string == (try hexDigest(.sha512, data)))
        let locations = try admin.imageLocations(id).collect()
        #expect(locations.count == 1)
        #expect(locations.first?["url"]?.string == file.url)
        #expect(locations.first?["metadata"]?["store"]?.string == "web")

        let forbidden = try #require(throws: OSIError.self) { try demo.imageLocations(id).collect() }
        #expect(forbidden.code == .forbidden)
        let notQueued = try #require(throws: OSIError.self) { try demo.addImageLocation(id, url: file.url, validationData: nil) }
        #expect(notQueued.code == .conflict)
        let other = try demo.seedImage(["name": .string(uniqueName("file-location"))])
        defer { demo.removeImages([other]) }
        let fileURL = try #require(throws: OSIError.self) {
            try demo.addImageLocation(try imageID(other), url: "file:///etc/passwd", validationData: nil)
        }
        #expect(fileURL.code == .forbidden)
        #expect(throws: OSIError.self) { try demo.addImageLocation(id, url: "", validationData: nil) }
        #expect(throws: OSIError.self) { try demo.addImageLocation(id, url: file.url, validationData: .string("x")) }
    }

    @Test func usageIsTheProjectsQuotaUsage() throws {
        let demo = try Stack.running(.keystone).client(cloud: "osi-demo")
        let usage = try demo.usageInfo()
        #expect(usage["usage"]?.isObject == true)
    }

    /// A Glance with the given advertised versions that answers everything else with 404.
    static func glance(versions: [String]) throws -> FaultServer {
        let document = JSON.object(["versions": .array(versions.enumerated().map { index, id in
            .object(["id": .string(id), "status": .string(index == 0 ? "CURRENT" : "SUPPORTED")])
        })])
        let text = document.text
        return try FaultServer { request, _ in
            request.path == "/" ? .json((try? JSON.parse(Array(text.utf8))) ?? .object()) : .notFound
        }
    }

    @Test func aGlanceWithoutTheCacheOrLocationsIsToldApartBeforeAnyRequest() throws {
        // Glance 33 without image_cache_dir: v2.17 CURRENT, but no v2.14, v2.16 or v2.18.
        let uncached = try Self.glance(versions: ["v2.17", "v2.15", "v2.13", "v2.12", "v2.11", "v2.10", "v2.9", "v2.8",
                                                  "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"])
        defer { uncached.stop() }
        let client = try uncached.client()
        let id = "00000000-0000-4000-8000-000000000000"
        let cacheCalls: [() throws -> Void] = [
            { _ = try client.imageCache() },
            { try client.queueImage(id) },
            { try client.cacheDeleteImage(id, ignoreMissing: true) },
            { try client.clearCache(target: .both) },
            { _ = try client.cachedImageNodes(id) },
            { try client.cleanCache() },
            { _ = try client.pruneCache() },
        ]
        for call in cacheCalls {
            let error = try #require(throws: OSIError.self) { try call() }
            #expect(error.code == .unsupported)
            #expect(error.message.contains("v2.14") || error.message.contains("v2.18"))
        }
        #expect(uncached.requests.map(\.path) == ["/"])
        // Locations (v2.17) are there: the request is sent (and this fake answers 404).
        let located = try #require(throws: OSIError.self) { try client.imageLocations(id).collect() }
        #expect(located.code == .notFound)

        let old = try Self.glance(versions: ["v2.16", "v2.15", "v2.14", "v2.13", "v2.0"])
        defer { old.stop() }
        let oldClient = try old.client()
        let before = try #require(throws: OSIError.self) { try oldClient.addImageLocation(id, url: "http://x/y", validationData: nil) }
        #expect(before.code == .unsupported && before.message.contains("v2.17"))
        #expect(throws: OSIError.self) { try oldClient.imageLocations(id) }
        // v2.14 is there: the cache request is sent (and this fake answers 404).
        let cacheAnswer = try #require(throws: OSIError.self) { try oldClient.imageCache() }
        #expect(cacheAnswer.code == .notFound)
        #expect(old.requests.map(\.path) == ["/", "/v2/cache"])

        // Glance 33 with one store and the cache: no v2.8-v2.13, so no multi-store API.
        let single = try Self.glance(versions: ["v2.18", "v2.17", "v2.16", "v2.15", "v2.14", "v2.9", "v2.7", "v2.6", "v2.5",
                                                "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"])
        defer { single.stop() }
        let singleClient = try single.client()
        let noStores = try #require(throws: OSIError.self) { try singleClient.stores(details: false) }
        #expect(noStores.code == .unsupported && noStores.message.contains("v2.8"))
        var options = ImportOptions()
        options.stores = ["fast"]
        let noChoice = try #require(throws: OSIError.self) { try singleClient.importImage(id, options) }
        #expect(noChoice.code == .unsupported && noChoice.message.contains("multi-store"))
        #expect(single.requests.map(\.path) == ["/"])
    }
}
