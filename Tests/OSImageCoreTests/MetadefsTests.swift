import Testing
@testable import OSImageCore

/// Metadata definitions against the real Glance: the standard namespaces scripts/stack loads
/// (glance-manage db_load_metadefs), read as a project reader, and a namespace of the test's
/// own managed as admin, with every kind of thing in it.
@Suite struct MetadefsTests {
    static let libvirt = "OS::Compute::Libvirt"

    @Test func theStandardNamespacesAreLoadedAndListedInPages() throws {
        let recorder = LogRecorder()
        let demo = try Stack.running(.keystone).client(cloud: "osi-demo", log: recorder.log)
        let names = try demo.metadefNamespaces(query: .object(["limit": .int(5)])).collect().compactMap { $0["namespace"]?.string }
        #expect(names.count >= 30)
        #expect(Set(names).count == names.count)
        #expect(names.contains(Self.libvirt))
        #expect(recorder.count(containing: "GET ") >= names.count / 5)
        let firstThree = try demo.metadefNamespaces(query: .object(["limit": .int(2), "max_items": .int(3)])).collect()
        #expect(firstThree.count == 3)
        let sorted = try demo.metadefNamespaces(query: .object(["sort_key": .string("namespace"), "sort_dir": .string("asc"),
                                                               "max_items": .int(4)])).collect()
        let sortedNames = sorted.compactMap { $0["namespace"]?.string }
        #expect(sortedNames == sortedNames.sorted())
        let forImages = try demo.metadefNamespaces(query: .object(["resource_types": .string("OS::Glance::Image")])).collect()
        #expect(!forImages.isEmpty && forImages.count < names.count)

        let namespace = try demo.getMetadefNamespace(Self.libvirt)
        #expect(namespace["namespace"]?.string == Self.libvirt)
        #expect(namespace["properties"]?.members?.isEmpty == false)
        let properties = try demo.metadefProperties(namespace: Self.libvirt, query: nil).collect()
        #expect(properties.count == namespace["properties"]?.members?.count)
        let name = try #require(properties.first?["name"]?.string)
        #expect(try demo.getMetadefProperty(namespace: Self.libvirt, property: name)["name"]?.string == name)
        let strings = try demo.metadefProperties(namespace: Self.libvirt, query: .object(["type": .string("string")])).collect()
        #expect(!strings.isEmpty && strings.allSatisfy { $0["type"]?.string == "string" })

        let types = try demo.metadefResourceTypes(query: nil).collect().compactMap { $0["name"]?.string }
        #expect(types.contains("OS::Glance::Image") && types.contains("OS::Nova::Flavor"))
        #expect(try demo.metadefResourceTypes(query: .object(["name": .string("OS::Glance::Image")])).collect().count == 1)
        let associations = try demo.metadefResourceTypeAssociations(namespace: Self.libvirt, query: nil).collect()
        #expect(associations.contains { $0["name"]?.string == "OS::Glance::Image" && $0["prefix"]?.string == "hw_" })
        #expect(try demo.metadefResourceTypeAssociations(namespace: Self.libvirt, query: .object(["max_items": .int(1)]))
            .collect().count == 1)

