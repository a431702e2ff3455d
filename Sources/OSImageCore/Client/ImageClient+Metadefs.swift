/// The ten metadata definition schemas (`GET /v2/schemas/metadefs/{kind}`).
public enum MetadefSchemaKind: String, Sendable, CaseIterable {
    case namespace, namespaces, object, objects, property, properties, tag, tags
    case resourceType = "resource_type"
    case resourceTypes = "resource_types"
}

/// Metadata definitions (metadefs): namespaces and, inside one, its objects, properties,
/// tags and resource type associations. A namespace is named by its `namespace` text (e.g.
/// "OS::Compute::Libvirt"), the others by their `name`; every name is checked as a path
/// segment. Reading is open to any project reader for public namespaces, writing needs the
/// admin role under Glance's default policies (others get .forbidden).
extension ImageClient {
    /// Glance's query keys for the namespace list, plus the local ones of `ListQuery`.
    static let metadefNamespaceQueryKeys: Set<String> = ["limit", "marker", "resource_types", "sort_dir", "sort_key",
                                                         "visibility", "max_items", "paginated"]
    /// Glance's query keys for a namespace's objects, plus the local ones of `ListQuery`.
    static let metadefObjectQueryKeys: Set<String> = ["limit", "marker", "resource_types", "sort_dir", "sort_key",
                                                      "visibility", "max_items", "paginated"]
    /// Glance's query keys for a namespace's tags, plus the local ones of `ListQuery`.
    static let metadefTagQueryKeys: Set<String> = ["limit", "marker", "sort_dir", "sort_key", "max_items", "paginated"]

    /// `GET /v2/schemas/metadefs/{kind}`.
    public func metadefSchema(_ kind: MetadefSchemaKind) throws(OSIError) -> JSON {
        try getJSON(["schemas", "metadefs", kind.rawValue])
    }

    // MARK: - Namespaces

    /// POST /v2/metadefs/namespaces (201) with `attributes` ({"namespace": required, plus
    /// display_name, description, visibility, protected, properties, objects, tags,
    /// resource_type_associations}). An existing namespace -> .conflict. Returns it.
    public func createMetadefNamespace(_ attributes: JSON) throws(OSIError) -> JSON {
        _ = try metadefName(attributes, key: "namespace", what: "metadef namespace")
        return try answer(.post, ["metadefs", "namespaces"], body: attributes, "creating a metadef namespace")
    }

    /// DELETE /v2/metadefs/namespaces/{namespace} with everything in it. 404 -> no error when
    /// ignoreMissing; a protected namespace -> .forbidden.
    public func deleteMetadefNamespace(_ namespace: String, ignoreMissing: Bool) throws(OSIError) {
        let path = try namespacePath(namespace)
        try delete(path, ignoreMissing: ignoreMissing)
    }

    /// GET /v2/metadefs/namespaces/{namespace}: the namespace with its properties, objects,
    /// tags and resource type associations.
    public func getMetadefNamespace(_ namespace: String) throws(OSIError) -> JSON {
        try getJSON(namespacePath(namespace))
    }

    /// GET /v2/metadefs/namespaces as a lazy list following Glance's next links. `query`
    /// takes limit (page size), marker, resource_types, sort_key, sort_dir, visibility and the
    /// local max_items and paginated; other keys are refused before any request.
    public func metadefNamespaces(query: JSON?) throws(OSIError) -> ListIterator {
        _ = try OptionsObject(query, what: "metadef namespace query", known: Self.metadefNamespaceQueryKeys)
        let list = try ListQuery(query, defaultLimit: Self.largestPage)
        return ListIterator(client: self, url: url(["metadefs", "namespaces"], query: list.parameters), collectionKey: "namespaces",
                     maxItems: list.maxItems, paginated: list.paginated)
    }

    /// PUT /v2/metadefs/namespaces/{namespace} with `attributes`, which replace the
    /// namespace's own fields; "namespace" (Glance requires it) defaults to the current name,
    /// another value renames it. Returns the namespace.
    public func updateMetadefNamespace(_ namespace: String, attributes: JSON) throws(OSIError) -> JSON {
        let path = try namespacePath(namespace)
        let body = try withName(attributes, key: "namespace", default: namespace, what: "metadef namespace")
        return try answer(.put, path, body: body, "updating metadef namespace \(namespace)")
    }

    // MARK: - Objects

