/// Deleting an image, or its data in one store.
extension ImageClient {
    /// DELETE /v2/images/{id}, or DELETE /v2/stores/{store}/{id} when store is given (removes
    /// the data from that store only). 404 -> no error when ignoreMissing, else .notFound; a
    /// protected image -> .forbidden.
    public func deleteImage(_ id: String, store: String? = nil, ignoreMissing: Bool) throws(OSIError) {
        let image = try URLBuilder.segment(id, what: "image id")
        let path = try store.map { (store: String) throws(OSIError) in ["stores", try URLBuilder.segment(store, what: "store id"), image] }
            ?? ["images", image]
        _ = try MissingResource.tolerated(ignoreMissing) { () throws(OSIError) in
            try sendJSON(.delete, path, body: nil)
        }
    }

    /// `deleteImage` with options from a JSON object (nil for none): "store" (a store id:
    /// delete the data in that store only); other keys and types -> .invalidArgument.
    public func deleteImage(_ id: String, ignoreMissing: Bool, options: JSON?) throws(OSIError) {
        let given = try OptionsObject(options, what: "delete option", known: ["store"])
        try deleteImage(id, store: given.string("store"), ignoreMissing: ignoreMissing)
    }
}
