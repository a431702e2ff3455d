/// The keys the loader reads, and the rewriting each source goes through before sources are
/// merged: `-` in a key becomes `_`, old names give way to current ones, and auth keys written
/// at the top level (as openstacksdk allows, and as OS_* variables arrive) move into `auth`,
/// where they win over the same key inside `auth`.
enum ConfigKeys {
    /// Keys of the `auth` section (the environment loader reads each from OS_<KEY>).
    static let auth = [
        "auth_url", "username", "user_id", "password", "user_domain_name", "user_domain_id",
        "project_name", "project_id", "project_domain_name", "project_domain_id",
        "domain_name", "domain_id", "token", "application_credential_id",
        "application_credential_name", "application_credential_secret", "endpoint",
    ]

    /// Top-level keys with a scalar value (the environment loader reads each from OS_<KEY>).
    static let settings = [
        "auth_type", "region_name", "interface", "image_interface", "image_endpoint_override",
        "image_service_type", "verify", "insecure", "cacert", "cert", "key", "connect_timeout",
        "stall_timeout", "api_timeout", "status_code_retries", "image_status_code_retries",
        "connect_retries", "app_name", "app_version",
        "max_pages", "max_response_size", "max_header_size", "min_transfer_rate", "min_transfer_rate_time", "max_retry_after",
    ]

    /// Old names and the key each stands for; the old one counts only when the new is unset.
    static let aliases = [
        (old: "tenant_name", new: "project_name"),
        (old: "tenant_id", new: "project_id"),
        (old: "endpoint_type", new: "interface"),
    ]

    /// Keys of the options object that choose files and clouds rather than set anything.
    static let control: Set<String> = ["cloud", "config_file", "secure_file"]

    /// One source's configuration in normalized form: a new object whose `auth` is always an
    /// object; `config` itself is not changed. Throws `.invalidArgument` when `auth` is not a mapping.
    static func normalized(_ config: JSON, source: ConfigSource) throws(OSIError) -> JSON {
        let result = JSON.object()
        let auth = JSON.object()
        if let section = config["auth"], !section.isNull {
            guard section.isObject else {
                throw source.typeError("auth", expected: "a mapping", found: section)
            }
            copyMembers(of: section, into: auth)
        }
        copyMembers(of: config, into: result)
        result.remove("auth")
        for key in control { result.remove(key) }
        applyAliases(to: auth)
        applyAliases(to: result)
        for key in self.auth {
            if let value = result[key] {
                auth.set(key, value)
                result.remove(key)
            }
        }
        result.set("auth", auth)
        return result
    }

    /// Copies the members of `object` into `target` with `-` in keys changed to `_`.
    private static func copyMembers(of object: JSON, into target: JSON) {
        for (key, value) in object.members ?? [] {
            target.set(key.replacingOccurrences(of: "-", with: "_"), value)
        }
    }

    /// Gives each unset (or null) current key the value of its old name, and drops the old name.
    private static func applyAliases(to object: JSON) {
        for (old, new) in aliases {
            guard let value = object[old] else { continue }
            if object[new]?.isNull ?? true { object.set(new, value) }
            object.remove(old)
        }
    }
}
