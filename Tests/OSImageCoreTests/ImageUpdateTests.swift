import Testing
@testable import OSImageCore

/// update_image: a JSON patch against the image as it is on the server.
@Suite struct ImageUpdateTests {
    @Test func propertiesAreAddedReplacedAndRemovedAndOthersLeftAlone() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("patch")), "os_distro": .string("debian"),
                                          "keep": .string("k"), "drop": .string("d"), "owner_specified.openstack.md5": .string("abc")])
        defer { client.removeImages([image]) }
        let id = try imageID(image)

        let updated = try client.updateImage(id, changes: .object([
            "os_distro": .string("alpine"), "hw_cpu_cores": .int(4), "os_require_quiesce": .bool(true),
            "drop": .null, "never_there": .null, "min_ram": .int(512), "is_protected": .bool(false), "is_hidden": .bool(true),
        ]))
        #expect(updated["os_distro"]?.string == "alpine")
        #expect(updated["hw_cpu_cores"]?.string == "4")
        #expect(updated["os_require_quiesce"]?.string == "true")
        #expect(updated["drop"] == nil)
        #expect(updated["min_ram"]?.int == 512)
        #expect(updated["os_hidden"]?.bool == true)
        // Properties the caller did not name are untouched (openstacksdk would remove them).
        #expect(updated["keep"]?.string == "k")
        #expect(updated["owner_specified.openstack.md5"]?.string == "abc")
        #expect(try client.getImage(id)["os_distro"]?.string == "alpine")
    }

    @Test func tagsAreReplacedAsAWholeList() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("tags")), "tags": .strings(["a"])])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let updated = try client.updateImage(id, changes: .object(["tags": .strings(["a", "b", "c/d"])]))
        #expect(Set(updated["tags"]?.array?.compactMap(\.string) ?? []) == ["a", "b", "c/d"])
        let emptied = try client.updateImage(id, changes: .object(["tags": .array()]))
        #expect(emptied["tags"]?.array?.isEmpty == true)
    }

    @Test func nothingToChangeSendsNoPatch() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let name = uniqueName("same")
        let image = try client.seedImage(["name": .string(name), "os_distro": .string("debian"), "tags": .strings(["x", "y"])])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let same = try client.updateImage(id, changes: .object(["name": .string(name), "os_distro": .string("debian"),
                                                                "tags": .strings(["y", "x"]), "absent": .null]))
        #expect(same["id"]?.string == id)
        #expect(recorder.count(containing: "PATCH") == 0)
        #expect(recorder.count(containing: "GET ") >= 1)
        _ = try client.updateImage(id, changes: .object(["name": .string(name + "-2")]))
        #expect(recorder.count(containing: "PATCH") == 1)
    }

    @Test func readOnlyAndMistypedAttributesAreRefusedBeforeAnyRequest() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let before = recorder.recorded.count
        let id = "00000000-0000-0000-0000-000000000000"
        let refused: [JSON] = [
            .object(["status": .string("active")]), .object(["size": .int(1)]), .object(["checksum": .string("x")]),
            .object(["hash_algo": .string("md5")]), .object(["os_glance_import_task": .string("x")]),
            .object(["stores": .string("fast")]), .object(["protected": .string("yes")]), .object(["min_ram": .int(-1)]),
            .object(["min_disk": .string("10")]), .object(["tags": .string("a")]), .object(["tags": .array([.int(1)])]),
            .object(["custom": .object([:])]), .object(["custom": .strings(["a"])]), .object(["visibility": .null]),
            .object(["owner": .string("a"), "owner_id": .string("b")]), .object(["": .string("x")]),
        ]
        for changes in refused {
            let error = try #require(throws: OSIError.self) { try client.updateImage(id, changes: changes) }
            #expect(error.code == .invalidArgument, "\(changes.text)")
        }
        // The id is checked first and a non-object is refused before any GET.
        #expect((try #require(throws: OSIError.self) { try client.updateImage("a/b", changes: .object([:])) }).code == .invalidArgument)
        #expect((try #require(throws: OSIError.self) { try client.updateImage(id, changes: .array()) }).code == .invalidArgument)
        #expect(recorder.recorded.count == before)
        #expect(recorder.count(containing: "PATCH") == 0)
    }

    @Test func serverRefusalsAreReported() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("refused"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let error = try #require(throws: OSIError.self) { try client.updateImage(id, changes: .object(["visibility": .string("nonsense")])) }
        #expect(error.code == .http)
        #expect(error.httpStatus == 400)
        #expect(error.method == "PATCH")
    }

    @Test func patchOperationsFollowTheRules() throws {
        let image = try JSON.parse(Array(#"{"id":"x","name":"old","tags":["a"],"min_ram":0,"foo":"x","keep":"k","a/b~c":"1"}"#.utf8))
        let changes = try JSON.parse(Array(#"{"name":"new","foo":"y","newprop":2.5,"keep":"k","a/b~c":null,"is_protected":true,"tags":["a","b"],"properties":{"nested":true}}"#.utf8))
        let patch = try ImagePatch(changes).operations(against: image)
        #expect(JSON.array(patch).text == "["
            + #"{"op":"remove","path":"/a~1b~0c"},"#
            + #"{"op":"replace","path":"/foo","value":"y"},"#
            + #"{"op":"replace","path":"/name","value":"new"},"#
            + #"{"op":"add","path":"/nested","value":"true"},"#
            + #"{"op":"add","path":"/newprop","value":"2.5"},"#
            + #"{"op":"add","path":"/protected","value":true},"#
            + #"{"op":"replace","path":"/tags","value":["a","b"]}"#
            + "]")
    }
}
