# frozen_string_literal: true

require "digest"
require "minitest"
require "stack"

# Ruby: update, tags, delete, a web-download import with its wait, deactivate/reactivate.
class ImageOperationTest < Minitest::Test
  NOAUTH = Stack.new("noauth")

  def setup
    @conn = NOAUTH.connect
    @image = NOAUTH.seed_image(name: unique_name("rb-ops"), keep_me: "yes")
  end

  def teardown
    NOAUTH.remove_image(@image)
    @conn.close
  end

  def test_update_tags_and_delete
    updated = @conn.update_image(@image, os_distro: "debian", build_number: 7)
    assert_equal ["debian", "7", "yes"], updated.values_at("os_distro", "build_number", "keep_me")
    refute @conn.update_image(@image, build_number: nil).key?("build_number")
    @conn.add_tag(@image, "blue")
    assert_equal ["blue"], @conn.get_image(@image)["tags"]
    @conn.remove_tag(@image, "blue")
    assert_raises(OSImage::NotFoundError) { @conn.remove_tag(@image, "blue") }
    @conn.delete_image(@image, ignore_missing: false)
    assert_nil @conn.delete_image(@image)
    assert_raises(OSImage::NotFoundError) { @conn.delete_image(@image, ignore_missing: false) }
  end

  def test_web_download_import_waits_until_active
    data = raw_bytes(1 << 20)
    seen = []
    image = NOAUTH.with_web_file(data) do |url|
      @conn.import_image(@image, method: "web-download", uri: url)
      @conn.wait_for_image(@image, timeout: 120, interval: 0.5) { |polled| seen << polled["status"] }
    end
    assert_equal "active", image["status"]
    assert_equal Digest::SHA512.hexdigest(data), image["os_hash_value"]
    assert_equal "active", seen.last
    assert_equal ["success"], @conn.image_tasks(image).map { |task| task["status"] }
    @conn.deactivate_image(image)
    assert_equal "deactivated", @conn.get_image(image)["status"]
    @conn.reactivate_image(image)
    assert_equal "active", @conn.get_image(image)["status"]
  end

  def test_an_exception_in_the_wait_block_stops_the_wait
    stop = Class.new(StandardError)
    error = assert_raises(stop) { @conn.wait_for_image(@image, timeout: 60, interval: 0.2) { raise stop } }
    assert_kind_of OSImage::AbortedError, error.cause
    assert_raises(OSImage::TimeoutError) { @conn.wait_for_image(@image, timeout: 0.5, interval: 0.2) }
  end
end
