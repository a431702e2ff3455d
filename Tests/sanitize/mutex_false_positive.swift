// Four threads append to an array ONLY inside Synchronization.Mutex.withLock: correct code.
// ThreadSanitizer on this toolchain still reports "Swift access race" for it, because it does
// not model the futex the Mutex is built on. scripts/sanitize builds and runs this first: with
// tsan.supp the run must be clean, without it the reports show what the file suppresses.
import Glibc
import Synchronization

final class Shared: Sendable { let items = Mutex<[Int]>([]) }
let shared = Shared()

var threads: [pthread_t] = []
for _ in 0..<4 {
    var thread = pthread_t()
    pthread_create(&thread, nil, { _ in
        for i in 0..<20000 { shared.items.withLock { $0.append(i) } }
        return nil
    }, nil)
    threads.append(thread)
}
for thread in threads { pthread_join(thread, nil) }
print("items: \(shared.items.withLock { $0.count }) (expected 80000)")
