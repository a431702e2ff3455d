/// The query of a list call, from the caller's JSON object.
///
/// Every key is sent as a query parameter (Glance filters on any image property, e.g.
/// `os_distro`), under its wire name when the key is an openstacksdk alias (`is_hidden` ->
/// `os_hidden`). Arrays become repeated keys, booleans `true`/`false`, null is skipped.
/// Two keys stay local: `max_items` (stop after that many items) and `paginated` (false:
/// first page only). Without a `limit`, pages of `defaultLimit` items keep round trips few.
struct ListQuery {
    var parameters: [(String, String)] = []
    var maxItems: Int?
    var paginated = true

    /// Parses `query` (NULL or an object).
    init(_ query: JSON?, aliases: [String: String] = [:], defaultLimit: Int?) throws(OSIError) {
        guard let query, !query.isNull else {
            if let defaultLimit { parameters.append(("limit", String(defaultLimit))) }
            return
        }
        guard let members = query.members else { throw .invalidArgument("the query must be a JSON object") }
        for (key, value) in members {
            switch key {
            case "max_items":
                guard let count = value.int, count >= 0 else { throw .invalidArgument("max_items must be a non-negative integer") }
                maxItems = Int(count)
            case "limit":
                guard let count = value.int, count >= 1 else { throw .invalidArgument("limit must be an integer >= 1 and <= \(Int64.max)") }
                parameters.append(("limit", String(count)))
            case "paginated":
                guard let flag = value.bool else { throw .invalidArgument("paginated must be a boolean") }
                paginated = flag
            default:
                let name = aliases[key] ?? key
                for text in try Self.texts(of: value, key: key) { parameters.append((name, text)) }
            }
        }
        if let defaultLimit, !parameters.contains(where: { $0.0 == "limit" }) {
            let limit = maxItems.map { max(1, min($0, defaultLimit)) } ?? defaultLimit
            parameters.append(("limit", String(limit)))
        }
    }

    private static func texts(of value: JSON, key: String) throws(OSIError) -> [String] {
        if value.isNull { return [] }
        if let text = value.scalarText { return [text] }
        if let elements = value.array {
            var texts: [String] = []
            for element in elements {
                guard let text = element.scalarText else { throw .invalidArgument("query '\(key)' may only hold strings, numbers and booleans") }
                texts.append(text)
            }
            return texts
        }
        throw .invalidArgument("query '\(key)' must be a string, number, boolean or an array of them")
    }
}
