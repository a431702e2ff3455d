/// Options of POST /v2/images/{id}/import.
public struct ImportOptions: Sendable {
    /// glance-direct, web-download, copy-image or glance-download.
    public var method: String = "glance-direct"
    /// The URL to fetch (web-download only).
    public var uri: String?
    /// The region of the image to fetch (glance-download only).
    public var remoteRegion: String?
    /// The id of the image to fetch in that region (glance-download only).
    public var remoteImageID: String?
    /// The catalog interface to reach that region's Glance through (glance-download only;
    /// optional: Glance uses "public" when none is given).
    public var remoteServiceInterface: String?
    /// The stores to import into; nil or empty for the default store. Never sent as the
    /// legacy X-Image-Meta-Store header.
    public var stores: [String]?
    /// Import into every store.
    public var allStores: Bool?
    /// Whether a failure in one store fails the whole import (Glance's default: true).
    public var allStoresMustSucceed: Bool?

    /// glance-direct into the default store.
    public init() {}

    /// From a JSON object with keys method (or import_method), uri, remote_region,
    /// remote_image_id, remote_service_interface, store, stores, all_stores,
    /// all_stores_must_succeed; nil or null gives the defaults. Wrong types and unknown keys ->
    /// .invalidArgument naming the key; mutually exclusive combinations (all_stores with
    /// store/stores; store with stores; uri with a method other than web-download; remote_*
    /// with a method other than glance-download; web-download without uri; glance-download
    /// without remote_region or remote_image_id) -> .invalidArgument, before any request.
    public static func from(_ json: JSON?) throws(OSIError) -> ImportOptions {
        let given = try OptionsObject(json, what: "import option", known: [
            "method", "import_method", "uri", "remote_region", "remote_image_id", "remote_service_interface",
            "store", "stores", "all_stores", "all_stores_must_succeed"])
        var options = ImportOptions()
        let method = try given.string("method")
        let importMethod = try given.string("import_method")
        if let method, let importMethod, method != importMethod {
            throw .invalidArgument("import options 'method' and 'import_method' disagree")
        }
        options.method = method ?? importMethod ?? options.method
        options.uri = try given.string("uri")
        options.remoteRegion = try given.string("remote_region")
        options.remoteImageID = try given.string("remote_image_id")
        options.remoteServiceInterface = try given.string("remote_service_interface")
        options.stores = try given.strings("stores")
        options.allStores = try given.bool("all_stores")
        options.allStoresMustSucceed = try given.bool("all_stores_must_succeed")
        if let store = try given.string("store") {
            guard options.stores == nil else { throw .invalidArgument("import options 'store' and 'stores' are mutually exclusive") }
            options.stores = [store]
        }
        try options.validate()
        return options
    }

    /// Refuses combinations Glance would refuse or silently ignore.
    public func validate() throws(OSIError) {
        guard !method.isEmpty else { throw .invalidArgument("the import method must not be empty") }
        if allStores == true, !(stores ?? []).isEmpty {
            throw .invalidArgument("import option 'all_stores' is mutually exclusive with 'store' and 'stores'")
        }
        if let stores, stores.contains(where: \.isEmpty) { throw .invalidArgument("import store ids must not be empty") }
        let isWebDownload = method == "web-download"
        if uri != nil, !isWebDownload {
            throw .invalidArgument("import option 'uri' is only used by the web-download method, not \(method)")
        }
        if isWebDownload, (uri ?? "").isEmpty { throw .invalidArgument("the web-download import method needs a 'uri'") }
        let isGlanceDownload = method == "glance-download"
        if !isGlanceDownload, remoteRegion != nil || remoteImageID != nil || remoteServiceInterface != nil {
            throw .invalidArgument("import options 'remote_*' are only used by the glance-download method, not \(method)")
        }
        if isGlanceDownload, (remoteImageID ?? "").isEmpty || (remoteRegion ?? "").isEmpty {
            throw .invalidArgument("the glance-download import method needs 'remote_region' and 'remote_image_id'")
        }
    }

    /// The request body: {"method": {"name": ..., ...}, "stores": [...], "all_stores": ...}.
    var body: JSON {
        let method = JSON.object(["name": .string(self.method)])
        let methodFields: [(String, String?)] = [("uri", uri), ("glance_region", remoteRegion),
                                                 ("glance_image_id", remoteImageID),
                                                 ("glance_service_interface", remoteServiceInterface)]
        for (key, value) in methodFields {
            if let value { method.set(key, .string(value)) }
        }
        let body = JSON.object(["method": method])
        if let stores, !stores.isEmpty { body.set("stores", .strings(stores)) }
        if let allStores { body.set("all_stores", .bool(allStores)) }
        if let allStoresMustSucceed { body.set("all_stores_must_succeed", .bool(allStoresMustSucceed)) }
        return body
    }
}
