/// An image's locations (the v2.17 locations API): for services that put the data in a store
/// themselves and tell Glance where it is. Glance refuses every URL but an http(s) one of a
/// configured http store, and to anyone but the service role unless an http store exists.
extension ImageClient {
    /// POST /v2/images/{id}/locations (202) {"url": url, "validation_data": {...}}: Glance
    /// then reads the data there, hashes it (checking os_hash_algo/os_hash_value of
    /// `validationData`, an object or nil) and activates the queued image in the background.
    /// A non-queued image -> .conflict. Needs v2.17.
    public func addImageLocation(_ id: String, url location: String, validationData: JSON?) throws(OSIError) {
        let path = ["images", try URLBuilder.segment(id, what: "image id"), "locations"]
        guard !location.isEmpty else { throw .invalidArgument("a location url is required to add a location to an image") }
        if let validationData, !validationData.isObject, !validationData.isNull {
            throw .invalidArgument("validation_data must be a JSON object")
        }
        try endpoint.require(minor: 17, for: "the image locations API")
        let data = validationData.flatMap { $0.isNull ? nil : $0 } ?? .object()
        _ = try sendJSON(.post, path, body: .object(["url": .string(location), "validation_data": data]))
    }

    /// GET /v2/images/{id}/locations as a lazy list of {"url", "metadata": {"store": ...}}
    /// (the service or admin role only by default; others -> .forbidden). Needs v2.17.
    public func imageLocations(_ id: String) throws(OSIError) -> ListIterator {
        let path = ["images", try URLBuilder.segment(id, what: "image id"), "locations"]
        try endpoint.require(minor: 17, for: "the image locations API")
        return ListIterator(client: self, url: url(path), collectionKey: "locations", paginated: false, extract: { $0.array })
    }
}
