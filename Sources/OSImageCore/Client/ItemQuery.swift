/// The query of a list Glance does not filter (resource types, resource type associations,
/// properties): each key is an exact match on the items' field of that name, compared as
/// JSON (as openstacksdk filters metadef properties on the client), and `max_items` stops
/// after that many. Nothing of it is sent.
struct ItemQuery {
    private(set) var matches: [(key: String, value: JSON)] = []
    private(set) var maxItems: Int?

    /// Parses `query` (nil, null or an object); `what` names the list in error messages.
    init(_ query: JSON?, what: String) throws(OSIError) {
        guard let query, !query.isNull else { return }
        guard let members = query.members else { throw .invalidArgument("the \(what) query must be a JSON object") }
        for (key, value) in members {
            if key == "max_items" {
                guard let count = value.int, count >= 0, let items = Int(exactly: count) else {
                    throw .invalidArgument("max_items must be a non-negative integer")
                }
                maxItems = items
            } else {
                matches.append((key, value))
            }
        }
    }

    /// Whether `item` matches every key of the query.
    func accepts(_ item: JSON) -> Bool {
        matches.allSatisfy { match in item[match.key].map { $0.isEqual(to: match.value) } ?? false }
    }
}
