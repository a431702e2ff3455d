/// The six JSON schemas Glance publishes.
public enum SchemaKind: String, Sendable, CaseIterable {
    case image, images, member, members, task, tasks
}

/// Service information: schemas, stores and import methods.
extension ImageClient {
    /// `GET /v2/schemas/{kind}`.
    public func schema(_ kind: SchemaKind) throws(OSIError) -> JSON {
        try getJSON(["schemas", kind.rawValue])
    }

    /// `GET /v2/info/import`: the import methods this cloud offers.
    public func importInfo() throws(OSIError) -> JSON {
        try getJSON(["info", "import"])
    }

    /// The import method names this cloud offers (from `importInfo()`).
    public func importMethods() throws(OSIError) -> [String] {
        try importInfo()["import-methods"]?["value"]?.array?.compactMap(\.string) ?? []
    }

    /// `GET /v2/info/stores` (or `/detail`, admin only): the stores, as a lazy list. Needs the
    /// multi-store API (v2.8 advertised; else .unsupported before any request).
    public func stores(details: Bool) throws(OSIError) -> ListIterator {
        try endpoint.require(minor: ImageEndpoint.multiStoreMinor, for: "the stores API (multi-store)")
        let path = details ? ["info", "stores", "detail"] : ["info", "stores"]
        return ListIterator(client: self, url: url(path), collectionKey: "stores", paginated: false)
    }
}
