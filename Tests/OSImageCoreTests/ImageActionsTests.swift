import Testing
@testable import OSImageCore

/// deactivate/reactivate, tags and protected images, with the server's error answers.
@Suite struct ImageActionsTests {
    @Test func deactivatedImageCannotBeDownloadedByANonAdmin() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.activeImage(uniqueName("deactivate"), bytes: rawBytes(2_000))
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let memberDownload = HTTPRequest(method: .get, url: client.url(["images", id, "file"]),
                                         headers: [("Accept", "*/*"), ("X-Roles", "member,reader")])
        #expect(try client.session.send(memberDownload).body.count == 2_000)

        try client.deactivateImage(id)
        #expect(try client.getImage(id)["status"]?.string == "deactivated")
        try client.deactivateImage(id)
        let refused = try #require(throws: OSIError.self) { try client.session.send(memberDownload) }
        #expect(refused.code == .forbidden)
        // An admin still can.
        #expect(try client.session.send(HTTPRequest(method: .get, url: client.url(["images", id, "file"]),
                                                    headers: [("Accept", "*/*")])).body.count == 2_000)

        try client.reactivateImage(id)
        #expect(try client.getImage(id)["status"]?.string == "active")
        #expect(try client.session.send(memberDownload).body.count == 2_000)
    }

    @Test func actionsOnAnImageInTheWrongStateAreRefused() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("queued-actions"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        // Glance answers 403 (not 409) to deactivate/reactivate of a queued image; openstacksdk
        // would not even notice.
        for (action, verb) in [(client.deactivateImage, "deactivate"), (client.reactivateImage, "reactivate")] {
            let error = try #require(throws: OSIError.self) { try action(id) }
            #expect(error.code == .forbidden)
            #expect(error.message.contains("Not allowed to \(verb) image in status 'queued'"))
        }
        let missing = try #require(throws: OSIError.self) { try client.deactivateImage("00000000-0000-0000-0000-000000000000") }
        #expect(missing.code == .notFound)
    }

    @Test func tagsAreAddedRemovedAndAMissingOneIsNotFound() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("tag"))])
        defer { client.removeImages([image]) }
        let id = try imageID(image)
        let first = uniqueName("t1")
        let second = "with space?#"
        try client.addTag(id, first)
        try client.addTag(id, second)
        try client.addTag(id, first)
        #expect(Set(try client.getImage(id)["tags"]?.array?.compactMap(\.string) ?? []) == [first, second])
        let both = try client.images(query: .object(["tag": .strings([first, second])])).collect()
        #expect(both.compactMap { $0["id"]?.string } == [id])

        try client.removeTag(id, first)
        #expect(try client.getImage(id)["tags"]?.array?.compactMap(\.string) == [second])
        let missing = try #require(throws: OSIError.self) { try client.removeTag(id, first) }
        #expect(missing.code == .notFound)
        for bad in ["a/b", "x\r\ny", ""] {
            #expect((try #require(throws: OSIError.self) { try client.addTag(id, bad) }).code == .invalidArgument)
        }
    }

    @Test func protectedImageCannotBeDeleted() throws {
        let client = try Stack.running(.noauth).client()
        let image = try client.seedImage(["name": .string(uniqueName("protected")), "protected": .bool(true)])
        let id = try imageID(image)
        let error = try #require(throws: OSIError.self) { try client.deleteImage(id, ignoreMissing: true) }
        #expect(error.code == .forbidden)
        #expect(error.message.contains("protected"))
        _ = try client.updateImage(id, changes: .object(["is_protected": .bool(false)]))
        try client.deleteImage(id, ignoreMissing: false)
    }
}
