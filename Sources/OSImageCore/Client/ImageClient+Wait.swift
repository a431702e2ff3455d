/// Waiting for an image to reach a status, failing fast when its import fails.
extension ImageClient {
    /// Polls GET /v2/images/{id} every `interval` s (sleeping without holding any lock) until
    /// its status equals `status` (case-insensitive) and, for "active", no import into a store
    /// is still running (`os_glance_importing_to_stores` empty); returns the image. For
    /// "deleted": until 404 or status deleted/pending_delete; then returns nil.
    ///
    /// Fails fast with .taskFailed carrying the server's explanation when: the image goes
    /// `killed`; `os_glance_failed_import` is non-empty with no store left importing and the
    /// status not reached; or the image's latest task (GET /v2/images/{id}/tasks, asked while
    /// the image is queued, uploading or importing, or active with failed stores) is in status
    /// failure (its `message` is used). An image that reaches `status` with some stores failed
    /// and its task successful (all_stores_must_succeed false) is returned: read its
    /// `os_glance_failed_import`. After `timeout` s -> .timeout with the last status seen in
    /// the message. `progress` is called after every poll with the image (return false to
    /// abort -> .aborted).
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
            if state.status == wanted && state.importingStores.isEmpty {
                if !state.failedStores.isEmpty { try failIfLatestTaskFailed(id, state) }
                return .done(image)
            }
            if !state.failedStores.isEmpty && state.importingStores.isEmpty {
                try failIfLatestTaskFailed(id, state)
                throw OSIError(.taskFailed, "the import of image \(id) failed in store(s) \(state.failedStores.joined(separator: ", "))")
            }
            if ["queued", "uploading", "importing"].contains(state.status) { try failIfLatestTaskFailed(id, state) }
            return .pending(image, status: state.status)
        }
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
private struct ImportState {
    /// The image status, lower-cased.
    let status: String
    /// `os_glance_importing_to_stores`: stores still being imported into.
    let importingStores: [String]
    /// `os_glance_failed_import`: stores whose import failed.
    let failedStores: [String]

    init(_ image: JSON) {
        status = image["status"]?.string?.asciiLowercased() ?? ""
        importingStores = Self.list(image["os_glance_importing_to_stores"])
        failedStores = Self.list(image["os_glance_failed_import"])
    }

    private static func list(_ value: JSON?) -> [String] {
        (value?.string ?? "").split(separator: ",").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
    }
}
