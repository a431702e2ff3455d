/// openstacksdk's generic helpers: wait_for_status and wait_for_delete on any resource the
/// image API has (image, task, member), and update_image_properties.
extension ImageClient {
    /// The path segments of a resource given as its JSON: a member (has "member_id" and
    /// "image_id"), a task ("schema" /v2/schemas/task or "self" under /v2/tasks/), else an
    /// image; what it is called in messages.
    func resourcePath(_ resource: JSON) throws(OSIError) -> (segments: [String], what: String) {
        guard resource.isObject else { throw .invalidArgument("the resource must be a JSON object") }
        if let member = resource["member_id"]?.string, let image = resource["image_id"]?.string {
            return (["images", try URLBuilder.segment(image, what: "image id"), "members",
                     try URLBuilder.segment(member, what: "member id")], "member \(member) of image \(image)")
        }
        guard let id = resource["id"]?.string else { throw .invalidArgument("the resource has no \"id\"") }
        let isTask = resource["schema"]?.string == "/v2/schemas/task" || (resource["self"]?.string ?? "").hasPrefix("/v2/tasks/")
        return ([isTask ? "tasks" : "images", try URLBuilder.segment(id, what: "resource id")], (isTask ? "task " : "image ") + id)
    }

    /// openstacksdk's wait_for_status: polls the resource until its `attribute` (default
    /// "status") equals `status`, ignoring case; a value in `failures` ends the wait with
    /// `.taskFailed` (the resource's "message" added when it has one); after `timeout` s
    /// `.timeout`. Returns the resource as last fetched.
    public func waitForStatus(_ resource: JSON, status: String, failures: [String], attribute: String = "status",
                              timeout: Double, interval: Double, progress: ((JSON) -> Bool)? = nil) throws(OSIError) -> JSON {
        let (segments, what) = try resourcePath(resource)
        guard !status.isEmpty, !attribute.isEmpty else { throw .invalidArgument("the status and attribute must not be empty") }
        let wanted = status.asciiLowercased()
        let failing = Set(failures.map { $0.asciiLowercased() })
        let poller = try Poller(timeout: timeout, interval: interval, progress: progress)
        let found = try poller.wait(for: "\(what) to reach \(attribute) \(status)") { () throws(OSIError) -> Poll in
            let current = try getJSON(segments)
            guard let value = current[attribute]?.scalarText else {
                throw .invalidArgument("\(what) has no attribute '\(attribute)'")
            }
            if value.asciiLowercased() == wanted { return .done(current) }
            if failing.contains(value.asciiLowercased()) {
                let message = current["message"]?.string ?? ""
                throw OSIError(.taskFailed, "\(what) reached \(attribute) \(value)" + (message.isEmpty ? "" : ": " + message))
            }
            return .pending(current, status: value)
        }
        guard let found else { throw OSIError(.internal, "the wait for \(what) ended without it") }
        return found
    }

    /// openstacksdk's wait_for_delete: polls the resource until the server answers 404 (an
    /// image in status deleted or pending_delete counts as gone); after `timeout` s
    /// `.timeout`. Returns the resource as last seen (the one given when it was gone at once).
    public func waitForDelete(_ resource: JSON, timeout: Double, interval: Double,
                              progress: ((JSON) -> Bool)? = nil) throws(OSIError) -> JSON {
        let (segments, what) = try resourcePath(resource)
        var last = resource
        let poller = try Poller(timeout: timeout, interval: interval, progress: progress)
        _ = try poller.wait(for: "\(what) to be deleted") { () throws(OSIError) -> Poll in
            guard let current = try MissingResource.tolerated(true, { () throws(OSIError) in try getJSON(segments) }) else {
                return .done(nil)
            }
            last = current
            let status = current["status"]?.string?.asciiLowercased() ?? ""
            if segments.count == 2, segments[0] == "images", status == "deleted" || status == "pending_delete" { return .done(nil) }
            return .pending(current, status: status)
        }
        return last
    }

    /// The keys openstacksdk converts to integers in create_image's and
    /// update_image_properties' keyword arguments; every other value becomes a string.
    static let integerProperties: Set<String> = ["min_disk", "min_ram", "size", "virtual_size"]

    /// openstacksdk's update_image_properties: `properties` converted its way (min_disk,
    /// min_ram, size, virtual_size to integers, everything else to strings; null removes),
    /// `meta` sent as given and winning over `properties`; only values that differ from the
    /// image's are sent, in one patch. Returns whether anything changed, and the image.
    public func updateImageProperties(_ id: String, meta: JSON?, properties: JSON?) throws(OSIError) -> (changed: Bool, image: JSON) {
        let segment = try URLBuilder.segment(id, what: "image id")
        let changes = JSON.object()
        for (key, value) in properties?.members ?? [] {
            if value.isNull {
                changes.set(key, value)
            } else if Self.integerProperties.contains(key) {
                guard let number = value.int ?? value.string.flatMap({ Int64($0.trimmingWhitespace()) }) else {
                    throw .invalidArgument("property '\(key)' must be an integer")
                }
                changes.set(key, .int(number))
            } else {
                guard let text = value.scalarText else { throw .invalidArgument("property '\(key)' must be a string, number or boolean") }
                changes.set(key, .string(text))
            }
        }
        if let meta, !meta.isNull {
            guard let members = meta.members else { throw .invalidArgument("meta must be a JSON object") }
            for (key, value) in members { changes.set(key, value) }
        }
        let current = try getJSON(["images", segment])
        let differing = (changes.members ?? []).filter { key, value in !(current[key].map { $0.isEqual(to: value) } ?? value.isNull) }
        if differing.isEmpty { return (false, current) }
        let patch = JSON.object()
        for (key, value) in differing { patch.set(key, value) }
        return (true, try updateImage(id, changes: patch))
    }
}
