/// The state a parallel download's worker threads share with the calling thread: which part
/// a worker fetches next, how much of each part has arrived, how far the calling thread has
/// taken the bytes in order (hashed, and handed to a sink that takes bytes in order), and the
/// first failure. Everything is guarded by one lock; no user code runs under it (the
/// callers of these methods run user code only after they return).
///
/// Two kinds, by where the parts' bytes go:
///  - in order (`capacity` > 0): the window holds the bytes from the taken position up to
///    `capacity` bytes past it, in a ring; a worker whose next byte is past that edge waits
///    for the calling thread to take bytes. The memory is the ring: `capacity` bytes,
///    whatever the image's size.
///  - at offsets (`capacity` 0): the workers write their parts into a file at their offsets
///    and the window holds no bytes; the calling thread reads the contiguous prefix back to
///    hash it. A part may only start within `lead` bytes of the taken position, which bounds
///    how far hashing lags behind.
final class ReorderWindow: @unchecked Sendable {
    // Sendable: every variable field is touched only under `lock`; the ring's bytes are
    // written by the one worker that owns a range not yet taken and read by the calling
    // thread only after `arrived` published them under the lock.

    /// One ranged request: bytes `first...last` of the image.
    struct Part: Sendable {
        let index: Int
        let first: Int64
        let length: Int64
        var last: Int64 { first + length - 1 }
    }

    /// What the first part's answer showed about the server.
    enum FirstAnswer: Sendable { case ranged, whole }

    /// What the calling thread finds when it looks: bytes up to `end` are there in order,
    /// `received` in all; the failure that stopped the download, if one did.
    struct Snapshot {
        var end: Int64
        var received: Int64
        var failure: OSIError?
        var stopped: Bool
    }

    /// The image's size, the size of the parts, and their number. The last `tail` bytes
    /// (about one part per connection) come in parts of `tailPartSize`, so the connections
    /// finish close together and little is left to hash after the last byte.
    let size: Int64
    let partSize: Int64
    let tailPartSize: Int64
    let partCount: Int
    /// Where the tail's smaller parts start, and how many full-size parts come before.
    private let tailStart: Int64
    private let regularCount: Int
    /// The ring's bytes (in order), or 0 (at offsets).
    let capacity: Int
    /// How far past the taken position a part may start.
    let lead: Int64
    private let ring: UnsafeMutableRawBufferPointer?
    private let lock = ConditionLock()
    private var claimed = 0
    /// Bytes arrived of each claimed part that is not complete.
    private var filled: [Int: Int64] = [:]
    /// Complete parts above `lowest`.
    private var complete: Set<Int> = []
    /// The first part not complete.
    private var lowest = 0
    private var taken: Int64 = 0
    private var received: Int64 = 0
    private var peak: Int64 = 0
    private var failure: OSIError?
    private var stopped = false
    private var firstAnswer: FirstAnswer?

