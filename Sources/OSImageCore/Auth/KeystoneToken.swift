/// A scoped Keystone token and what came with it.
public struct KeystoneToken: Sendable {
    /// The token itself, sent as X-Auth-Token. Never logged, never put in a message.
    let value: String
    /// When the token stops working (seconds since the epoch), if Keystone said.
    public let expiresAt: Double?
    /// The service catalog of the token's scope.
    public let catalog: JSON?
    /// The project the token is scoped to.
    public let projectID: String?
    /// The user the token belongs to.
    public let userID: String?

    /// Whether the token expires within `margin` seconds (false when the expiry is unknown).
    func expires(within margin: Double) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt - Clock.wallClock() < margin
    }
}
