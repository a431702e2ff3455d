/// Tasks: the tasks API (admin only on Glance's default policies) and an image's own import
/// tasks.
extension ImageClient {
    /// The query keys Glance's task list understands, plus the local ones of `ListQuery`.
    static let taskQueryKeys: Set<String> = ["type", "status", "sort_key", "sort_dir", "limit", "marker",
                                             "max_items", "paginated"]

    /// GET /v2/images/{id}/tasks as a list (fetched now, whole: Glance does not page it).
    public func imageTaskList(_ id: String) throws(OSIError) -> ListIterator {
        ListIterator(client: self, items: try imageTasks(id))
    }

    /// GET /v2/images/{id}/tasks -> the "tasks" array (where a failed import explains itself
    /// in `message`).
    public func imageTasks(_ id: String) throws(OSIError) -> [JSON] {
        let document = try getJSON(["images", URLBuilder.segment(id, what: "image id"), "tasks"])
        guard let tasks = document["tasks"]?.array else { throw OSIError(.internal, "the image task list has no 'tasks' array") }
        return tasks
    }

    /// GET /v2/tasks as a lazy list following Glance's next links. `query` (nil or an object)
    /// takes type, status, sort_key, sort_dir, marker (strings), limit (an integer >= 0), and
    /// the local max_items and paginated (see `ListQuery`); other keys and types are refused
    /// before any request.
    public func tasks(query: JSON?) throws(OSIError) -> ListIterator {
        let given = try OptionsObject(query, what: "task query", known: Self.taskQueryKeys)
        for key in ["type", "status", "sort_key", "sort_dir", "marker"] { _ = try given.string(key) }
        _ = try given.count("limit")
        let list = try ListQuery(query, defaultLimit: Self.largestPage)
        return ListIterator(client: self, url: url(["tasks"], query: list.parameters), collectionKey: "tasks",
                     maxItems: list.maxItems, paginated: list.paginated)
    }

    /// `waitForTask` with the status (nil: "success") and the timeout, interval and failures
    /// of `options` (see `WaitOptions.task`).
    public func waitForTask(_ id: String, status: String?, options: WaitOptions,
                            progress: ((JSON) -> Bool)? = nil) throws(OSIError) -> JSON {
        try waitForTask(id, status: status ?? "success", failures: options.failures, timeout: options.timeout,
                        interval: options.interval, progress: progress)
    }

    /// GET /v2/tasks/{id}.
    public func getTask(_ id: String) throws(OSIError) -> JSON {
        try getJSON(["tasks", URLBuilder.segment(id, what: "task id")])
    }

    /// POST /v2/tasks (201) with `task`: {"type": "import", "input": {"import_from": URL,
    /// "import_from_format": "raw", "image_properties": {...}}}. Only "type" (a string) and
    /// "input" (an object) are allowed, both required. Returns the new task (status pending).
    public func createTask(_ task: JSON) throws(OSIError) -> JSON {
        let given = try OptionsObject(task, what: "task field", known: ["type", "input"])
        guard let type = try given.string("type"), !type.isEmpty else { throw .invalidArgument("a task needs a 'type'") }
        guard let input = task["input"], input.isObject else { throw .invalidArgument("a task needs an 'input' object") }
        guard let created = try sendJSON(.post, ["tasks"], body: .object(["type": .string(type), "input": input])) else {
            throw OSIError(.internal, "creating a task answered without the task")
        }
        return created
    }

    /// Polls GET /v2/tasks/{id} every `interval` s (sleeping without holding any lock) until
    /// its status equals `status` (case-insensitive) and returns the task. A status in
    /// `failures` (default ["failure"]) -> .taskFailed carrying the task's `message`; after
    /// `timeout` s -> .timeout with the last status seen. `progress` sees the task after every
    /// poll (return false to abort -> .aborted). Unlike openstacksdk, a failed task is never
    /// recreated.
    public func waitForTask(_ id: String, status: String = "success", failures: [String] = WaitOptions.task.failures,
                            timeout: Double, interval: Double, progress: ((JSON) -> Bool)? = nil) throws(OSIError) -> JSON {
        let segment = try URLBuilder.segment(id, what: "task id")
        guard !status.isEmpty else { throw .invalidArgument("the status to wait for must not be empty") }
        let wanted = status.asciiLowercased()
        let failing = Set(failures.map { $0.asciiLowercased() })
        let poller = try Poller(timeout: timeout, interval: interval, progress: progress)
        let task = try poller.wait(for: "task \(id) to reach \(status)") { () throws(OSIError) -> Poll in
            let task = try getJSON(["tasks", segment])
            let current = task["status"]?.string ?? ""
            if current.asciiLowercased() == wanted { return .done(task) }
            if failing.contains(current.asciiLowercased()) {
                let message = task["message"]?.string ?? ""
                throw OSIError(.taskFailed, "task \(id) ended in status \(current)" + (message.isEmpty ? "" : ": " + message))
            }
            return .pending(task, status: current)
        }
        guard let task else { throw OSIError(.internal, "the wait for task \(id) ended without the task") }
        return task
    }
}
