/// create_image: make an image record and give it data, by upload or import, the way
/// openstacksdk's create_image does, with its defects fixed.
extension ImageClient {
    /// Creates an image named `name` (nil: the base name of `options.filename` or of a file
    /// source, without its extension) with data from `source` or `options.filename` (never
    /// both), or by a web-download/glance-download import, or with no data at all.
    ///
    /// Steps: every option is checked first (contradictions refused, no request made; an
    /// import method the cloud does not offer -> `.unsupported` before the image exists).
    /// Unless `allowDuplicates`, an active image with the same name whose
    /// `owner_specified.openstack.md5`/`sha256` match the data (and none differs) is returned
    /// as it is. The POST body carries the attributes (typed ones as given, custom properties
    /// as strings), `tags`, `disk_format` (guessed when not given: see `DiskFormat`),
    /// `container_format` (bare), the bookkeeping properties `owner_specified.openstack.md5`,
    /// `.sha256` and `.object` ("<container>/<name>"), and `meta` on top, unconverted. Then:
    /// a direct upload (PUT /file), or glance-direct (PUT /stage + import), or a
    /// web-download/glance-download import; `wait` waits until active, failing fast with
    /// `.taskFailed` when the image is killed or its import fails; `validateChecksum` compares
    /// the server's checksum with the data's. If anything fails after the POST, the image is
    /// deleted before the error is thrown.
    ///
    /// Hashes: duplicate detection needs them before the POST, so a rewindable source (file,
    /// seekable descriptor, memory) is hashed (md5 + sha256) in one extra read first: cheaper
    /// than uploading gigabytes that already exist. A read-once source cannot be read twice,
    /// so it is hashed as it is uploaded and its bookkeeping properties are set afterwards;
    /// its duplicate check can only use `md5`/`sha256` given in the options.
    public func createImage(name: String?, options: CreateImageOptions, source: DataSource? = nil,
                            progress: ProgressObserver? = nil) throws(OSIError) -> JSON {
        let plan = try CreatePlan(name: name, options: options, source: source)
        if options.useImport { try requireImportSupport(options.importOptions, note: "; no image was created") }
        var hashes = plan.givenHashes
        if !options.allowDuplicates {
            if plan.data != nil, hashes.isEmpty, let computed = try plan.data?.hashes([.md5, .sha256]) { hashes = computed }
            // Bounded like a find: max_pages per listing, one api_timeout for the whole check.
            let name = plan.name
            if let existing = try session.call({ () throws(OSIError) in try upToDateImage(named: name, hashes: hashes) }) {
                return existing
            }
        }
        guard let created = try sendJSON(.post, ["images"], body: plan.body(hashes: hashes)),
              let id = created["id"]?.string else {
            throw OSIError(.internal, "POST /v2/images answered without an image id")
        }
        do {
            return try giveData(to: id, plan: plan, knownHashes: hashes, progress: progress)
        } catch {
            do {
                try deleteImage(id, ignoreMissing: true)
            } catch let cleanup {
                throw error.prefixed("image \(id) was created but could not be deleted (\(cleanup.message))")
            }
            throw error.prefixed("image \(id) was deleted after the failure")
        }
    }

    /// Uploads or imports the data, records hashes found on the way, waits and validates.
    private func giveData(to id: String, plan: CreatePlan, knownHashes: [HashAlgorithm: String],
                          progress: ProgressObserver?) throws(OSIError) -> JSON {
        let options = plan.options
        let wanted: [HashAlgorithm] = knownHashes.isEmpty && plan.data != nil ? [.md5, .sha256] : []
        var hashes = knownHashes
        if let data = plan.data {
            let target = options.useImport ? "stage" : "file"
            let sent = try putData(id, target, source: data, hashing: wanted, progress: progress)
            hashes.merge(sent) { given, _ in given }
        }
        // Before the import starts: a PATCH while Glance's import task runs can write the
        // image back as "uploading" under it, and the import then fails ("uploading to active").
        if !wanted.isEmpty {
            _ = try updateImage(id, changes: .object(["owner_specified.openstack.md5": .string(hashes[.md5] ?? ""),
                                                      "owner_specified.openstack.sha256": .string(hashes[.sha256] ?? "")]))
        }
        if options.useImport { try startImport(id, options.importOptions) }
        var waited: JSON?
        if options.wait || (options.validateChecksum && options.useImport) {
            waited = try waitForImage(id, status: "active", options: options.waiting)
        }
        let image = if let waited { waited } else { try getImage(id) }
        if options.validateChecksum {
            try Self.checkServerChecksum(of: image, md5: hashes[.md5], sha256: hashes[.sha256])
        }
        return image
    }

