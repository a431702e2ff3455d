import Testing
@testable import OSImageCore

/// Sharing between real Keystone projects: demo owns images and shares them with alt.
@Suite struct MembersTests {
    @Test func ownerSharesMemberAcceptsListsDownloadsAndLosesAccess() throws {
        let stack = try Stack.running(.keystone)
        let demo = try stack.client(cloud: "osi-demo")
        let alt = try stack.client(cloud: "osi-alt")
        let altProject = try stack["OSI_ALT_PROJECT_ID"]
        let image = try demo.activeImage(uniqueName("shared"), bytes: rawBytes(5_000))
        defer { demo.removeImages([image]) }
        let id = try imageID(image)
        #expect(image["visibility"]?.string == "shared")
        #expect(try alt.findImage(id, ignoreMissing: true) == nil)

        let added = try demo.addMember(image: id, member: altProject)
        #expect(added["member_id"]?.string == altProject)
        #expect(added["status"]?.string == "pending")

        // Pending: alt can read the image by id but does not see it in its default list.
        #expect(try alt.getImage(id)["id"]?.string == id)
        #expect(try listedIDs(alt, [:]).contains(id) == false)
        #expect(try listedIDs(alt, ["member_status": .string("pending")]).contains(id))
        #expect(try alt.getMember(image: id, member: altProject)["status"]?.string == "pending")

        let accepted = try alt.updateMember(image: id, member: altProject, status: "accepted")
        #expect(accepted["status"]?.string == "accepted")
        #expect(try listedIDs(alt, [:]).contains(id))
        let download = HTTPRequest(method: .get, url: alt.url(["images", id, "file"]), headers: [("Accept", "*/*")])
        #expect(try alt.session.send(download).body == rawBytes(5_000))

        try demo.removeMember(image: id, member: altProject, ignoreMissing: false)
        let gone = try #require(throws: OSIError.self) { try alt.getImage(id) }
        #expect(gone.code == .notFound)
        #expect(try listedIDs(alt, [:]).contains(id) == false)
        #expect(throws: OSIError.self) { try alt.session.send(download) }
    }

    @Test func sharingMistakesAreReportedWithTheirCodes() throws {
        let stack = try Stack.running(.keystone)
        let demo = try stack.client(cloud: "osi-demo")
        let altProject = try stack["OSI_ALT_PROJECT_ID"]
        let privateImage = try demo.seedImage(["name": .string(uniqueName("private")), "visibility": .string("private")])
        let shared = try demo.seedImage(["name": .string(uniqueName("shared-twice"))])
        defer { demo.removeImages([privateImage, shared]) }

        let notShareable = try #require(throws: OSIError.self) { try demo.addMember(image: imageID(privateImage), member: altProject) }
        #expect(notShareable.code == .forbidden)

        let id = try imageID(shared)
        _ = try demo.addMember(image: id, member: altProject)
        let twice = try #require(throws: OSIError.self) { try demo.addMember(image: id, member: altProject) }
        #expect(twice.code == .conflict)
        let byOwner = try #require(throws: OSIError.self) { try demo.updateMember(image: id, member: altProject, status: "accepted") }
        #expect(byOwner.code == .forbidden)
    }

    @Test func membersHonourTheirQueryAndFindToleratesMissing() throws {
        let stack = try Stack.running(.keystone)
        let demo = try stack.client(cloud: "osi-demo")
        let alt = try stack.client(cloud: "osi-alt")
        let altProject = try stack["OSI_ALT_PROJECT_ID"]
        let adminProject = try stack["OSI_ADMIN_PROJECT_ID"]
        let image = try demo.seedImage(["name": .string(uniqueName("members"))])
        defer { demo.removeImages([image]) }
        let id = try imageID(image)
        _ = try demo.addMember(image: id, member: altProject)
        _ = try demo.addMember(image: id, member: adminProject)
        _ = try alt.updateMember(image: id, member: altProject, status: "rejected")

        func memberIDs(_ query: JSON?) throws -> Set<String> {
            Set(try demo.members(image: id, query: query).collect().compactMap { $0["member_id"]?.string })
        }
        #expect(try memberIDs(nil) == [altProject, adminProject])
        #expect(try memberIDs(.object(["status": .string("all")])) == [altProject, adminProject])
        #expect(try memberIDs(.object(["status": .string("rejected")])) == [altProject])
        #expect(try memberIDs(.object(["status": .string("pending")])) == [adminProject])
        #expect(try memberIDs(.object(["member": .string(adminProject)])) == [adminProject])
        #expect(try memberIDs(.object(["status": .string("accepted")])).isEmpty)
        #expect(try demo.members(image: id, query: .object(["max_items": .int(1)])).collect().count == 1)
        for bad: JSON in [.object(["state": .string("x")]), .object(["status": .int(1)]), .array(), .object(["max_items": .int(-1)])] {
            #expect((try #require(throws: OSIError.self) { try demo.members(image: id, query: bad) }).code == .invalidArgument)
        }

        #expect(try demo.findMember(image: id, member: altProject, ignoreMissing: false)?["status"]?.string == "rejected")
        let stranger = "00000000000000000000000000000000"
        #expect(try demo.findMember(image: id, member: stranger, ignoreMissing: true) == nil)
        #expect((try #require(throws: OSIError.self) { try demo.findMember(image: id, member: stranger, ignoreMissing: false) }).code == .notFound)
        #expect((try #require(throws: OSIError.self) { try demo.getMember(image: id, member: stranger) }).code == .notFound)
        try demo.removeMember(image: id, member: stranger, ignoreMissing: true)
        #expect((try #require(throws: OSIError.self) { try demo.removeMember(image: id, member: stranger, ignoreMissing: false) }).code == .notFound)
        for bad in ["a/b", "x\r\ny", ""] {
            #expect((try #require(throws: OSIError.self) { try demo.addMember(image: id, member: bad) }).code == .invalidArgument)
            #expect((try #require(throws: OSIError.self) { try demo.getMember(image: id, member: bad) }).code == .invalidArgument)
        }
    }

    private func listedIDs(_ client: ImageClient, _ query: KeyValuePairs<String, JSON>) throws -> [String] {
        try client.images(query: .object(query)).collect().compactMap { $0["id"]?.string }
    }
}
