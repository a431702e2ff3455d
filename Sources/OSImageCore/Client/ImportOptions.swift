/// Options of POST /v2/images/{id}/import.
public struct ImportOptions: Sendable {
    /// glance-direct, web-download, copy-image or glance-download.
    public var method: String = "glance-direct"
    /// The URL to fetch (web-download only).
    public var uri: String?
    /// The region, image id and (optional) service interface of the image to fetch
    /// (glance-download only; Glance uses the interface "public" when none is given).
    public var remoteRegion: String?
    public var remoteImageID: String?
    public var remoteServiceInterface: String?
    /// The stores to import into; nil or empty for the default store. Never sent as the
    /// legacy X-Image-Meta-Store header.
    public var stores: [String]?
    /// Import into every store.
    public var allStores: Bool?
    /// Whether a failure in one store fails the whole import (Glance's default: true).
    public var allStoresMustSucceed: Bool?

    public init() {}

    /// From a JSON object with keys method (or import_method), uri, remote_region,
    /// remote_image_id, remote_service_interface, store, stores, all_stores,
    /// all_stores_must_succeed; nil or null gives the defaults. Wrong types and unknown keys ->
    /// .invalidArgument naming the key; mutually exclusive combinations (all_stores with
    /// store/stores; store with stores; uri with a method other than web-download; remote_*
    /// with a method other than glance-download; web-download without uri; glance-download
    /// without remote_region or remote_image_id) -> .invalidArgument, before any request.
    public static func from(_ json: JSON?) throws(OSIError) -> ImportOptions {
        var options = ImportOptions()
        guard let json, !json.isNull else { return options }
        guard let members = json.members else { throw .invalidArgument("the import options must be a JSON object") }
        var store: String?
        var methodKey: String?
        for (key, value) in members where !value.isNull {
            switch key {
            case "method", "import_method":
                let method = try text(value, key)
                if let methodKey, options.method != method {
                    throw .invalidArgument("import options '\(methodKey)' and '\(key)' disagree")
                }
                methodKey = key
                options.method = method
            case "uri": options.uri = try text(value, key)
            case "remote_region": options.remoteRegion = try text(value, key)
            case "remote_image_id": options.remoteImageID = try text(value, key)
            case "remote_service_interface": options.remoteServiceInterface = try text(value, key)
            case "store": store = try text(value, key)
            case "stores": options.stores = try texts(value, key)
            case "all_stores": options.allStores = try flag(value, key)
            case "all_stores_must_succeed": options.allStoresMustSucceed = try flag(value, key)
            default: throw .invalidArgument("unknown import option '\(key)'")
            }
        }
        if let store {
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

    private static func text(_ value: JSON, _ key: String) throws(OSIError) -> String {
        guard let text = value.string else { throw .invalidArgument("import option '\(key)' must be a string") }
        return text
    }

    private static func texts(_ value: JSON, _ key: String) throws(OSIError) -> [String] {
        guard let elements = value.array else { throw .invalidArgument("import option '\(key)' must be an array of strings") }
        var texts: [String] = []
        for element in elements {
            guard let text = element.string else { throw .invalidArgument("import option '\(key)' must be an array of strings") }
            texts.append(text)
        }
        return texts
    }

    private static func flag(_ value: JSON, _ key: String) throws(OSIError) -> Bool {
        guard let flag = value.bool else { throw .invalidArgument("import option '\(key)' must be a boolean") }
        return flag
    }
}
