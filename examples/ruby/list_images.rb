# frozen_string_literal: true

# list_images.rb [CLOUD]: prints the images of a cloud, one line each.
# CLOUD names an entry of clouds.yaml; without it OS_CLOUD or OS_AUTH_URL/... are used.
require "osimage"

options = ARGV[0] ? { cloud: ARGV[0] } : {}
begin
  OSImage::Connection.open(**options) do |conn|
    puts format("%-36s  %-11s %12s  %s", "ID", "STATUS", "SIZE", "NAME")
    count = 0
    conn.images(sort: "name:asc").each do |image|
      puts format("%-36s  %-11s %12s  %s", image["id"], image["status"], image["size"] || "-", image["name"])
      count += 1
    end
    puts "#{count} image#{count == 1 ? "" : "s"}"
  end
rescue OSImage::Error => e
  abort "list_images: #{e.message}"
end
