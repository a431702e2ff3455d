# frozen_string_literal: true

# osimage: the OpenStack Image service (Glance v2) from Ruby, over libosimage.so with the
# ffi gem.
#
#   require "osimage"
#   OSImage::Connection.open(cloud: "mycloud") do |conn|
#     conn.images(status: "active").each { |image| puts "#{image["id"]} #{image["name"]}" }
#   end
#
# Every operation of openstacksdk's image proxy is a method of Connection with the same
# name; resources are Hashes with String keys; errors are subclasses of OSImage::Error.
require_relative "osimage/library"
require_relative "osimage/errors"
require_relative "osimage/json"
require_relative "osimage/callbacks"
require_relative "osimage/call"
require_relative "osimage/list_iterator"
require_relative "osimage/images"
require_relative "osimage/sources"
require_relative "osimage/sinks"
require_relative "osimage/reader"
require_relative "osimage/data"
require_relative "osimage/members"
require_relative "osimage/tasks"
require_relative "osimage/service_info"
require_relative "osimage/metadefs"
require_relative "osimage/cache"
require_relative "osimage/connection"

module OSImage
  VERSION = "0.1.0"

  # The version of the loaded libosimage, "MAJOR.MINOR.PATCH".
  def self.library_version
    Library.osi_version
  end

  # The same as MAJOR * 10000 + MINOR * 100 + PATCH (OSI_VERSION_NUMBER's form).
  def self.library_version_number
    Library.osi_version_number
  end
end
