/// What `createImage` is asked to do, checked before any request. openstacksdk's
/// create_image keywords, with its defects fixed (see `ImageClient.createImage`).
public struct CreateImageOptions {
    /// A file to upload (instead of a source); names the image when no name is given.
    public var filename: String?
    /// The "container" part of `owner_specified.openstack.object` (default "images").
    public var container = "images"
    /// The md5 of the data, when the caller knows it (lowercase hex).
    public var md5: String?
    /// The sha256 of the data, when the caller knows it (lowercase hex).
    public var sha256: String?
    /// nil: guessed from the file name or the data (see `DiskFormat`), else "raw".
    public var diskFormat: String?
    /// The container format (default "bare").
    public var containerFormat = "bare"
    /// Tags of the new image.
    public var tags: [String] = []
    /// Whether a new image is made even when one with the same name and hashes exists.
    public var allowDuplicates = false
    /// Merged last, sent exactly as given (no conversion).
    public var meta: JSON?
    /// Wait until the image is active.
    public var wait = false
    /// How long and how often to poll while waiting ("timeout", default 3600 s; "interval",
    /// default 2 s).
    public var waiting = WaitOptions.createImage
    /// Compare the server's checksum with the data's after the upload (implies waiting on
    /// an import, whose checksum only exists at the end).
    public var validateChecksum = false
    /// Import instead of a direct upload; implied by an import method, stores, all_stores or
    /// all_stores_must_succeed.
    public var useImport = false
    /// The import (method glance-direct unless given).
    public var importOptions = ImportOptions()
    /// Every other key: image attributes and custom properties (see `ImagePatch`).
    public var attributes = JSON.object()

    /// The defaults above: no data, no import, duplicates looked for, no wait.
    public init() {}

    /// The keys that are options rather than image attributes.
    static let optionKeys: Set<String> = [
        "filename", "container", "md5", "sha256", "disk_format", "container_format", "tags", "allow_duplicates",
        "meta", "wait", "timeout", "interval", "validate_checksum", "use_import", "disable_vendor_agent",
    ]
    /// Keys that were renamed: refused with their new name, never taken for image properties.
    static let renamedKeys = ["poll_interval": "interval"]
    /// The keys that describe the import.
    static let importKeys: Set<String> = [
        "import_method", "method", "uri", "remote_region", "remote_image_id", "remote_service_interface", "store", "stores",
        "all_stores", "all_stores_must_succeed",
    ]

    /// Options from a JSON object (nil for none): the option keys above, the import keys of
    /// `ImportOptions`, and image attributes. Refuses wrong types, read-only attributes
    /// ("size" comes from the data), and contradictions, before any request.
    public static func from(_ json: JSON?) throws(OSIError) -> CreateImageOptions {
        var options = CreateImageOptions()
        guard let json, !json.isNull else { return options }
        guard let members = json.members else { throw .invalidArgument("the create options must be a JSON object") }
        let own = JSON.object()
        let importPart = JSON.object()
        let attributes = JSON.object()
        for (key, value) in members {
            if let renamed = renamedKeys[key] {
                throw .invalidArgument("create option '\(key)' is now called '\(renamed)'")
            }
            if optionKeys.contains(key) {
                own.set(key, value)
            } else if importKeys.contains(key) {
                importPart.set(key, value)
            } else if key == "size" {
                throw .invalidArgument("create option 'size' is not needed: the size comes from the source")
            } else {
                attributes.set(key, value)
            }
        }
        let given = try OptionsObject(own, what: "create option", known: optionKeys)
        options.filename = try given.string("filename")
        options.container = try given.string("container") ?? options.container
        options.md5 = try given.string("md5")?.asciiLowercased()
        options.sha256 = try given.string("sha256")?.asciiLowercased()
        options.diskFormat = try given.string("disk_format")
        options.containerFormat = try given.string("container_format") ?? options.containerFormat
        options.tags = try given.strings("tags") ?? []
        options.allowDuplicates = try given.bool("allow_duplicates") ?? false
        if let meta = own["meta"], !meta.isNull {
            guard meta.isObject else { throw .invalidArgument("create option 'meta' must be a JSON object") }
            options.meta = meta
        }
        options.wait = try given.bool("wait") ?? false
        options.waiting = try options.waiting.reading(own, given)
        options.validateChecksum = try given.bool("validate_checksum") ?? false
        _ = try given.bool("disable_vendor_agent")
        let explicitImport = try given.bool("use_import")
        options.importOptions = try ImportOptions.from(importPart)
        let impliesImport = importPart.members?.contains { !$0.value.isNull } ?? false
        if explicitImport == false && impliesImport {
            throw .invalidArgument("use_import is false, but an import method, uri, remote_* or store option asks for an import")
        }
        options.useImport = explicitImport ?? impliesImport
        _ = try ImagePatch(attributes)
        options.attributes = attributes
        return options
    }
}
