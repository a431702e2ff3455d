import Testing
@testable import OSImageCore

/// The options of the waits and of create_image's wait (no stack needed).
@Suite struct WaitOptionsTests {
    @Test func defaults() throws {
        #expect(try WaitOptions.forImage(nil) == WaitOptions(timeout: .infinity, interval: 2))
        #expect(try WaitOptions.forTask(nil) == WaitOptions(timeout: 120, interval: 2, failures: ["failure"]))
        #expect(try CreateImageOptions.from(nil).waiting == WaitOptions(timeout: 3600, interval: 2))
    }

    @Test func givenValuesAndNullForNoLimit() throws {
        let image = try WaitOptions.forImage(.object(["timeout": .int(30), "interval": .real(0.5)]))
        #expect(image == WaitOptions(timeout: 30, interval: 0.5))
        #expect(try WaitOptions.forTask(.object(["timeout": .null])).timeout == .infinity)
        let task = try WaitOptions.forTask(.object(["failures": .strings(["failure", "killed"]), "interval": .int(0)]))
        #expect(task.failures == ["failure", "killed"] && task.interval == 0 && task.timeout == 120)
        let create = try CreateImageOptions.from(.object(["wait": .bool(true), "timeout": .int(10), "interval": .real(0.3)]))
        #expect(create.waiting == WaitOptions(timeout: 10, interval: 0.3))
    }

    @Test func badOptionsAreRefused() {
        let bad: [JSON] = [.array([]), .object(["timeout": .string("1")]), .object(["timeout": .int(-1)]),
                           .object(["interval": .real(-0.5)]), .object(["poll_interval": .int(1)]),
                           .object(["wait": .int(1)])]
        for options in bad {
            #expect(throws: OSIError.self) { try WaitOptions.forImage(options) }
            #expect(throws: OSIError.self) { try WaitOptions.forTask(options) }
        }
        #expect(throws: OSIError.self) { try WaitOptions.forImage(.object(["failures": .strings(["failure"])])) }
        #expect(throws: OSIError.self) { try WaitOptions.forTask(.object(["failures": .string("failure")])) }
    }

    @Test func createImageRefusesTheOldIntervalName() {
        let error = #expect(throws: OSIError.self) {
            try CreateImageOptions.from(.object(["wait": .bool(true), "poll_interval": .real(0.3)]))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("'interval'") == true)
    }
}