    /// POST /v2/metadefs/namespaces/{namespace}/objects (201) with `attributes` ({"name":
    /// required, description, required, properties}). Returns the object.
    public func createMetadefObject(namespace: String, attributes: JSON) throws(OSIError) -> JSON {
        _ = try metadefName(attributes, key: "name", what: "metadef object")
        return try answer(.post, namespacePath(namespace) + ["objects"], body: attributes, "creating a metadef object")
    }

    /// GET /v2/metadefs/namespaces/{namespace}/objects/{object}.
    public func getMetadefObject(namespace: String, object: String) throws(OSIError) -> JSON {
        try getJSON(memberPath(namespace, "objects", object, what: "metadef object name"))
    }

    /// GET /v2/metadefs/namespaces/{namespace}/objects as a lazy list (Glance answers in one
    /// page). `query` takes visibility, resource_types, sort_key, sort_dir, limit, marker and
    /// the local max_items and paginated.
    public func metadefObjects(namespace: String, query: JSON?) throws(OSIError) -> ListIterator {
        _ = try OptionsObject(query, what: "metadef object query", known: Self.metadefObjectQueryKeys)
        let list = try ListQuery(query, defaultLimit: nil)
        return ListIterator(client: self, url: url(try namespacePath(namespace) + ["objects"], query: list.parameters),
                     collectionKey: "objects", maxItems: list.maxItems, paginated: list.paginated)
    }

