import Glibc

/// Hashes a stream of bytes on a second thread, beside the thread that moves the bytes, so a
/// verified transfer takes about as long as the slower of the two instead of their sum.
///
/// The moving thread copies its chunks into blocks (`blockSize` bytes, at most `depth` of
/// them in flight: constant memory; 256 KiB x 16 measured faster than 1 MiB x 4, the blocks
/// staying warmer in the caches) and hands full blocks to the hashing thread. A stream
/// shorter than one block is hashed on the calling thread and starts no thread. Used by one
/// thread at a time (the one moving the bytes); the hashing thread is internal.
final class BackgroundDigest {
    /// The algorithms computed.
    let algorithms: [HashAlgorithm]
    private let worker: DigestWorker
    private let blockSize: Int
    private var filling: UnsafeMutableRawPointer?
    private var filled = 0
    private var thread: pthread_t?
    /// Bytes given since the last reset.
    private(set) var count: Int64 = 0

    /// A digest of `algorithms`; throws when OpenSSL cannot compute one of them.
    init(_ algorithms: [HashAlgorithm], blockSize: Int = 256 << 10, depth: Int = 16) throws(OSIError) {
        var digests: [Digest] = []
        for algorithm in algorithms { digests.append(try Digest.make(algorithm)) }
        self.algorithms = algorithms
        self.blockSize = blockSize
        self.worker = DigestWorker(digests: digests, blockSize: blockSize, depth: depth)
    }

    deinit {
        stopThread()
        if let filling { worker.giveBack(filling) }
    }

    /// Adds bytes; blocks only while every block is still being hashed.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        count += Int64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let block = filling ?? worker.takeSpare()
            filling = block
            let length = min(blockSize - filled, bytes.count - offset)
            memcpy(block + filled, source + offset, length)
            filled += length
            offset += length
            if filled == blockSize { submit() }
        }
    }

    /// Forgets every byte given so far (a retried transfer starts over).
    func reset() {
        if let filling { worker.giveBack(filling) }
        filling = nil
        filled = 0
        count = 0
        if thread != nil { worker.post(.reset) } else { worker.digests.forEach { $0.reset() } }
    }

    /// The lowercase hex digests of everything given since the last reset, by algorithm.
    /// The digest is empty again afterwards.
    func finish() -> [HashAlgorithm: String] {
        if thread != nil {
            if filled > 0 { submit() }
            stopThread()
        } else if let filling {
            let bytes = UnsafeRawBufferPointer(start: filling, count: filled)
            worker.digests.forEach { $0.update(bytes) }
        }
        if let filling { worker.giveBack(filling) }
        filling = nil
        filled = 0
        count = 0
        var result: [HashAlgorithm: String] = [:]
        for digest in worker.digests { result[digest.algorithm] = digest.finishHex() }
        return result
    }

    private func submit() {
        guard let block = filling else { return }
        if thread == nil { startThread() }
        if thread != nil {
            worker.post(.data(block, filled))
        } else {
            // No thread could be started: hash here instead.
            worker.digests.forEach { $0.update(UnsafeRawBufferPointer(start: block, count: filled)) }
            worker.giveBack(block)
        }
        filling = nil
        filled = 0
    }

    private func startThread() {
        var created = pthread_t()
        let context = Unmanaged.passRetained(worker).toOpaque()
        if pthread_create(&created, nil, digestThreadMain, context) == 0 {
            thread = created
        } else {
            Unmanaged<DigestWorker>.fromOpaque(context).release()
        }
    }

    private func stopThread() {
        guard let running = thread else { return }
        worker.post(.end)
        pthread_join(running, nil)
        thread = nil
    }
}

/// The hashing thread's side: a queue of messages and a pool of blocks, under one lock.
private final class DigestWorker: @unchecked Sendable {
    // Sendable: `messages`, `spare` and `allocated` are only touched under `lock`; `digests`
    // are used by the hashing thread while it runs and by the owner only when no thread runs
    // (before the first start, after the join), which pthread_create/join order.
    enum Message { case data(UnsafeMutableRawPointer, Int), reset, end }

    let digests: [Digest]
    private let blockSize: Int
    private let depth: Int
    private let lock = ConditionLock()
    private var messages: [Message] = []
    private var spare: [UnsafeMutableRawPointer] = []
    private var allocated: [UnsafeMutableRawPointer] = []

    init(digests: [Digest], blockSize: Int, depth: Int) {
        self.digests = digests
        self.blockSize = blockSize
        self.depth = max(2, depth)
    }

    deinit { allocated.forEach { $0.deallocate() } }

    /// A free block, allocating up to `depth` of them, else waiting for the hasher to return one.
    func takeSpare() -> UnsafeMutableRawPointer {
        let fresh: UnsafeMutableRawPointer? = lock.locked {
            guard spare.isEmpty, allocated.count < depth else { return nil }
            let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
            allocated.append(block)
            return block
        }
        if let fresh { return fresh }
        return lock.wait(until: { !spare.isEmpty }) { spare.removeLast() }
    }

    func giveBack(_ block: UnsafeMutableRawPointer) {
        lock.locked { spare.append(block) }
        lock.broadcast()
    }

    func post(_ message: Message) {
        lock.locked { messages.append(message) }
        lock.broadcast()
    }

    /// The hashing thread's loop.
    func run() {
        while true {
            let message = lock.wait(until: { !messages.isEmpty }) { messages.removeFirst() }
            switch message {
            case .data(let block, let count):
                let bytes = UnsafeRawBufferPointer(start: block, count: count)
                for digest in digests { digest.update(bytes) }
                giveBack(block)
            case .reset:
                for digest in digests { digest.reset() }
            case .end:
                return
            }
        }
    }
}

private func digestThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let worker = Unmanaged<DigestWorker>.fromOpaque(context).takeRetainedValue()
    worker.run()
    return nil
}