    /// An active image named `name` whose bookkeeping hashes match `hashes` (at least one
    /// equal, none different), or nil. Hidden images count; legacy `owner_specified.shade.*`
    /// keys are read too.
    private func upToDateImage(named name: String, hashes: [HashAlgorithm: String]) throws(OSIError) -> JSON? {
        guard !hashes.isEmpty else { return nil }
        for image in try imagesNamed(name) where image["status"]?.string == "active" {
            var matched = false
            var differs = false
            for (algorithm, value) in hashes {
                let recorded = image["owner_specified.openstack.\(algorithm.name)"]?.string
                    ?? image["owner_specified.shade.\(algorithm.name)"]?.string ?? ""
                if recorded == value { matched = true } else { differs = true }
            }
            if matched && !differs { return image }
        }
        return nil
    }
}

/// A create_image call worked out before any request: the name, the data, the body.
private struct CreatePlan {
    let name: String
    let options: CreateImageOptions
    let data: DataSource?
    let diskFormat: String

    init(name: String?, options: CreateImageOptions, source: DataSource?) throws(OSIError) {
        if source != nil && options.filename != nil {
            throw .invalidArgument("give the data either as a source or as the 'filename' option, not both")
        }
        var data = source
        if let filename = options.filename { data = try DataSource.file(path: filename) }
        let method = options.importOptions.method
        if options.useImport {
            switch method {
            case "copy-image":
                throw .invalidArgument("copy-image copies an existing image into more stores: use import_image on it, "
                    + "not create_image")
            case "glance-direct":
                guard data != nil else { throw .invalidArgument("the glance-direct import needs data: a source or 'filename'") }
            default:
                guard data == nil else { throw .invalidArgument("the \(method) import fetches its own data: give no source or 'filename'") }
            }
        }
        let hasGivenHash = options.md5 != nil || options.sha256 != nil
        if options.validateChecksum && data == nil && !hasGivenHash {
            throw .invalidArgument("validate_checksum needs data or a given md5/sha256 to compare with")
        }
        let path = options.filename ?? data?.path
        guard let resolved = name ?? path.map(Self.imageName(fromPath:)), !resolved.isEmpty else {
            throw .invalidArgument("name must not be NULL or empty unless the data comes from a file")
        }
        self.name = resolved
        self.options = options
        self.data = data
        let header = try data?.peek(512)
        self.diskFormat = options.diskFormat ?? DiskFormat.byName(path ?? options.importOptions.uri)
            ?? header.flatMap(DiskFormat.byMagic) ?? DiskFormat.raw
    }

    /// The hashes given in the options.
    var givenHashes: [HashAlgorithm: String] {
        var hashes: [HashAlgorithm: String] = [:]
        if let md5 = options.md5 { hashes[.md5] = md5 }
        if let sha256 = options.sha256 { hashes[.sha256] = sha256 }
        return hashes
    }

    /// The POST /v2/images body.
    func body(hashes: [HashAlgorithm: String]) throws(OSIError) -> JSON {
        let body = try ImagePatch(options.attributes).attributes
        body.set("name", .string(name))
        body.set("disk_format", .string(diskFormat))
        body.set("container_format", .string(options.containerFormat))
        if !options.tags.isEmpty { body.set("tags", .strings(options.tags)) }
        body.set("owner_specified.openstack.md5", .string(hashes[.md5] ?? ""))
        body.set("owner_specified.openstack.sha256", .string(hashes[.sha256] ?? ""))
        body.set("owner_specified.openstack.object", .string("\(options.container)/\(name)"))
        for (key, value) in options.meta?.members ?? [] { body.set(key, value) }
        return body
    }

    /// "/x/cirros.qcow2" -> "cirros".
    static func imageName(fromPath path: String) -> String {
        let base = FileIO.baseName(of: path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }
}