    /// PUT /v2/metadefs/namespaces/{namespace}/objects/{object} with `attributes`, which
    /// replace the object; "name" defaults to the current name. Returns the object.
    public func updateMetadefObject(namespace: String, object: String, attributes: JSON) throws(OSIError) -> JSON {
        let path = try memberPath(namespace, "objects", object, what: "metadef object name")
        let body = try withName(attributes, key: "name", default: object, what: "metadef object")
        return try answer(.put, path, body: body, "updating metadef object \(object)")
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/objects/{object}; 404 -> no error when
    /// ignoreMissing.
    public func deleteMetadefObject(namespace: String, object: String, ignoreMissing: Bool) throws(OSIError) {
        let path = try memberPath(namespace, "objects", object, what: "metadef object name")
        try delete(path, ignoreMissing: ignoreMissing)
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/objects: every object of the namespace.
    public func deleteAllMetadefObjects(namespace: String) throws(OSIError) {
        try delete(namespacePath(namespace) + ["objects"])
    }

    // MARK: - Resource types

    /// GET /v2/metadefs/resource_types (one page) as a lazy list, filtered by `query` (see
    /// `ItemQuery`).
    public func metadefResourceTypes(query: JSON?) throws(OSIError) -> ListIterator {
        let items = try ItemQuery(query, what: "metadef resource type")
        return ListIterator(client: self, url: url(["metadefs", "resource_types"]), collectionKey: "resource_types",
                     maxItems: items.maxItems, paginated: false, filter: items.accepts)
    }

    /// POST /v2/metadefs/namespaces/{namespace}/resource_types (201) with `attributes`
    /// ({"name": required, e.g. "OS::Glance::Image", prefix, properties_target}). Returns
    /// the association.
    public func createMetadefResourceTypeAssociation(namespace: String, attributes: JSON) throws(OSIError) -> JSON {
        _ = try metadefName(attributes, key: "name", what: "metadef resource type association")
        return try answer(.post, namespacePath(namespace) + ["resource_types"], body: attributes,
                          "creating a metadef resource type association")
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/resource_types/{name}; 404 -> no error when
    /// ignoreMissing.
    public func deleteMetadefResourceTypeAssociation(namespace: String, resourceType: String,
                                                     ignoreMissing: Bool) throws(OSIError) {
        let path = try memberPath(namespace, "resource_types", resourceType, what: "metadef resource type name")
        try delete(path, ignoreMissing: ignoreMissing)
    }

    /// GET /v2/metadefs/namespaces/{namespace}/resource_types (one page) as a lazy list,
    /// filtered by `query` (see `ItemQuery`).
    public func metadefResourceTypeAssociations(namespace: String, query: JSON?) throws(OSIError) -> ListIterator {
        let items = try ItemQuery(query, what: "metadef resource type association")
        return ListIterator(client: self, url: url(try namespacePath(namespace) + ["resource_types"]),
                     collectionKey: "resource_type_associations", maxItems: items.maxItems, paginated: false,
                     filter: items.accepts)
    }

    // MARK: - Properties

    /// POST /v2/metadefs/namespaces/{namespace}/properties (201) with `attributes` ({"name",
    /// "title", "type" required; description, enum, default, minimum, ...}). Returns the
    /// property.
    public func createMetadefProperty(namespace: String, attributes: JSON) throws(OSIError) -> JSON {
        _ = try metadefName(attributes, key: "name", what: "metadef property")
        return try answer(.post, namespacePath(namespace) + ["properties"], body: attributes, "creating a metadef property")
    }

    /// PUT /v2/metadefs/namespaces/{namespace}/properties/{property} with `attributes`, which
    /// replace the property (Glance wants "title" and "type" again); "name" defaults to the
    /// current name. Returns the property.
    public func updateMetadefProperty(namespace: String, property: String, attributes: JSON) throws(OSIError) -> JSON {
        let path = try memberPath(namespace, "properties", property, what: "metadef property name")
        let body = try withName(attributes, key: "name", default: property, what: "metadef property")
        return try answer(.put, path, body: body, "updating metadef property \(property)")
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/properties/{property}; 404 -> no error
    /// when ignoreMissing.
    public func deleteMetadefProperty(namespace: String, property: String, ignoreMissing: Bool) throws(OSIError) {
        let path = try memberPath(namespace, "properties", property, what: "metadef property name")
        try delete(path, ignoreMissing: ignoreMissing)
    }

    /// GET /v2/metadefs/namespaces/{namespace}/properties as a lazy list: Glance answers one
    /// object {"properties": {name: property}}; each item is the property with its "name"
    /// added, filtered by `query` (see `ItemQuery`).
    public func metadefProperties(namespace: String, query: JSON?) throws(OSIError) -> ListIterator {
        let items = try ItemQuery(query, what: "metadef property")
        return ListIterator(client: self, url: url(try namespacePath(namespace) + ["properties"]), collectionKey: "properties",
                     maxItems: items.maxItems, paginated: false, filter: items.accepts, extract: Self.namedProperties)
    }

    /// GET /v2/metadefs/namespaces/{namespace}/properties/{property}.
    public func getMetadefProperty(namespace: String, property: String) throws(OSIError) -> JSON {
        try getJSON(memberPath(namespace, "properties", property, what: "metadef property name"))
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/properties: every property of the namespace.
    public func deleteAllMetadefProperties(namespace: String) throws(OSIError) {
        try delete(namespacePath(namespace) + ["properties"])
    }

    // MARK: - Tags

    /// GET /v2/metadefs/namespaces/{namespace}/tags as a lazy list. `query` takes limit
    /// (page size; Glance then pages by marker, without next links, which osimage follows),
    /// marker, sort_key, sort_dir and the local max_items and paginated.
    public func metadefTags(namespace: String, query: JSON?) throws(OSIError) -> ListIterator {
        let given = try OptionsObject(query, what: "metadef tag query", known: Self.metadefTagQueryKeys)
        let pageSize = try given.count("limit")
        let list = try ListQuery(query, defaultLimit: nil)
        let path = try namespacePath(namespace) + ["tags"]
        let base = list.parameters.filter { $0.0 != "marker" }
        let nextPage = { [self] (items: [JSON]) -> String? in
            guard let pageSize, pageSize > 0, items.count >= pageSize, let last = items.last?["name"]?.string else { return nil }
            return url(path, query: base + [("marker", last)])
        }
        return ListIterator(client: self, url: url(path, query: list.parameters), collectionKey: "tags", maxItems: list.maxItems,
                     paginated: list.paginated, nextByMarker: nextPage)
    }

    /// GET /v2/metadefs/namespaces/{namespace}/tags/{tag}.
    public func getMetadefTag(namespace: String, tag: String) throws(OSIError) -> JSON {
        try getJSON(memberPath(namespace, "tags", tag, what: "metadef tag"))
    }

    /// POST /v2/metadefs/namespaces/{namespace}/tags/{tag} (201): adds one tag (an existing
    /// one -> .conflict). Returns the tag {"name", "created_at", "updated_at"}.
    public func createMetadefTag(namespace: String, tag: String) throws(OSIError) -> JSON {
        try answer(.post, memberPath(namespace, "tags", tag, what: "metadef tag"), body: nil, "creating metadef tag \(tag)")
    }

    /// PUT /v2/metadefs/namespaces/{namespace}/tags/{tag} {"name": newName}: renames a tag.
    /// Returns the tag.
    public func updateMetadefTag(namespace: String, tag: String, newName: String) throws(OSIError) -> JSON {
        let path = try memberPath(namespace, "tags", tag, what: "metadef tag")
        _ = try URLBuilder.segment(newName, what: "new metadef tag name")
        return try answer(.put, path, body: .object(["name": .string(newName)]), "renaming metadef tag \(tag)")
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/tags/{tag}.
    public func deleteMetadefTag(namespace: String, tag: String) throws(OSIError) {
        try delete(memberPath(namespace, "tags", tag, what: "metadef tag"))
    }

    /// POST /v2/metadefs/namespaces/{namespace}/tags {"tags": [{"name": ...}]} (201): replaces
    /// every tag of the namespace by `tags`, or with `append` adds them (header
    /// X-OpenStack-Append). Returns the tags the answer lists.
    public func setMetadefTags(namespace: String, tags: [String], append: Bool) throws(OSIError) -> [JSON] {
        let path = try namespacePath(namespace) + ["tags"]
        for tag in tags { _ = try URLBuilder.segment(tag, what: "metadef tag") }
        let body = JSON.object(["tags": .array(tags.map { .object(["name": .string($0)]) })])
        let headers = [("X-OpenStack-Append", append ? "True" : "False")]
        guard let answer = try sendJSON(.post, path, body: body, headers: headers), let listed = answer["tags"]?.array else {
            throw OSIError(.internal, "setting the tags of metadef namespace \(namespace) answered without the tags")
        }
        return listed
    }

    /// DELETE /v2/metadefs/namespaces/{namespace}/tags: every tag of the namespace.
    public func deleteAllMetadefTags(namespace: String) throws(OSIError) {
        try delete(namespacePath(namespace) + ["tags"])
    }

    // MARK: - Helpers

    /// The properties of a `GET .../properties` answer as a list, each with its "name".
    static func namedProperties(_ document: JSON) -> [JSON]? {
        guard let members = document["properties"]?.members else { return nil }
        return members.map { member in
            let property = member.value.isObject ? member.value.deepCopy() : JSON.object()
            property.set("name", .string(member.key))
            return property
        }
    }

    /// DELETE `segments`; with ignoreMissing a 404 is no error.
    func delete(_ segments: [String], ignoreMissing: Bool = false) throws(OSIError) {
        _ = try MissingResource.tolerated(ignoreMissing) { () throws(OSIError) in try sendJSON(.delete, segments, body: nil) }
    }

    /// Sends `body` and returns the JSON answer, which must be there.
    func answer(_ method: HTTPMethod, _ segments: [String], body: JSON?, _ what: String) throws(OSIError) -> JSON {
        guard let answer = try sendJSON(method, segments, body: body) else {
            throw OSIError(.internal, "\(what) answered without a body")
        }
        return answer
    }

    private func namespacePath(_ namespace: String) throws(OSIError) -> [String] {
        ["metadefs", "namespaces", try URLBuilder.segment(namespace, what: "metadef namespace")]
    }

    private func memberPath(_ namespace: String, _ collection: String, _ name: String, what: String) throws(OSIError) -> [String] {
        try namespacePath(namespace) + [collection, URLBuilder.segment(name, what: what)]
    }

    /// The required, non-empty string `key` of a create body (a JSON object).
    private func metadefName(_ attributes: JSON, key: String, what: String) throws(OSIError) -> String {
        guard attributes.isObject else { throw .invalidArgument("the \(what) attributes must be a JSON object") }
        guard let name = attributes[key]?.string, !name.isEmpty else {
            throw .invalidArgument("a \(what) needs a non-empty string '\(key)'")
        }
        _ = try URLBuilder.segment(name, what: "\(what) \(key)")
        return name
    }

    /// A copy of the update body `attributes` with `key` set to `name` unless given.
    private func withName(_ attributes: JSON, key: String, default name: String, what: String) throws(OSIError) -> JSON {
        guard attributes.isObject else { throw .invalidArgument("the \(what) attributes must be a JSON object") }
        let body = attributes.deepCopy()
        if body[key] == nil || body[key]?.isNull == true { body.set(key, .string(name)) }
        return body
    }
}
