/// Image actions and tags: deactivate, reactivate, add and remove a tag.
extension ImageClient {
    /// POST /v2/images/{id}/actions/deactivate (204): the data can no longer be downloaded
    /// (except by admins). Errors are thrown (unlike the sdk): 409 for an image that is not
    /// active or deactivated, 403, 404.
    public func deactivateImage(_ id: String) throws(OSIError) {
        _ = try sendJSON(.post, ["images", URLBuilder.segment(id, what: "image id"), "actions", "deactivate"], body: nil)
    }

    /// POST /v2/images/{id}/actions/reactivate (204). Errors are thrown as for deactivate.
    public func reactivateImage(_ id: String) throws(OSIError) {
        _ = try sendJSON(.post, ["images", URLBuilder.segment(id, what: "image id"), "actions", "reactivate"], body: nil)
    }

    /// PUT /v2/images/{id}/tags/{tag} (204; adding a tag twice is no error). The tag must be a
    /// valid path segment: no '/', no control characters.
    public func addTag(_ id: String, _ tag: String) throws(OSIError) {
        _ = try sendJSON(.put, tagPath(id, tag), body: nil)
    }

    /// DELETE /v2/images/{id}/tags/{tag} (204); a tag the image does not have -> .notFound.
    public func removeTag(_ id: String, _ tag: String) throws(OSIError) {
        _ = try sendJSON(.delete, tagPath(id, tag), body: nil)
    }

    private func tagPath(_ id: String, _ tag: String) throws(OSIError) -> [String] {
        ["images", try URLBuilder.segment(id, what: "image id"), "tags", try URLBuilder.segment(tag, what: "tag")]
    }
}
