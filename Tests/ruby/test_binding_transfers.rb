# frozen_string_literal: true

require "digest"
require "minitest"
require "stack"
require "tmpdir"

# Ruby: uploads of compressed files (decompress:) and copy_image between the noauth and the
# keystone stacks (issue 14).
class TransfersTest < Minitest::Test
  include QueuedImages
  NOAUTH = Stack.new("noauth")
  KEYSTONE = Stack.new("keystone")
  IMAGE_PREFIX = "rb-packed"

  def setup
    super
    @data = raw_bytes(1 << 20) + ("\0" * (1 << 20))
  end

  def test_compressed_files_upload_decompressed
    Dir.mktmpdir do |folder|
      raw = File.join(folder, "disk.raw")
      File.binwrite(raw, @data)
      { "xz" => [%w[xz -k -f -T1], ".xz"], "gzip" => [%w[gzip -k -f], ".gz"],
        "zstd" => [%w[zstd -q -k -f], ".zst"] }.each do |format, (command, ending)|
        assert system(*command, raw)
        image = @conn.upload_image(queued, File.open(raw + ending, "rb"), decompress: true, validate_checksum: true)
        assert_equal ["active", @data.bytesize], image.values_at("status", "size"), format
        assert_equal Digest::MD5.hexdigest(@data), image["checksum"], format
        assert_equal @data, @conn.download_image(image), format
        image = @conn.upload_image(queued, File.binread(raw + ending), decompress: format, size: @data.bytesize)
        assert_equal @data.bytesize, image["size"], format
      end
      assert_raises(OSImage::InvalidArgumentError) { @conn.upload_image(queued, File.binread(raw), decompress: true) }
      packed = File.binread("#{raw}.gz")
      error = assert_raises(OSImage::LocalIOError) do
        @conn.upload_image(queued, packed[0, packed.bytesize / 2], decompress: "gzip")
      end
      assert_includes error.message, "truncated"
    end
  end

  def test_copy_image_between_clouds_and_an_abort_leaves_nothing
    destination = KEYSTONE.connect
    image = @conn.create_image(unique_name("rb-copy"), data: @data, tags: ["blue"], allow_duplicates: true, wait: true)
    @images << image
    name = "#{image['name']}-copy"
    copy = @conn.copy_image(image, destination, name: name, properties: { stage: "prod" })
    begin
      assert_equal ["active", @data.bytesize, name, "prod"], copy.values_at("status", "size", "name", "stage")
      assert_equal ["blue"], copy["tags"]
      assert_equal @data, destination.download_image(copy)
    ensure
      destination.delete_image(copy)
    end
    stop = ->(done, _total) { raise ArgumentError, "stop here" if done > 500_000 }
    assert_raises(ArgumentError) { @conn.copy_image(image, destination, name: name, progress: stop) }
    assert_nil destination.find_image(name, ignore_missing: true)
  ensure
    destination&.close
  end
end
