import Testing
@testable import OSImageCore

/// get_image, find_image, images(): reading against the real Glance.
@Suite struct ImageReadTests {
    @Test func getImageReturnsTheImageAndNotFoundCarriesDetail() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("get")), "os_distro": .string("debian")])
        defer { client.removeImages([image]) }
        let id = try #require(image["id"]?.string)
        let fetched = try client.getImage(id)
        #expect(fetched["id"]?.string == id)
        #expect(fetched["os_distro"]?.string == "debian")

        let error = try #require(throws: OSIError.self) { try client.getImage("00000000-0000-0000-0000-000000000000") }
        #expect(error.code == .notFound)
        #expect(error.httpStatus == 404)
        #expect(error.requestID?.hasPrefix("req-") == true)
        #expect(error.requestID?.count == 40)  // "req-" + a UUID, nothing trailing
        #expect(error.method == "GET")
        #expect(!error.message.contains("<br"))
        #expect(error.message.contains("00000000-0000-0000-0000-000000000000"))
    }

    @Test func pathSegmentsAreCheckedNotInjected() throws {
        let client = try Stack.running(.noauth).client()
        for bad in ["a/b", "x\r\nX-Injected: 1", "..", ""] {
            let error = try #require(throws: OSIError.self) { try client.getImage(bad) }
            #expect(error.code == .invalidArgument)
        }
        // '?' and '#' are encoded, so the server sees one (unknown) id.
        let error = try #require(throws: OSIError.self) { try client.getImage("x?limit=1#y") }
        #expect(error.code == .notFound)
        #expect(error.url?.hasSuffix("/v2/images/x%3Flimit%3D1%23y") == true)
    }

    @Test func imagesFollowsNextLinksLazily() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let tag = uniqueName("page")
        var seeded: [JSON] = []
        defer { client.removeImages(seeded) }
        for index in 0..<5 { seeded.append(try client.seedImage(["name": .string("\(tag)-\(index)"), "tags": .strings([tag])])) }

        let pager = try client.images(query: .object(["tag": .string(tag), "limit": .int(2), "sort": .string("name:asc")]))
        let before = recorder.count(containing: "GET ")
        #expect(recorder.count(containing: "GET ") == before)
        let first = try pager.next()
        #expect(first?["name"]?.string == "\(tag)-0")
        #expect(recorder.count(containing: "GET ") == before + 1)
        let rest = try pager.collect()
        #expect(rest.compactMap { $0["name"]?.string } == (1..<5).map { "\(tag)-\($0)" })
        // Pages [0,1] [2,3] [4]: three GETs; Glance's last page has no next link.
        #expect(recorder.count(containing: "images?tag=\(tag)") == 3)
        #expect(try pager.next() == nil)
    }

    @Test func imagesAskForLargePagesByDefaultAndHonourMaxItems() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let tag = uniqueName("max")
        var seeded: [JSON] = []
        defer { client.removeImages(seeded) }
        for index in 0..<3 { seeded.append(try client.seedImage(["name": .string("\(tag)-\(index)"), "tags": .strings([tag])])) }
        #expect(try client.images(query: .object(["tag": .string(tag)])).collect().count == 3)
        #expect(recorder.count(containing: "limit=1000") == 1)
        #expect(try client.images(query: .object(["tag": .string(tag), "max_items": .int(2)])).collect().count == 2)
        #expect(recorder.count(containing: "tag=\(tag)&limit=2 ") == 1)
    }

    @Test func imageFiltersAreSentWithWireNames() throws {
        let client = try Stack.running(.noauth).client()
        let tag = uniqueName("filter")
        let visible = try client.seedImage(["name": .string(tag + "-v"), "tags": .strings([tag]), "os_distro": .string("alpine")])
        let hidden = try client.seedImage(["name": .string(tag + "-h"), "tags": .strings([tag]), "os_hidden": .bool(true)])
        defer { client.removeImages([visible, hidden]) }
        #expect(try client.images(query: .object(["tag": .string(tag)])).collect().count == 1)
        let onlyHidden = try client.images(query: .object(["tag": .string(tag), "is_hidden": .bool(true)])).collect()
        #expect(onlyHidden.map { $0["id"]?.string } == [hidden["id"]?.string])
        let byProperty = try client.images(query: .object(["tag": .strings([tag]), "os_distro": .string("alpine")])).collect()
        #expect(byProperty.map { $0["id"]?.string } == [visible["id"]?.string])
        #expect(throws: OSIError.self) { try client.images(query: .object(["name": .object([:])])) }
        #expect(throws: OSIError.self) { try client.images(query: .array()) }
    }

    @Test func findImageByIDNameHiddenAmbiguousAndMissing() throws {
        let client = try Stack.running(.noauth).client()
        let name = uniqueName("find")
        let plain = try client.seedImage(["name": .string(name)])
        let hiddenName = uniqueName("find-hidden/with?odd#chars")
        let hidden = try client.seedImage(["name": .string(hiddenName), "os_hidden": .bool(true)])
        let twinName = uniqueName("twin")
        let twins = [try client.seedImage(["name": .string(twinName)]), try client.seedImage(["name": .string(twinName)])]
        defer { client.removeImages([plain, hidden] + twins) }

        #expect(try client.findImage(try #require(plain["id"]?.string), ignoreMissing: false)?["name"]?.string == name)
        #expect(try client.findImage(name, ignoreMissing: false)?["id"]?.string == plain["id"]?.string)
        #expect(try client.findImage(hiddenName, ignoreMissing: false)?["id"]?.string == hidden["id"]?.string)
        let ambiguous = try #require(throws: OSIError.self) { try client.findImage(twinName, ignoreMissing: true) }
        #expect(ambiguous.code == .ambiguous)
        #expect(try client.findImage(uniqueName("missing"), ignoreMissing: true) == nil)
        let missing = try #require(throws: OSIError.self) { try client.findImage(uniqueName("missing"), ignoreMissing: false) }
        #expect(missing.code == .notFound)
        #expect((try #require(throws: OSIError.self) { try client.findImage("bad\nname", ignoreMissing: true) }).code == .invalidArgument)
    }
}

/// Schemas, stores and import info.
@Suite struct ServiceInfoTests {
    @Test(arguments: SchemaKind.allCases) func schemasHaveTheirName(kind: SchemaKind) throws {
        let schema = try Stack.running(.noauth).client().schema(kind)
        #expect(schema["name"]?.string == kind.rawValue)
        #expect(schema["properties"]?.isObject == true)
    }

    @Test func storesListBothFileStoresAndTheDefault() throws {
        let client = try Stack.running(.noauth).client()
        let stores = try client.stores(details: false).collect()
        #expect(stores.compactMap { $0["id"]?.string }.sorted() == ["fast", "slow", "web"])
        #expect(stores.first { $0["id"]?.string == "fast" }?["default"]?.string == "true")
        let detailed = try client.stores(details: true).collect()
        #expect(detailed.filter { $0["id"]?.string != "web" }.allSatisfy { $0["type"]?.string == "file" })
        #expect(detailed.first { $0["id"]?.string == "web" }?["type"]?.string == "http")
    }

    @Test func storeDetailsNeedAdmin() throws {
        let error = try #require(throws: OSIError.self) {
            try Stack.running(.keystone).client(cloud: "osi-demo").stores(details: true).collect()
        }
        #expect(error.code == .forbidden)
    }

    @Test func importInfoListsTheFourMethods() throws {
        let methods = try Stack.running(.noauth).client().importMethods()
        #expect(Set(methods) == ["glance-direct", "web-download", "copy-image", "glance-download"])
    }
}
