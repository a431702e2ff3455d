# frozen_string_literal: true

require "digest"
require "minitest"
require "stack"

# Ruby: the pulled download as an IO-like ImageReader (read, each_chunk, close), and
# openstacksdk's helpers wait_for_status, wait_for_delete and update_image_properties.
class ReaderTest < Minitest::Test
  NOAUTH = Stack.new("noauth")

  def setup
    @conn = NOAUTH.connect
    @data = raw_bytes((2 << 20) + 123)
    seed = NOAUTH.seed_image(name: unique_name("rb-reader"))
    @image = @conn.upload_image(seed, @data)
  end

  def teardown
    NOAUTH.remove_image(@image)
    @conn.close
  end

  def test_each_chunk_and_read_give_the_verified_data
    chunks = []
    @conn.open_image(@image) do |reader|
      assert_equal 200, reader.info["http_status"]
      reader.each_chunk(100_000) { |chunk| chunks << chunk }
      assert reader.eof?
      assert reader.info["hash_verified"]
    end
    assert chunks.all? { |chunk| chunk.bytesize <= 100_000 && chunk.encoding == Encoding::BINARY }
    assert_equal @data, chunks.join

    reader = @conn.download_image(@image, stream: true)
    assert_equal @data.byteslice(0, 10), reader.read(10)
    assert_equal @data.byteslice(10..), reader.read
    assert_nil reader.read(10)
    reader.close
    assert reader.closed?
    assert_raises(IOError) { reader.read(1) }
  end

  def test_readers_closed_early_free_their_connections
    40.times do
      reader = @conn.open_image(@image)
      assert_equal @data.byteslice(0, 1000), reader.read(1000)
      reader.close
    end
    assert_equal Digest::SHA512.hexdigest(@data), Digest::SHA512.hexdigest(@conn.open_image(@image, &:read))
    assert_raises(OSImage::NotFoundError) { @conn.open_image("00000000-0000-0000-0000-000000000000") }
  end

  def test_helpers
    assert_equal "active", @conn.wait_for_status(@image, "ACTIVE")["status"]
    assert_raises(OSImage::TaskFailedError) { @conn.wait_for_status(@image, "queued", failures: ["active"]) }
    assert @conn.update_image_properties(@image, min_disk: "2", os_rb_flag: 7)
    refute @conn.update_image_properties(@image, min_disk: 2, os_rb_flag: "7")
    image = @conn.get_image(@image)
    assert_equal [2, "7"], image.values_at("min_disk", "os_rb_flag")
    assert_raises(OSImage::TimeoutError) { @conn.wait_for_delete(@image, wait: 0.3, interval: 0.1) }
    @conn.delete_image(@image)
    assert_equal @image["id"], @conn.wait_for_delete(@image, wait: 30)["id"]
  end
end

# Ruby: a log from the start sees the requests made while the connection opens.
class OpeningLogTest < Minitest::Test
  KEYSTONE = Stack.new("keystone")

  def test_the_token_request_is_logged_without_secrets
    lines = []
    conn = OSImage::Connection.new(cloud: "osi-demo", config_file: KEYSTONE.clouds_file,
                                   log: ->(level, line) { lines << [level, line] }, log_level: OSImage::LogLevel::DEBUG)
    assert(lines.any? { |_level, line| line.include?("/auth/tokens") })
    assert(lines.any? { |level, line| level == OSImage::LogLevel::DEBUG && line.include?("x-subject-token: <redacted>") })
    refute(lines.any? { |_level, line| line.include?("osi-demo-secret") })
    conn.close
  end
end
