import Glibc

/// A child process started with posix_spawn (tests only; no Foundation).
package final class ChildProcess {
    package let pid: pid_t

    /// Starts `arguments[0]` (searched in PATH) with its output sent to /dev/null.
    package init(_ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Test threads (libdispatch's) block every signal, and a child inherits the mask: give
        // it an empty one so that terminate()'s SIGTERM arrives.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let status = posix_spawnp(&child, arguments[0], &actions, &attributes, &argv, environ)
        guard status == 0 else { throw StackError("could not start \(arguments[0]): error \(status)") }
        pid = child
    }

    /// Runs a command to completion; throws unless it exits with 0.
    package static func run(_ arguments: [String]) throws {
        let child = try ChildProcess(arguments)
        let status = child.wait()
        guard status == 0 else { throw StackError("\(arguments[0]) exited with \(status)") }
    }

    /// Waits for the child and returns its exit status (or 128 + signal).
    @discardableResult
    package func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Stops the child and reaps it.
    package func terminate() {
        kill(pid, SIGTERM)
        wait()
    }
}
