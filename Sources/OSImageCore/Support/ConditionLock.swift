import Glibc

/// A pthread mutex with one condition variable, for threads that wait for each other's
/// changes (Synchronization.Mutex cannot wait). Both live on the heap, so their addresses
/// never move.
final class ConditionLock: @unchecked Sendable {
    // Sendable: the pthread objects are made for sharing between threads, and the pointers
    // themselves never change after init.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` holding the mutex.
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Waits, holding the mutex, until `ready()` is true, then runs `body` still holding it.
    func wait<T>(until ready: () -> Bool, then body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !ready() { pthread_cond_wait(condition, mutex) }
        return body()
    }

    /// `wait(until:then:)` that waits at most `seconds` (a short internal interval): `body`
    /// runs holding the mutex either way, and tells from the state which it was.
    func wait<T>(until ready: () -> Bool, atMost seconds: Double, then body: () -> T) -> T {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let parts = Bounds.timespecParts(seconds)
        deadline.tv_sec = deadline.tv_sec &+ parts.seconds
        deadline.tv_nsec = deadline.tv_nsec &+ parts.nanoseconds
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec = deadline.tv_sec &+ 1
            deadline.tv_nsec = deadline.tv_nsec &- 1_000_000_000
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !ready() {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
        }
        return body()
    }

    /// Wakes every waiter so each re-checks its condition; call after a change made under
    /// the mutex.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
