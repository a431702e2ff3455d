/// Sharing an image with other projects: its members. An image is identified by its id and a
/// member by its project id; both are checked as path segments.
extension ImageClient {
    /// POST /v2/images/{id}/members {"member": project}: shares a `shared` image with a
    /// project, whose member status starts `pending`. A private image -> .forbidden; a project
    /// that is already a member -> .conflict. Returns the member.
    public func addMember(image id: String, member: String) throws(OSIError) -> JSON {
        let path = try membersPath(id)
        _ = try URLBuilder.segment(member, what: "member id")
        guard let created = try sendJSON(.post, path, body: .object(["member": .string(member)])) else {
            throw OSIError(.internal, "adding a member to image \(id) answered without the member")
        }
        return created
    }

    /// DELETE /v2/images/{id}/members/{member} (the owner stops sharing). 404 -> no error when
    /// ignoreMissing, else .notFound.
    public func removeMember(image id: String, member: String, ignoreMissing: Bool) throws(OSIError) {
        let path = try memberPath(id, member)
        _ = try MissingResource.tolerated(ignoreMissing) { () throws(OSIError) in try sendJSON(.delete, path, body: nil) }
    }

    /// GET /v2/images/{id}/members/{member}; not a member -> .notFound.
    public func getMember(image id: String, member: String) throws(OSIError) -> JSON {
        try getJSON(memberPath(id, member))
    }

    /// The member, or nil when the project is not a member and ignoreMissing is true (else
    /// .notFound). Members have no names, so this is one GET by id (openstacksdk then lists
    /// every member to match ids again, which finds nothing more).
    public func findMember(image id: String, member: String, ignoreMissing: Bool) throws(OSIError) -> JSON? {
        let path = try memberPath(id, member)
        return try session.call { () throws(OSIError) in
            try MissingResource.tolerated(ignoreMissing) { () throws(OSIError) in try getJSON(path) }
        }
    }

    /// GET /v2/images/{id}/members as a lazy list honouring `query` (see `MemberQuery`;
    /// Glance itself takes none). Fetched on the first `next()`.
    public func members(image id: String, query: JSON?) throws(OSIError) -> ListIterator {
        let path = try membersPath(id)
        let members = try MemberQuery(query)
        return ListIterator(client: self, url: url(path), collectionKey: "members", maxItems: members.maxItems,
                     paginated: false, filter: members.accepts)
    }

    /// PUT /v2/images/{id}/members/{member} {"status": status}: the member project accepts
    /// ("accepted"), rejects ("rejected") or defers ("pending") the image. Only the member may
    /// (the owner gets .forbidden). Returns the member.
    public func updateMember(image id: String, member: String, status: String) throws(OSIError) -> JSON {
        guard !status.isEmpty else { throw .invalidArgument("the member status must not be empty") }
        let path = try memberPath(id, member)
        guard let updated = try sendJSON(.put, path, body: .object(["status": .string(status)])) else {
            throw OSIError(.internal, "updating member \(member) of image \(id) answered without the member")
        }
        return updated
    }

    private func membersPath(_ id: String) throws(OSIError) -> [String] {
        ["images", try URLBuilder.segment(id, what: "image id"), "members"]
    }

    private func memberPath(_ id: String, _ member: String) throws(OSIError) -> [String] {
        try membersPath(id) + [URLBuilder.segment(member, what: "member id")]
    }
}
