# frozen_string_literal: true

require "json"
require "minitest"
require "securerandom"
require "stack"
require "tmpdir"

# Ruby: download_image(image, output: path, resume: true) against the real Glance (issue 14):
# a download stopped mid-body keeps its bytes beside the file; the next one with resume: true
# asks only for the rest (a Range request, seen in the log) and verifies the whole image.
class ResumeTest < Minitest::Test
  NOAUTH = Stack.new("noauth")

  def setup
    @conn = NOAUTH.connect
    @data = SecureRandom.random_bytes(8 << 20)
    @image = @conn.create_image(unique_name("rb-resume"), data: @data, allow_duplicates: true, wait: true)
  end

  def teardown
    NOAUTH.remove_image(@image)
    @conn.close
  end

  def test_a_stopped_download_resumes_with_a_range_and_is_verified
    Dir.mktmpdir do |folder|
      target = File.join(folder, "image.raw")
      stop = ->(done, _total) { raise ArgumentError, "stop here" if done >= 1 << 20 }
      assert_raises(ArgumentError) { @conn.download_image(@image, output: target, resume: true, progress: stop) }
      assert_equal ["image.raw.osimage-partial", "image.raw.osimage-partial.json"], Dir.children(folder).sort
      # On loopback the stop comes late (the progress callback runs a few times a second),
      # often after the last byte: the partial is cut back to 1 MiB, where a download over a
      # real link would have died.
      File.truncate("#{target}.osimage-partial", 1 << 20)
      kept = File.binread("#{target}.osimage-partial")
      assert_equal @data.byteslice(0, kept.bytesize), kept
      sidecar = JSON.parse(File.read("#{target}.osimage-partial.json"))
      assert_equal [@image["id"], @data.bytesize], sidecar.values_at("id", "size")

      lines = []
      @conn.set_log(OSImage::LogLevel::DEBUG) { |_level, line| lines << line }
      result = @conn.download_image(@image, output: target, resume: true)
      @conn.set_log(OSImage::LogLevel::NONE)
      assert result["hash_verified"]
      assert_equal [kept.bytesize, 206, @data.bytesize], result.values_at("resumed_from", "http_status", "bytes")
      assert_equal 1, lines.count { |line| line.include?("Range: bytes=#{kept.bytesize}-") }, lines.join("\n")
      assert_equal @data, File.binread(target)
      assert_equal ["image.raw"], Dir.children(folder)
    end
  end

  def test_resume_needs_a_path_and_changes_nothing_without_it
    assert_raises(OSImage::InvalidArgumentError) { @conn.download_image(@image, resume: true) }
    assert_raises(OSImage::InvalidArgumentError) { @conn.download_image(@image, resume: true) { |_chunk| nil } }
    Dir.mktmpdir do |folder|
      target = File.join(folder, "image.raw")
      assert_raises(OSImage::InvalidArgumentError) { @conn.download_image(@image, output: target, resume: true, offset: 5) }
      refute @conn.download_image(@image, output: target).key?("resumed_from")
    end
  end
end
