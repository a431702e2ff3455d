# frozen_string_literal: true

require "minitest"
require "stack"

# Ruby: metadata definitions (demo reads the standard namespaces in pages and may not write;
# admin manages its own namespace), the image cache (admin only), image locations and usage.
class MetadefCacheTest < Minitest::Test
  KEYSTONE = Stack.new("keystone")
  LIBVIRT = "OS::Compute::Libvirt"

  def setup
    @demo = KEYSTONE.connect("osi-demo")
    @admin = KEYSTONE.connect("osi-admin")
  end

  def teardown
    @demo.close
    @admin.close
  end

  def test_demo_reads_in_pages_and_may_not_write
    names = @demo.metadef_namespaces(limit: 3).map { |each| each["namespace"] }
    assert_includes names, LIBVIRT
    assert_operator names.size, :>=, 30
    assert_equal names.uniq, names
    assert_equal LIBVIRT, @demo.get_metadef_namespace(LIBVIRT)["namespace"]
    assert(@demo.metadef_properties(LIBVIRT, type: "string").all? { |each| each["type"] == "string" })
    assert_equal "boot_menu", @demo.get_metadef_property("boot_menu", LIBVIRT)["name"]
    assert_includes @demo.metadef_resource_types.map { |each| each["name"] }, "OS::Glance::Image"
    assert_includes @demo.metadef_resource_type_associations(LIBVIRT).map { |each| each["prefix"] }, "hw_"
    schemas = %i[namespace namespaces resource_type resource_types object objects property properties tag tags]
    names = schemas.map { |kind| kind.to_s.sub("resource_type", "resource_type_association") }
    assert_equal names, schemas.map { |kind| @demo.public_send(:"get_metadef_#{kind}_schema")["name"] }
    assert_raises(OSImage::ForbiddenError) { @demo.create_metadef_namespace(namespace: unique_name("rb-ns")) }
    assert_raises(OSImage::ForbiddenError) { @demo.add_tag_to_metadef_namespace(LIBVIRT, "x") }
    assert_raises(OSImage::ForbiddenError) { @demo.delete_all_metadef_properties(LIBVIRT) }
    assert_raises(OSImage::NotFoundError) { @demo.get_metadef_object("no-such-object", LIBVIRT) }
  end

  def test_admin_manages_a_namespace
    ns = unique_name("rb-ns")
    assert_equal ns, @admin.create_metadef_namespace(namespace: ns, visibility: "public")["namespace"]
    assert_equal "d", @admin.update_metadef_namespace(ns, description: "d")["description"]
    @admin.create_metadef_object(ns, name: "obj")
    assert_equal "o", @admin.update_metadef_object("obj", ns, description: "o")["description"]
    assert_equal "o", @admin.get_metadef_object({ "name" => "obj" }, ns)["description"]
    assert_equal ["obj"], @admin.metadef_objects(ns).map { |each| each["name"] }
    @admin.delete_metadef_object("obj", ns)
    @admin.delete_all_metadef_objects(ns)
    @admin.create_metadef_property(ns, name: "size", title: "Size", type: "integer")
    assert_equal "S", @admin.update_metadef_property("size", ns, title: "S", type: "integer")["title"]
    assert_equal ["size"], @admin.metadef_properties(ns).map { |each| each["name"] }
    @admin.delete_metadef_property("size", ns, ignore_missing: false)
    @admin.delete_all_metadef_properties(ns)
    @admin.create_metadef_resource_type_association(ns, name: "OS::Glance::Image", prefix: "rb_")
    assert_equal ["rb_"], @admin.metadef_resource_type_associations(ns).map { |each| each["prefix"] }
    @admin.delete_metadef_resource_type_association("OS::Glance::Image", ns)
    @admin.add_tag_to_metadef_namespace(ns, "one")
    assert_equal "two", @admin.create_metadef_tag("two", ns)["name"]
    assert_equal "three", @admin.update_metadef_tag("two", ns, "three")["name"]
    assert_equal "three", @admin.get_metadef_tag("three", ns)["name"]
    @admin.set_metadef_tags(ns, %w[a b c], append: true)
    assert_equal %w[a b c one three], @admin.metadef_tags(ns, limit: 2).map { |each| each["name"] }.sort
    @admin.remove_tag_from_metadef_namespace(ns, "one")
    @admin.delete_metadef_tag("three", ns)
    @admin.set_metadef_tags(ns, ["only"])
    assert_equal ["only"], @admin.metadef_tags(ns).map { |each| each["name"] }
    @admin.remove_tags_from_metadef_namespace(ns)
    assert_empty @admin.metadef_tags(ns).to_a
  ensure
    @admin.delete_metadef_namespace(ns)
    assert_raises(OSImage::NotFoundError) { @admin.delete_metadef_namespace(ns, ignore_missing: false) }
  end

  def test_location_cache_and_usage
    data = raw_bytes(16 << 10)
    image = @demo.create_image(unique_name("rb-located"), disk_format: "raw", container_format: "bare")
    KEYSTONE.with_web_file(data) do |url|
      assert_equal url, @demo.add_image_location(image, url)["url"]
      @demo.wait_for_image(image, status: "active", timeout: 30, interval: 0.2)
      assert_equal [url], @admin.image_locations(image).map { |each| each["url"] }
      assert_raises(OSImage::ForbiddenError) { @demo.image_locations(image).to_a }
      # Caching reads the data from its location: while the file is still served.
      @admin.queue_image(image)
      cached = 100.times.any? do
        found = @admin.get_image_cache["cached_images"].any? { |each| each["image_id"] == image["id"] }
        sleep 0.2 unless found
        found
      end
      assert cached
    end
    assert_equal 1, @admin.cached_image_nodes(image).size
    @admin.cache_delete_image(image, ignore_missing: false)
    @admin.cache_delete_image(image)
    @admin.clear_cache("queue")
    @admin.clear_cache
    @admin.clean_cache
    assert_equal %w[total_bytes_pruned total_files_pruned], @admin.prune_cache.keys.sort
    assert_raises(OSImage::ForbiddenError) { @demo.get_image_cache }
    assert_raises(OSImage::ForbiddenError) { @demo.queue_image(image) }
    assert_raises(OSImage::ForbiddenError) { @demo.prune_cache }
    assert_kind_of Hash, @demo.get_usage_info["usage"]
  ensure
    @demo.delete_image(image) if image
  end
end
