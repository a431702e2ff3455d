/// Tasks: the image's own import tasks.
extension ImageClient {
    /// GET /v2/images/{id}/tasks -> the "tasks" array (where a failed import explains itself
    /// in `message`).
    public func imageTasks(_ id: String) throws(OSIError) -> [JSON] {
        let document = try getJSON(["images", URLBuilder.segment(id, what: "image id"), "tasks"])
        guard let tasks = document["tasks"]?.array else { throw OSIError(.internal, "the image task list has no 'tasks' array") }
        return tasks
    }
}