    /// A window over an image of `size` bytes (> 0) in parts of `partSize` bytes (> 0),
    /// the last `tail` bytes in parts of `tailPartSize` (> 0); `capacity` bytes of ring for
    /// in-order delivery (0: the parts go to a file), `lead` for parts written at offsets.
    init(size: Int64, partSize: Int64, tail: Int64 = 0, tailPartSize: Int64? = nil, capacity: Int, lead: Int64) {
        self.size = size
        self.partSize = partSize
        self.tailPartSize = tailPartSize ?? partSize
        regularCount = Int(max(0, size - tail) / partSize)
        tailStart = Int64(regularCount) * partSize
        let rest = size - tailStart
        partCount = regularCount + Int(rest / self.tailPartSize) + (rest % self.tailPartSize == 0 ? 0 : 1)
        self.capacity = capacity
        self.lead = capacity > 0 ? Int64(capacity) : lead
        ring = capacity > 0 ? UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64) : nil
    }

    deinit { ring?.deallocate() }

    /// The most bytes the ring held at once (arrived and not yet taken); 0 at offsets.
    var peakHeld: Int64 { lock.locked { peak } }

    var isStopped: Bool { lock.locked { stopped } }

    private func part(_ index: Int) -> Part {
        let first = index < regularCount ? Int64(index) * partSize : tailStart + Int64(index - regularCount) * tailPartSize
        return Part(index: index, first: first, length: min(index < regularCount ? partSize : tailPartSize, size - first))
    }

    /// The end of the bytes that are there in order.
    private var contiguousEnd: Int64 {
        lowest >= partCount ? size : part(lowest).first + (filled[lowest] ?? 0)
    }

    // MARK: - Worker threads

    /// The next part to fetch, waiting while it would start more than `lead` bytes past the
    /// taken position; nil when every part is claimed or the download stopped.
    func claim() -> Part? {
        let next: Part? = lock.wait(until: {
            stopped || claimed >= partCount || part(claimed).first - taken < lead
        }) {
            guard !stopped, claimed < partCount else { return nil }
            let next = part(claimed)
            filled[claimed] = 0
            claimed += 1
            return next
        }
        lock.broadcast()
        return next
    }

    /// In order: how many of `wanted` bytes from image offset `offset` fit in the ring now,
    /// waiting for room; nil when the download stopped.
    func room(at offset: Int64, wanted: Int) -> Int? {
        lock.wait(until: { stopped || offset - taken < Int64(capacity) }) {
            stopped ? nil : Int(min(Int64(wanted), Int64(capacity) - (offset - taken)))
        }
    }

    /// Copies `bytes` into the ring at image offset `offset`; the range must be one `room`
    /// granted to the caller's part.
    func store(_ bytes: UnsafeRawBufferPointer, at offset: Int64) {
        guard let base = ring?.baseAddress, let source = bytes.baseAddress, capacity > 0 else { return }
        let start = Int(offset % Int64(capacity))
        let head = min(bytes.count, capacity - start)
        (base + start).copyMemory(from: source, byteCount: head)
        if head < bytes.count { base.copyMemory(from: source + head, byteCount: bytes.count - head) }
    }

    /// Records `count` more bytes of `part` (stored in the ring, or written to the file).
    func arrived(_ part: Part, _ count: Int) {
        lock.locked {
            let now = (filled[part.index] ?? 0) + Int64(count)
            received += Int64(count)
            if capacity > 0 { peak = max(peak, received - taken) }
            if now >= part.length {
                filled[part.index] = nil
                complete.insert(part.index)
                while complete.remove(lowest) != nil { lowest += 1 }
            } else {
                filled[part.index] = now
            }
        }
        lock.broadcast()
    }

    /// The first part's answer was a range: the other workers may start.
    func answeredRanged() {
        lock.locked { if firstAnswer == nil { firstAnswer = .ranged } }
        lock.broadcast()
    }

    /// The first part's answer was the whole image (HTTP 200): stops the download, so the
    /// caller falls back to one stream. False (nothing changed) when an answer came before.
    func answeredWhole() -> Bool {
        let first = lock.locked { () -> Bool in
            guard firstAnswer == nil, !stopped else { return false }
            firstAnswer = .whole
            stopped = true
            return true
        }
        lock.broadcast()
        return first
    }

    /// A worker's failure: the first one while the download runs is the download's; the
    /// others stop with it.
    func fail(_ error: OSIError) {
        lock.locked {
            if !stopped { failure = error }
            stopped = true
        }
        lock.broadcast()
    }

    // MARK: - The calling thread

    /// Waits for the first part's answer; nil when the download stopped without one.
    func awaitFirstAnswer() -> FirstAnswer? {
        lock.wait(until: { firstAnswer != nil || stopped }) { firstAnswer }
    }

    /// Waits at most `seconds` for at least `batch` bytes past the taken position (or the
    /// rest of the image, or a failure); what is there after the wait either way.
    func await(atMost seconds: Double, batch: Int64) -> Snapshot {
        lock.wait(until: { stopped || contiguousEnd - taken >= min(batch, size - taken) && contiguousEnd > taken },
                  atMost: seconds) {
            Snapshot(end: contiguousEnd, received: received, failure: failure, stopped: stopped)
        }
    }

    /// In order: the ring's bytes from `from` to `to` (at most `capacity` apart, both there
    /// in order), in one or two pieces.
    func bytes(from: Int64, to: Int64) -> [UnsafeRawBufferPointer] {
        guard let ring, let base = ring.baseAddress, to > from, capacity > 0 else { return [] }
        let start = Int(from % Int64(capacity))
        let count = Int(to - from)
        let head = min(count, capacity - start)
        var pieces = [UnsafeRawBufferPointer(start: base + start, count: head)]
        if head < count { pieces.append(UnsafeRawBufferPointer(start: base, count: count - head)) }
        return pieces
    }

    /// The calling thread has taken every byte before `end`: its room is free again.
    func take(upTo end: Int64) {
        lock.locked { taken = max(taken, end) }
        lock.broadcast()
    }

    /// Stops the workers (after a failure of the calling thread's own, or an abort).
    func stop() {
        lock.locked { stopped = true }
        lock.broadcast()
    }
}
