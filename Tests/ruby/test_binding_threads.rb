# frozen_string_literal: true

require "minitest"
require "stack"

# Ruby: calls that wait are attached with blocking: true, so threads run them in parallel.
class ThreadTest < Minitest::Test
  NOAUTH = Stack.new("noauth")

  def test_two_waits_on_one_connection_sleep_in_parallel
    image = NOAUTH.seed_image(name: unique_name("rb-threads"))
    conn = NOAUTH.connect
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    threads = 2.times.map do
      Thread.new { assert_raises(OSImage::TimeoutError) { conn.wait_for_image(image, timeout: 1.0, interval: 0.25) } }
    end
    threads.each(&:join)
    wall = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    # Holding the GVL, the second wait could only start after the first: >= 2 s.
    assert_operator wall, :<, 1.8, "two 1 s waits took #{wall.round(2)} s"
  ensure
    conn&.close
    NOAUTH.remove_image(image) if image
  end

  def test_two_downloads_on_one_connection_overlap_in_time
    image = NOAUTH.seed_image(name: unique_name("rb-threads"))
    conn = NOAUTH.connect
    image = conn.upload_image(image, raw_bytes(32 << 20))
    moving = [[], []]
    threads = 2.times.map do |index|
      Thread.new do
        conn.download_image(image, progress: ->(_done, _total) { moving[index] << Process.clock_gettime(Process::CLOCK_MONOTONIC) }) { |_chunk| nil }
      end
    end
    threads.each(&:join)
    overlap = moving.map(&:last).min - moving.map(&:first).max
    assert_operator overlap, :>, 0, "the two downloads moved data in one common interval"
  ensure
    conn&.close
    NOAUTH.remove_image(image) if image
  end
end
