/// What one poll of a wait saw.
enum Poll {
    /// The wait is over; the resource as last seen (nil when it is gone).
    case done(JSON?)
    /// Not yet: the resource and its status (reported if the wait times out).
    case pending(JSON, status: String)
}

/// Repeats a check until it is done or time runs out, sleeping between checks on the calling
/// thread without holding any lock, so other calls on the same connection go on meanwhile.
struct Poller {
    /// Intervals below this are raised to it, to spare the server.
    static let shortestInterval = 0.1

    let timeout: Double
    let interval: Double
    let progress: ((JSON) -> Bool)?

    /// A poller giving up after `timeout` seconds (infinity: never; `Bounds.timeoutOrNoLimit`)
    /// and checking every `interval` seconds (`Bounds.interval`); other values ->
    /// `.invalidArgument` naming the key and the range. `progress` sees the resource after
    /// every check and returns false to stop the wait with `.aborted`.
    init(timeout: Double, interval: Double, progress: ((JSON) -> Bool)?) throws(OSIError) {
        guard Bounds.timeoutOrNoLimit.contains(timeout) else { throw .invalidArgument("the wait " + Bounds.timeoutOrNoLimit.refusal("timeout")) }
        guard Bounds.interval.contains(interval) else { throw .invalidArgument("the poll " + Bounds.interval.refusal("interval")) }
        self.timeout = timeout
        self.interval = max(interval, Self.shortestInterval)
        self.progress = progress
    }

    /// Calls `check` at once and then every `interval` seconds until it returns `.done`, and
    /// returns that resource. `check` throws to end the wait with its error. After `timeout`
    /// seconds -> `.timeout` saying what was awaited (`what`) and the last status seen.
    func wait(for what: String, _ check: () throws(OSIError) -> Poll) throws(OSIError) -> JSON? {
        let deadline = Clock.monotonic() + timeout
        while true {
            let status: String
            switch try check() {
            case .done(let resource):
                if let resource { try report(resource) }
                return resource
            case .pending(let resource, let seen):
                try report(resource)
                status = seen
            }
            let left = deadline - Clock.monotonic()
            guard left > 0 else {
                throw OSIError(.timeout, "timed out after \(timeout) s waiting for \(what); the last status was '\(status)'")
            }
            Clock.sleep(seconds: min(interval, left))
        }
    }

    private func report(_ resource: JSON) throws(OSIError) {
        if let progress, !progress(resource) { throw OSIError(.aborted, "the wait's callback asked to stop") }
    }
}
