import Testing
@testable import OSImageCore

/// The tasks API against the keystone stack (admin only on Glance's default policies).
@Suite struct TasksTests {
    @Test func taskImportFromTheWebServerSucceeds() throws {
        let stack = try Stack.running(.keystone)
        let admin = try stack.client(cloud: "osi-admin")
        let file = try WebFile(stack, bytes: rawBytes(20_000), prefix: "task")
        defer { file.remove() }
        let created = try admin.createTask(importTask(file.url, name: uniqueName("task-import")))
        let id = try #require(created["id"]?.string)
        #expect(created["status"]?.string == "pending")
        #expect(try admin.getTask(id)["type"]?.string == "import")

        var seen: [String] = []
        let task = try admin.waitForTask(id, timeout: 120, interval: 0.3) { task in
            seen.append(task["status"]?.string ?? "")
            return true
        }
        let imageID = try #require(task["result"]?["image_id"]?.string)
        defer { admin.removeImages([.object(["id": .string(imageID)])]) }
        #expect(task["status"]?.string == "success")
        #expect(seen.last == "success")
        let image = try #require(try admin.waitForImage(imageID, status: "active", timeout: 60, interval: 0.3))
        #expect(image["size"]?.int == 20_000)

        // A wait for a status the task will never reach times out and names the last status.
        let started = Clock.monotonic()
        let timeout = try #require(throws: OSIError.self) {
            try admin.waitForTask(id, status: "processing", failures: [], timeout: 0.5, interval: 0.2)
        }
        #expect(timeout.code == .timeout)
        #expect(timeout.message.contains("'success'"))
        #expect(Clock.monotonic() - started < 10)
        // Failures are compared ignoring case.
        let custom = try #require(throws: OSIError.self) { try admin.waitForTask(id, status: "never", failures: ["SUCCESS"], timeout: 5, interval: 0.1) }
        #expect(custom.code == .taskFailed)
        let aborted = try #require(throws: OSIError.self) { try admin.waitForTask(id, status: "never", timeout: 5, interval: 0.1) { _ in false } }
        #expect(aborted.code == .aborted)

        let listed = try admin.tasks(query: .object(["type": .string("import"), "status": .string("success"),
                                                     "sort_key": .string("created_at"), "sort_dir": .string("desc"),
                                                     "max_items": .int(3)])).collect()
        #expect((1...3).contains(listed.count))
        #expect(listed.allSatisfy { $0["type"]?.string == "import" && $0["status"]?.string == "success" })
    }

    @Test func taskImportOfABadURLFailsAndTheWaitSaysWhy() throws {
        let stack = try Stack.running(.keystone)
        let admin = try stack.client(cloud: "osi-admin")
        let url = try stack["OSI_WEB_URL"] + "/" + uniqueName("no-such-file")
        let created = try admin.createTask(importTask(url, name: uniqueName("task-fails")))
        let id = try #require(created["id"]?.string)
        let error = try #require(throws: OSIError.self) { try admin.waitForTask(id, timeout: 120, interval: 0.3) }
        #expect(error.code == .taskFailed)
        #expect(error.message.contains(id))
        #expect(error.message.contains("failure: "))
        let failed = try admin.getTask(id)
        #expect(failed["status"]?.string == "failure")
        let message = failed["message"]?.string ?? ""
        #expect(!message.isEmpty)
        #expect(error.message.hasSuffix(message))
        if let leftover = failed["result"]?["image_id"]?.string { admin.removeImages([.object(["id": .string(leftover)])]) }
    }

    @Test func tasksNeedAdmin() throws {
        let demo = try Stack.running(.keystone).client(cloud: "osi-demo")
        let listing = try demo.tasks(query: nil)
        #expect((try #require(throws: OSIError.self) { try listing.next() }).code == .forbidden)
        let create = try #require(throws: OSIError.self) { try demo.createTask(importTask("http://127.0.0.1/x", name: "x")) }
        #expect(create.code == .forbidden)
    }

    @Test func badTaskArgumentsAreRefusedBeforeAnyRequest() throws {
        let recorder = LogRecorder()
        let client = try Stack.running(.noauth).client(log: recorder.log)
        let before = recorder.recorded.count
        let badBodies: [JSON] = [.array(), .object(["type": .string("import")]), .object(["input": .object([:])]),
                                 .object(["type": .int(1), "input": .object([:])]), .object(["type": .string("import"), "input": .string("x")]),
                                 .object(["type": .string("import"), "input": .object([:]), "extra": .int(1)])]
        for body in badBodies {
            #expect((try #require(throws: OSIError.self) { try client.createTask(body) }).code == .invalidArgument, "\(body.text)")
        }
        for query: JSON in [.object(["name": .string("x")]), .object(["limit": .object([:])]), .string("x")] {
            #expect((try #require(throws: OSIError.self) { try client.tasks(query: query) }).code == .invalidArgument)
        }
        for id in ["a/b", "", "x\ny"] {
            #expect((try #require(throws: OSIError.self) { try client.getTask(id) }).code == .invalidArgument)
            #expect((try #require(throws: OSIError.self) { try client.waitForTask(id, timeout: 1, interval: 0.1) }).code == .invalidArgument)
        }
        #expect(recorder.recorded.count == before)
    }

    private func importTask(_ url: String, name: String) -> JSON {
        .object(["type": .string("import"),
                 "input": .object(["import_from": .string(url), "import_from_format": .string("raw"),
                                   "image_properties": .object(["name": .string(name), "disk_format": .string("raw"),
                                                                "container_format": .string("bare")])])])
    }
}