        let missing = try #require(throws: OSIError.self) { try demo.getMetadefNamespace(uniqueName("no-such-ns")) }
        #expect(missing.code == .notFound)
    }

    @Test func theTenSchemasAreServed() throws {
        let client = try Stack.running(.noauth).client()
        for kind in MetadefSchemaKind.allCases {
            let schema = try client.metadefSchema(kind)
            // Glance names the resource type schemas after the associations they describe.
            let name = kind.rawValue.replacingOccurrences(of: "resource_type", with: "resource_type_association")
            #expect(schema["name"]?.string == name)
        }
    }

    @Test func adminManagesANamespaceAndEverythingInIt() throws {
        let stack = try Stack.running(.keystone)
        let admin = try stack.client(cloud: "osi-admin")
        let ns = uniqueName("osi-ns")
        let created = try admin.createMetadefNamespace(.object([
            "namespace": .string(ns), "display_name": .string("osimage test"), "visibility": .string("public"),
        ]))
        defer { try? admin.deleteMetadefNamespace(ns, ignoreMissing: true) }
        #expect(created["namespace"]?.string == ns)
        let duplicate = try #require(throws: OSIError.self) { try admin.createMetadefNamespace(.object(["namespace": .string(ns)])) }
        #expect(duplicate.code == .conflict)
        let updated = try admin.updateMetadefNamespace(ns, attributes: .object(["description": .string("changed"),
                                                                                 "visibility": .string("public")]))
        #expect(updated["description"]?.string == "changed" && updated["namespace"]?.string == ns)

        // Objects.
        let property = JSON.object(["speed": .object(["title": .string("Speed"), "type": .string("integer")])])
        for name in ["obj-a", "obj-b", "obj-c"] {
            let object = try admin.createMetadefObject(namespace: ns, attributes: .object(["name": .string(name), "properties": property]))
            #expect(object["name"]?.string == name)
        }
        #expect(try admin.getMetadefObject(namespace: ns, object: "obj-a")["properties"]?["speed"]?["type"]?.string == "integer")
        let objects = try admin.metadefObjects(namespace: ns, query: .object(["sort_key": .string("name"), "sort_dir": .string("asc")]))
        #expect(try objects.collect().compactMap { $0["name"]?.string } == ["obj-a", "obj-b", "obj-c"])
        #expect(try admin.metadefObjects(namespace: ns, query: .object(["max_items": .int(2)])).collect().count == 2)
        let changed = try admin.updateMetadefObject(namespace: ns, object: "obj-a", attributes: .object(["description": .string("d")]))
        #expect(changed["description"]?.string == "d" && changed["name"]?.string == "obj-a")
        try admin.deleteMetadefObject(namespace: ns, object: "obj-a", ignoreMissing: false)
        try admin.deleteMetadefObject(namespace: ns, object: "obj-a", ignoreMissing: true)
        let gone = try #require(throws: OSIError.self) { try admin.deleteMetadefObject(namespace: ns, object: "obj-a", ignoreMissing: false) }
        #expect(gone.code == .notFound)
        try admin.deleteAllMetadefObjects(namespace: ns)
        #expect(try admin.metadefObjects(namespace: ns, query: nil).collect().isEmpty)

        // Properties.
        let made = try admin.createMetadefProperty(namespace: ns, attributes: .object([
            "name": .string("colour"), "title": .string("Colour"), "type": .string("string"),
            "enum": .strings(["red", "green"]),
        ]))
        #expect(made["name"]?.string == "colour")
        _ = try admin.createMetadefProperty(namespace: ns, attributes: .object([
            "name": .string("cores"), "title": .string("Cores"), "type": .string("integer"),
        ]))
        let renamed = try admin.updateMetadefProperty(namespace: ns, property: "colour", attributes: .object([
            "title": .string("Color"), "type": .string("string"),
        ]))
        #expect(renamed["title"]?.string == "Color")
        #expect(try admin.getMetadefProperty(namespace: ns, property: "colour")["title"]?.string == "Color")
        #expect(try admin.metadefProperties(namespace: ns, query: nil).collect().compactMap { $0["name"]?.string }.sorted()
            == ["colour", "cores"])
        #expect(try admin.metadefProperties(namespace: ns, query: .object(["type": .string("integer")])).collect()
            .compactMap { $0["name"]?.string } == ["cores"])
        try admin.deleteMetadefProperty(namespace: ns, property: "cores", ignoreMissing: false)
        try admin.deleteMetadefProperty(namespace: ns, property: "cores", ignoreMissing: true)
        try admin.deleteAllMetadefProperties(namespace: ns)
        #expect(try admin.metadefProperties(namespace: ns, query: nil).collect().isEmpty)

        // Resource type associations.
        let association = try admin.createMetadefResourceTypeAssociation(namespace: ns, attributes: .object([
            "name": .string("OS::Glance::Image"), "prefix": .string("osi_"),
        ]))
        #expect(association["prefix"]?.string == "osi_")
        #expect(try admin.metadefResourceTypeAssociations(namespace: ns, query: nil).collect()
            .compactMap { $0["name"]?.string } == ["OS::Glance::Image"])
        try admin.deleteMetadefResourceTypeAssociation(namespace: ns, resourceType: "OS::Glance::Image", ignoreMissing: false)
        try admin.deleteMetadefResourceTypeAssociation(namespace: ns, resourceType: "OS::Glance::Image", ignoreMissing: true)
        #expect(try admin.metadefResourceTypeAssociations(namespace: ns, query: nil).collect().isEmpty)

        // Tags: one by one, renamed, replaced, appended, listed in pages of two.
        #expect(try admin.createMetadefTag(namespace: ns, tag: "alpha")["name"]?.string == "alpha")
        let twice = try #require(throws: OSIError.self) { try admin.createMetadefTag(namespace: ns, tag: "alpha") }
        #expect(twice.code == .conflict)
        #expect(try admin.updateMetadefTag(namespace: ns, tag: "alpha", newName: "beta")["name"]?.string == "beta")
        #expect(try admin.getMetadefTag(namespace: ns, tag: "beta")["name"]?.string == "beta")
        let replaced = try admin.setMetadefTags(namespace: ns, tags: ["t1", "t2", "t3"], append: false)
        #expect(replaced.compactMap { $0["name"]?.string }.sorted() == ["t1", "t2", "t3"])
        _ = try admin.setMetadefTags(namespace: ns, tags: ["t4", "t5"], append: true)
        let recorder = LogRecorder()
        admin.session.setLog(recorder.log)
        let paged = try admin.metadefTags(namespace: ns, query: .object(["limit": .int(2)])).collect().compactMap { $0["name"]?.string }
        admin.session.setLog(nil)
        #expect(paged.sorted() == ["t1", "t2", "t3", "t4", "t5"])
        #expect(recorder.count(containing: "/tags?") == 3)
        #expect(try admin.metadefTags(namespace: ns, query: .object(["limit": .int(2), "paginated": .bool(false)])).collect().count == 2)
        try admin.deleteMetadefTag(namespace: ns, tag: "t5")
        let noTag = try #require(throws: OSIError.self) { try admin.getMetadefTag(namespace: ns, tag: "t5") }
        #expect(noTag.code == .notFound)
        try admin.deleteAllMetadefTags(namespace: ns)
        #expect(try admin.metadefTags(namespace: ns, query: nil).collect().isEmpty)

        try admin.deleteMetadefNamespace(ns, ignoreMissing: false)
        try admin.deleteMetadefNamespace(ns, ignoreMissing: true)
        let deleted = try #require(throws: OSIError.self) { try admin.deleteMetadefNamespace(ns, ignoreMissing: false) }
        #expect(deleted.code == .notFound)
    }

    @Test func aProjectMemberMayReadButNotWrite() throws {
        let stack = try Stack.running(.keystone)
        let demo = try stack.client(cloud: "osi-demo")
        let writes: [(String, () throws -> Void)] = [
            ("create namespace", { _ = try demo.createMetadefNamespace(.object(["namespace": .string(uniqueName("osi-ns"))])) }),
            ("update namespace", { _ = try demo.updateMetadefNamespace(Self.libvirt, attributes: .object([:])) }),
            ("delete namespace", { try demo.deleteMetadefNamespace(Self.libvirt, ignoreMissing: false) }),
            ("create object", { _ = try demo.createMetadefObject(namespace: Self.libvirt, attributes: .object(["name": .string("x")])) }),
            ("create property", {
                _ = try demo.createMetadefProperty(namespace: Self.libvirt, attributes: .object([
                    "name": .string("x"), "title": .string("x"), "type": .string("string")]))
            }),
            ("delete all properties", { try demo.deleteAllMetadefProperties(namespace: Self.libvirt) }),
            ("add tag", { _ = try demo.createMetadefTag(namespace: Self.libvirt, tag: "x") }),
            ("set tags", { _ = try demo.setMetadefTags(namespace: Self.libvirt, tags: ["x"], append: true) }),
            ("associate", {
                _ = try demo.createMetadefResourceTypeAssociation(namespace: Self.libvirt, attributes: .object(["name": .string("OS::Cinder::Volume")]))
            }),
        ]
        for (what, write) in writes {
            let error = try #require(throws: OSIError.self, "\(what)") { try write() }
            #expect(error.code == .forbidden, "\(what): \(error.message)")
        }
        #expect(try demo.getMetadefNamespace(Self.libvirt)["namespace"]?.string == Self.libvirt)
    }

    @Test func badNamesAndQueriesAreRefusedBeforeAnyRequest() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let discovery = recorder.recorded.count
        let attempts: [() throws -> Void] = [
            { _ = try client.getMetadefNamespace("a/b") },
            { _ = try client.getMetadefTag(namespace: Self.libvirt, tag: "..") },
            { _ = try client.getMetadefObject(namespace: "ns\r\nX: y", object: "o") },
            { _ = try client.metadefNamespaces(query: .object(["colour": .string("red")])) },
            { _ = try client.metadefTags(namespace: Self.libvirt, query: .object(["limit": .int(-1)])) },
            { _ = try client.metadefProperties(namespace: Self.libvirt, query: .string("x")) },
            { _ = try client.createMetadefNamespace(.object(["display_name": .string("no name")])) },
            { _ = try client.createMetadefObject(namespace: Self.libvirt, attributes: .object(["name": .string("a/b")])) },
            { _ = try client.setMetadefTags(namespace: Self.libvirt, tags: ["ok", "bad\n"], append: true) },
            { _ = try client.updateMetadefTag(namespace: Self.libvirt, tag: "t", newName: "") },
        ]
        for attempt in attempts {
            let error = try #require(throws: OSIError.self) { try attempt() }
            #expect(error.code == .invalidArgument)
        }
        #expect(recorder.recorded.count == discovery)
    }
}
