/// Changing an image's attributes and properties.
extension ImageClient {
    /// PATCH /v2/images/{id} with the patch from the image as it is on the server (one GET
    /// first) to `changes`; see `ImagePatch` for the rules (no implicit removal, whole-list
    /// tags, custom properties as strings, sdk aliases, read-only attributes refused before any
    /// request). Nothing to change -> no PATCH. Returns the updated image.
    public func updateImage(_ id: String, changes: JSON) throws(OSIError) -> JSON {
        let segment = try URLBuilder.segment(id, what: "image id")
        let patch = try ImagePatch(changes)
        let current = try getJSON(["images", segment])
        let operations = patch.operations(against: current)
        if operations.isEmpty { return current }
        guard let updated = try sendJSON(.patch, ["images", segment], body: .array(operations),
                                         contentType: "application/openstack-images-v2.1-json-patch") else {
            throw OSIError(.internal, "PATCH /v2/images/\(id) answered without the image")
        }
        return updated
    }
}
