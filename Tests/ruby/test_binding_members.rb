# frozen_string_literal: true

require "minitest"
require "stack"

# Ruby: demo shares an image with alt's project; alt accepts it, sees it and downloads it;
# once the member is removed, alt loses it.
class MemberTest < Minitest::Test
  KEYSTONE = Stack.new("keystone")

  def test_share_accept_download_and_unshare
    demo = KEYSTONE.connect("osi-demo")
    alt = KEYSTONE.connect("osi-alt")
    alt_project = KEYSTONE["OSI_ALT_PROJECT_ID"]
    data = raw_bytes(64 << 10)
    image = demo.create_image(unique_name("rb-share"), data: data, disk_format: "raw", container_format: "bare",
                                                      visibility: "shared", wait: true)
    assert_equal "pending", demo.add_member(image, alt_project)["status"]
    assert_raises(OSImage::ConflictError) { demo.add_member(image, alt_project) }
    assert_equal "accepted", alt.update_member(alt_project, image, "accepted")["status"]
    assert_includes alt.images.map { |each| each["id"] }, image["id"]
    assert_equal data, alt.download_image(image)
    assert_equal [alt_project], demo.members(image).map { |member| member["member_id"] }
    demo.remove_member(alt_project, image)
    assert_nil demo.find_member(alt_project, image)
    refute_includes alt.images.map { |each| each["id"] }, image["id"]
  ensure
    demo&.delete_image(image) if image
    demo&.close
    alt&.close
  end
end
