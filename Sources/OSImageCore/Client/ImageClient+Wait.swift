/// Waiting for an image to reach a status, failing fast when its import fails.
extension ImageClient {
    /// Polls GET /v2/images/{id} every `interval` s (sleeping without holding any lock) until
    /// its status equals `status` (case-insensitive) with no import running (no
    /// `os_glance_import_task` lock, `os_glance_importing_to_stores` empty: so a copy-image
    /// into another store is waited for too); returns the image. For "deleted": until 404 or
    /// status deleted/pending_delete; then returns nil.
    ///
    /// Fails fast with .taskFailed carrying the server's explanation when: the image goes
    /// `killed`; no import is running and the image's latest task (GET
    /// /v2/images/{id}/tasks, asked only when the image is queued, uploading or importing, or
    /// has import bookkeeping left) is in status failure (its `message` is used); or
    /// `os_glance_failed_import` is non-empty with no import running and the status not
    /// reached. An image that reaches `status` with some stores failed but its task successful
    /// (all_stores_must_succeed false) is returned: read its `os_glance_failed_import`. Note
    /// that a failed earlier import of a still-queued image counts as a failure. After
    /// `timeout` s -> .timeout with the last status seen in the message. `progress` is called
    /// after every poll with the image (return false to abort -> .aborted).
    public func waitForImage(_ id: String, status: String, timeout: Double, interval: Double,
                             progress: ((JSON) -> Bool)? = nil) throws(OSIError) -> JSON? {
        let segment = try URLBuilder.segment(id, what: "image id")
        guard !status.isEmpty else { throw .invalidArgument("the status to wait for must not be empty") }
        let poller = try Poller(timeout: timeout, interval: interval, progress: progress)
        let wanted = status.asciiLowercased()
        return try poller.wait(for: "image \(id) to become \(status)") { () throws(OSIError) -> Poll in
            if wanted == "deleted" { return try deletionPoll(segment) }
            let image = try getJSON(["images", segment])
            let state = ImportState(image)
            if state.status == "killed" { throw OSIError(.taskFailed, "image \(id) was killed: its data could not be saved") }
            if !state.isLocked {
                if state.mayHaveFailed { try failIfLatestTaskFailed(id, state) }
                if state.status == wanted && state.importingStores.isEmpty { return .done(image) }
                if !state.failedStores.isEmpty && state.importingStores.isEmpty {
                    throw OSIError(.taskFailed, "the import of image \(id) failed in store(s) \(state.failedStores.joined(separator: ", "))")
                }
            }
            return .pending(image, status: state.summary)
        }
    }

    /// `waitForImage` with the timeout and interval of `options` (see `WaitOptions.image`).
    public func waitForImage(_ id: String, status: String, options: WaitOptions,
                             progress: ((JSON) -> Bool)? = nil) throws(OSIError) -> JSON? {
        try waitForImage(id, status: status, timeout: options.timeout, interval: options.interval, progress: progress)
    }

    /// One poll of a wait for deletion.
    private func deletionPoll(_ segment: String) throws(OSIError) -> Poll {
        guard let image = try MissingResource.tolerated(true, { () throws(OSIError) in try getJSON(["images", segment]) }) else {
            return .done(nil)
        }
        let status = image["status"]?.string?.asciiLowercased() ?? ""
        return status == "deleted" || status == "pending_delete" ? .done(nil) : .pending(image, status: status)
    }

    /// Throws .taskFailed with the task's message when the image's most recent task failed.
    private func failIfLatestTaskFailed(_ id: String, _ state: ImportState) throws(OSIError) {
        let latest = try imageTasks(id).max { ($0["created_at"]?.string ?? "") < ($1["created_at"]?.string ?? "") }
        guard let latest, latest["status"]?.string == "failure" else { return }
        var message = "the import of image \(id) failed"
        if let text = latest["message"]?.string, !text.isEmpty { message += ": " + text }
        if !state.failedStores.isEmpty { message += " (failed store(s): \(state.failedStores.joined(separator: ", ")))" }
        throw OSIError(.taskFailed, message)
    }
}

/// The import bookkeeping Glance keeps in an image's properties.
struct ImportState {
    /// The image status, lower-cased.
    let status: String
    /// `os_glance_import_task`: the lock an import holds while it runs.
    let isLocked: Bool
    /// `os_glance_importing_to_stores` less the stores the image is already in: stores still
    /// to be imported into. (Glance 33 can leave a store in the list after an all-stores
    /// import put the data there; that store is not waited for.)
    let importingStores: [String]
    /// `os_glance_failed_import`: stores whose import failed.
    let failedStores: [String]

    init(_ image: JSON) {
        status = image["status"]?.string?.asciiLowercased() ?? ""
        isLocked = !(image["os_glance_import_task"]?.string ?? "").isEmpty
        let stored = Self.list(image["stores"])
        importingStores = Self.list(image["os_glance_importing_to_stores"]).filter { !stored.contains($0) }
        failedStores = Self.list(image["os_glance_failed_import"])
    }

    /// Whether an import may have ended in failure (worth reading the image's tasks).
    var mayHaveFailed: Bool {
        ["queued", "uploading", "importing"].contains(status) || !importingStores.isEmpty || !failedStores.isEmpty
    }

    /// The status with what the import is doing, for a timeout message.
    var summary: String {
        var text = status
        if isLocked { text += ", import running" }
        if !importingStores.isEmpty { text += ", importing to \(importingStores.joined(separator: ","))" }
        return text
    }

    private static func list(_ value: JSON?) -> [String] {
        (value?.string ?? "").split(separator: ",").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
    }
}
