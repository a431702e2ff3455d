# frozen_string_literal: true

require "minitest"
require "stack"

# Ruby: an import task created by admin, waited for with a block; members may not list tasks.
class TaskTest < Minitest::Test
  KEYSTONE = Stack.new("keystone")

  def test_an_import_task_succeeds_and_a_member_may_not_list_tasks
    admin = KEYSTONE.connect("osi-admin")
    seen = []
    done = KEYSTONE.with_web_file(raw_bytes(64 << 10)) do |url|
      task = admin.create_task(type: "import", input: {
                                 import_from: url, import_from_format: "raw",
                                 image_properties: { name: unique_name("rb-task"), disk_format: "raw", container_format: "bare" }
                               })
      admin.wait_for_task(task, interval: 0.5, wait: 120) { |polled| seen << polled["status"] }
    end
    assert_equal "success", done["status"]
    assert_equal "success", seen.last
    assert_equal 64 << 10, admin.get_image(done["result"]["image_id"])["size"]
    assert_raises(OSImage::ForbiddenError) { KEYSTONE.connect("osi-demo").tasks.to_a }
  ensure
    admin&.delete_image(done["result"]["image_id"]) if done
    admin&.close
  end
end
