import Testing
@testable import OSImageCore

/// How a wait reads Glance's import bookkeeping (no server needed).
@Suite struct ImportStateTests {
    @Test func aStoreStillListedAsImportingButAlreadyHoldingTheDataIsNotWaitedFor() {
        // Seen from Glance 33 under load: an all-stores import done (task success, data in
        // both stores) that left "fast" in os_glance_importing_to_stores.
        let state = ImportState(.object([
            "status": .string("active"), "stores": .string("fast,slow"),
            "os_glance_importing_to_stores": .string("fast"), "os_glance_import_task": .string(""),
        ]))
        #expect(state.importingStores.isEmpty)
    }

    @Test func aStoreNotYetHoldingTheDataIsStillWaitedFor() {
        let state = ImportState(.object([
            "status": .string("active"), "stores": .string("fast"),
            "os_glance_importing_to_stores": .string("slow, fast"),
        ]))
        #expect(state.importingStores == ["slow"])
    }
}
