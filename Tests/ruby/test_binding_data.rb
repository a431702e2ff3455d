# frozen_string_literal: true

require "digest"
require "minitest"
require "stack"
require "stringio"
require "tmpdir"

# Ruby: uploads from a String, a File and an IO; downloads to a path, a File, a block and
# memory; progress; an exception in a block aborts the transfer and is raised by the call.
class DataTest < Minitest::Test
  include QueuedImages
  NOAUTH = Stack.new("noauth")
  IMAGE_PREFIX = "rb-data"

  def setup
    super
    @data = raw_bytes(1 << 20)
  end

  def test_uploads_from_a_string_a_file_and_a_stream
    seen = []
    image = @conn.upload_image(queued, @data, progress: ->(done, total) { seen << [done, total] })
    assert_equal ["active", @data.bytesize], image.values_at("status", "size")
    assert_equal [@data.bytesize, @data.bytesize], seen.last
    assert_equal "active", @conn.upload_image(queued, StringIO.new(@data))["status"]
    Dir.mktmpdir do |folder|
      path = File.join(folder, "data.raw")
      File.binwrite(path, "skip#{@data}")
      image = File.open(path, "rb") { |file| file.read(4) && @conn.upload_image(queued, file) }
      assert_equal Digest::SHA512.hexdigest(@data), image["os_hash_value"]
    end
  end

  def test_downloads_to_a_path_a_file_a_block_and_memory
    image = @conn.upload_image(queued, @data)
    Dir.mktmpdir do |folder|
      result = @conn.download_image(image, output: File.join(folder, "copy.raw"))
      assert_equal [@data.bytesize, "sha512", true], result.values_at("bytes", "hash_algo", "hash_verified")
      assert_equal @data, File.binread(File.join(folder, "copy.raw"))
      File.open(File.join(folder, "out.raw"), "wb") { |file| @conn.download_image(image, output: file) }
      assert_equal @data, File.binread(File.join(folder, "out.raw"))
    end
    digest = Digest::SHA512.new
    @conn.download_image(image) { |chunk| digest << chunk }
    assert_equal image["os_hash_value"], digest.hexdigest
    assert_equal @data, @conn.download_image(image)
  end

  def test_a_parallel_download_over_four_connections_is_the_same_verified_data
    data = raw_bytes((9 << 20) + 1234) # ten parts for a path (1 MiB: the tail), four for a block
    image = @conn.upload_image(queued, data)
    threads = []
    Dir.mktmpdir do |folder|
      target = File.join(folder, "parallel.raw")
      result = @conn.download_image(image, output: target, connections: 4,
                                           progress: ->(_done, _total) { threads << Thread.current })
      assert_equal [data.bytesize, 4, true], result.values_at("bytes", "connections", "hash_verified")
      assert_equal data, File.binread(target)
    end
    chunks = []
    result = @conn.download_image(image, connections: 3) { |chunk| chunks << chunk && threads << Thread.current }
    assert_equal [3, data], [result["connections"], chunks.join]
    assert_equal [Thread.current], threads.uniq, "callbacks run on the calling thread only"
    assert_raises(OSImage::InvalidArgumentError) { @conn.download_image(image, connections: 0) }
  end

  def test_an_exception_in_a_block_aborts_the_download
    image = @conn.upload_image(queued, @data)
    full = Class.new(StandardError)
    error = assert_raises(full) { @conn.download_image(image) { |_chunk| raise full } }
    assert_kind_of OSImage::AbortedError, error.cause
    Dir.mktmpdir do |folder|
      target = File.join(folder, "partial.raw")
      assert_raises(full) { @conn.download_image(image, output: target, progress: ->(_done, _total) { raise full }) }
      refute File.exist?(target), "a failed download leaves nothing at the path"
    end
  end

  # A reader giving more than asked must fail the upload, never write past the C buffer.
  class Greedy
    attr_reader :asked

    def initialize
      @asked = []
    end

    def read(size)
      @asked << size
      "\xAB".b * (size + 4096)
    end
  end

  def test_a_reader_returning_more_than_asked_fails_without_overrunning
    image = queued
    greedy = Greedy.new
    error = assert_raises(ArgumentError) { @conn.upload_image(image, greedy) }
    assert_match(/more than asked/, error.message)
    assert_equal 1, greedy.asked.size, "the upload stopped at the first oversized chunk"
    # Glance puts an image whose upload broke off back to "queued", a moment later.
    assert_equal "queued", @conn.wait_for_image(image, status: "queued", timeout: 30, interval: 0.2)["status"]
  end
end
