/// The query of a member list. Glance's `GET /v2/images/{id}/members` takes no query at all
/// (openstacksdk drops it silently), so osimage honours it on the client: each key is an
/// exact match on the members' field of that name: `status` (pending, accepted, rejected;
/// "all" matches any), `member_id` (or `member`), `created_at`, `updated_at`; `max_items`
/// stops after that many. Other keys are refused.
struct MemberQuery {
    private(set) var matches: [(key: String, value: String)] = []
    private(set) var maxItems: Int?

    /// Parses `query` (nil, null or an object).
    init(_ query: JSON?) throws(OSIError) {
        let given = try OptionsObject(query, what: "member query",
                                      known: ["status", "member_id", "member", "created_at", "updated_at", "max_items"])
        if let status = try given.string("status"), status != "all" { matches.append(("status", status)) }
        let member = try given.string("member_id")
        let alias = try given.string("member")
        if let member, let alias, member != alias { throw .invalidArgument("member query 'member' and 'member_id' disagree") }
        if let id = member ?? alias { matches.append(("member_id", id)) }
        for key in ["created_at", "updated_at"] {
            if let value = try given.string(key) { matches.append((key, value)) }
        }
        if let count = try given.count("max_items") { maxItems = count }
    }

    /// Whether `member` matches every key of the query.
    func accepts(_ member: JSON) -> Bool {
        matches.allSatisfy { member[$0.key]?.string == $0.value }
    }
}
