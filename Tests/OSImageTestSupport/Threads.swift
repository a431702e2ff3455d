import Glibc
import Synchronization

/// Runs `body(index)` for index 0..<count, each on its own new OS thread (a pthread, not a
/// task of the cooperative pool, which has about one thread per core and so would let only
/// about 2 blocking calls run at once here), released together, and waits for all of them.
package func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) throws {
    let gate = ThreadGate()
    var threads: [pthread_t] = []
    defer {
        // Started threads are released (or told to give up) and always joined.
        gate.state.store(threads.count == count ? ThreadGate.go : ThreadGate.abandon, ordering: .sequentiallyConsistent)
        for thread in threads { pthread_join(thread, nil) }
    }
    for index in 0..<count {
        threads.append(try startThread { if gate.waitForStart() { body(index) } })
    }
}

/// Starts an OS thread running `body`; the caller joins it.
private func startThread(_ body: @escaping () -> Void) throws -> pthread_t {
    let job = Unmanaged.passRetained(ThreadJob(body))
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { context in
        guard let context else { return nil }
        Unmanaged<ThreadJob>.fromOpaque(context).takeRetainedValue().body()
        return nil
    }, job.toOpaque())
    guard created == 0 else {
        job.release()
        throw StackError("pthread_create failed: error \(created)")
    }
    return thread
}

/// Holds every thread of `onThreads` until all are created.
private final class ThreadGate: Sendable {
    static let waiting = 0, go = 1, abandon = 2
    let state = Atomic<Int>(ThreadGate.waiting)

    /// Waits for the gate to open: true to run, false to give up.
    func waitForStart() -> Bool {
        while true {
            switch state.load(ordering: .sequentiallyConsistent) {
            case ThreadGate.go: return true
            case ThreadGate.abandon: return false
            default: sched_yield()
            }
        }
    }
}

/// One thread's work, handed to pthread_create as its context.
private final class ThreadJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// An OS thread running one closure, joined by the test.
package final class TestThread {
    private let thread: pthread_t

    package init(_ body: @escaping @Sendable () -> Void) throws {
        thread = try startThread(body)
    }

    package func join() { pthread_join(thread, nil) }
}
