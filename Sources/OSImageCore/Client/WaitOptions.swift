/// How long and how often a wait polls, and (for tasks) which statuses end it in failure:
/// the "timeout", "interval" and "failures" keys of osi_wait_for_image, osi_wait_for_task
/// and osi_create_image's options, with each wait's defaults in one place.
public struct WaitOptions: Sendable, Equatable {
    /// Seconds before `.timeout`; infinity waits without limit.
    public var timeout: Double
    /// Seconds between polls (raised to `Poller.shortestInterval`).
    public var interval: Double
    /// Statuses that end a task wait with `.taskFailed` (compared ignoring case).
    public var failures: [String]

    public init(timeout: Double, interval: Double, failures: [String] = []) {
        self.timeout = timeout
        self.interval = interval
        self.failures = failures
    }

    /// osi_wait_for_image's defaults: no time limit, a poll every 2 s.
    public static let image = WaitOptions(timeout: .infinity, interval: 2)
    /// osi_wait_for_task's defaults, openstacksdk's: 120 s, a poll every 2 s, "failure" fails.
    public static let task = WaitOptions(timeout: 120, interval: 2, failures: ["failure"])
    /// osi_create_image's "wait" defaults: 3600 s, a poll every 2 s.
    public static let createImage = WaitOptions(timeout: 3600, interval: 2)
    /// copy_image's wait for a glance-download import: 3600 s, a poll every second.
    public static let copyImport = WaitOptions(timeout: 3600, interval: 1)

    /// osi_wait_for_status's and osi_wait_for_delete's defaults: no time limit, a poll every
    /// 2 s, "error" fails (openstacksdk's failures=['ERROR']).
    public static let resource = WaitOptions(timeout: .infinity, interval: 2, failures: ["error"])

    /// The keys of an image wait's options (and of create_image's waiting).
    static let keys: Set<String> = ["timeout", "interval"]
    /// The keys of a task wait's options.
    static let taskKeys: Set<String> = keys.union(["failures"])

    /// An image wait's options from a JSON object (nil: all defaults): "timeout" (a number
    /// >= 0, or null for no limit) and "interval" (a number >= 0); other keys are refused.
    public static func forImage(_ json: JSON?) throws(OSIError) -> WaitOptions {
        try image.reading(json, OptionsObject(json, what: "wait option", known: keys))
    }

    /// A task wait's options from a JSON object (nil: all defaults): "timeout", "interval"
    /// as for images, and "failures" (an array of strings); other keys are refused.
    public static func forTask(_ json: JSON?) throws(OSIError) -> WaitOptions {
        try task.reading(json, OptionsObject(json, what: "wait option", known: taskKeys))
    }

    /// osi_wait_for_status's options: "timeout", "interval", "failures" as for tasks, and
    /// "attribute" (the field compared, default "status"); other keys are refused.
    public static func forStatus(_ json: JSON?) throws(OSIError) -> (options: WaitOptions, attribute: String) {
        let given = try OptionsObject(json, what: "wait option", known: taskKeys.union(["attribute"]))
        return (try resource.reading(json, given), try given.string("attribute") ?? "status")
    }

    /// osi_wait_for_delete's options: "timeout" and "interval"; other keys are refused.
    public static func forDelete(_ json: JSON?) throws(OSIError) -> WaitOptions {
        try resource.reading(json, OptionsObject(json, what: "wait option", known: keys))
    }

    /// These defaults overridden by "timeout", "interval" and "failures" of `json`, read
    /// through `given` (which has checked the keys, so "failures" is there only where a wait
    /// takes it): a null "timeout" means no limit.
    func reading(_ json: JSON?, _ given: OptionsObject) throws(OSIError) -> WaitOptions {
        var options = self
        if let json, json.isObject, let timeout = json["timeout"], timeout.isNull {
            options.timeout = .infinity
        } else if let timeout = try given.number("timeout", atLeast: 0) {
            options.timeout = timeout
        }
        options.interval = try given.number("interval", atLeast: 0) ?? options.interval
        options.failures = try given.strings("failures") ?? options.failures
        return options
    }
}
