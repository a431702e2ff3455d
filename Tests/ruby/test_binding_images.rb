# frozen_string_literal: true

require "minitest"
require "stack"

# Ruby: listing, getting and finding images, schemas, stores and import info.
class ImageReadTest < Minitest::Test
  NOAUTH = Stack.new("noauth")

  def setup
    @conn = NOAUTH.connect
    @prefix = unique_name("rb-read")
    @seeded = 5.times.map { |n| NOAUTH.seed_image(name: "#{@prefix}-#{n}", tags: [@prefix], os_distro: "debian") }
  end

  def teardown
    @seeded.each { |image| NOAUTH.remove_image(image) }
    @conn.close
  end

  def test_images_are_listed_lazily_across_pages
    names = @conn.images(tag: @prefix, limit: 2, sort: "name:asc").map { |image| image["name"] }
    assert_equal 5.times.map { |n| "#{@prefix}-#{n}" }, names
    assert_equal 2, @conn.images(tag: @prefix, limit: 1).first(2).size
    assert_equal 3, @conn.images(tag: @prefix, limit: 2, max_items: 3).count
    assert_empty @conn.images(name: @seeded[0]["name"], os_distro: "fedora").to_a
  end

  def test_get_and_find
    image = @seeded[0]
    assert_equal image["name"], @conn.get_image(image["id"])["name"]
    assert_equal image["name"], @conn.get_image(image)["name"]
    assert_equal image["id"], @conn.find_image(image["name"])["id"]
    assert_nil @conn.find_image(unique_name("rb-none"))
    assert_raises(OSImage::NotFoundError) { @conn.find_image(unique_name("rb-none"), ignore_missing: false) }
  end

  def test_schemas_import_info_and_stores
    names = %i[get_image_schema get_images_schema get_member_schema get_members_schema get_task_schema get_tasks_schema]
            .map { |getter| @conn.public_send(getter)["name"] }
    assert_equal %w[image images member members task tasks], names
    assert_includes @conn.get_import_info["import-methods"]["value"], "web-download"
    assert_equal %w[fast slow web], @conn.stores.map { |store| store["id"] }.sort
    assert(@conn.stores(details: true).all? { |store| store.key?("type") })
  end
end
