# frozen_string_literal: true

# Runs every Tests/ruby/test_*.rb (minitest) against the running stack and prints
# "N passed, N failed" last (N = test methods), as the other suites of scripts/test do.
$LOAD_PATH.unshift File.expand_path("../../ruby/lib", __dir__), __dir__
require "minitest"

module Minitest
  # Counts test methods and prints the closing line scripts/test reads.
  class PassFailReporter < AbstractReporter
    def initialize
      super
      @passed = 0
      @failed = 0
      @skipped = 0
    end

    def record(result)
      if result.skipped? then @skipped += 1
      elsif result.passed? then @passed += 1
      else @failed += 1
      end
    end

    def report
      line = "#{@passed} passed, #{@failed} failed"
      line += ", #{@skipped} skipped" if @skipped.positive?
      $stdout.puts line
    end

    def passed?
      @failed.zero? && @passed.positive?
    end
  end

  def self.plugin_pass_fail_init(_options)
    reporter << PassFailReporter.new
  end
end
Minitest.extensions << "pass_fail"

Dir[File.join(__dir__, "test_*.rb")].sort.each { |file| require file }
exit Minitest.run(["--verbose"] + ARGV) ? 0 : 1
