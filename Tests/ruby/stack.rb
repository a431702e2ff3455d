# frozen_string_literal: true

require "json"
require "net/http"
require "securerandom"
require "osimage"

# The local Glance (+ Keystone) that `scripts/stack up` started, read from its stack.env
# (scripts/test exports OSI_NOAUTH_ENV and OSI_KEYSTONE_ENV; otherwise the default state).
class Stack
  attr_reader :mode

  def initialize(mode)
    @mode = mode
    variable = mode == "noauth" ? "OSI_NOAUTH_ENV" : "OSI_KEYSTONE_ENV"
    state = ENV.fetch("OSI_STACK_STATE", File.expand_path("~/.cache/osimage-stack/state"))
    path = ENV[variable].to_s.empty? ? File.join(state, mode, "stack.env") : ENV[variable]
    raise "no #{path}: start the stack with `scripts/stack up #{mode}`" unless File.exist?(path)

    @values = File.readlines(path, chomp: true).grep(/=/).reject { |line| line.start_with?("#") }
                  .to_h { |line| line.sub(/^export /, "").split("=", 2).then { |k, v| [k, v.delete("'\"")] } }
  end

  def [](key) = @values.fetch(key)

  def clouds_file = self["OS_CLIENT_CONFIG_FILE"]

  # A Connection to cloud of this mode (default: osi-noauth or osi-demo).
  def connect(cloud = nil, **options)
    cloud ||= mode == "noauth" ? "osi-noauth" : "osi-demo"
    OSImage::Connection.new(cloud: cloud, config_file: clouds_file, **options)
  end

  # A metadata-only image through the raw API of the noauth Glance (test setup only).
  def seed_image(**properties)
    request(Net::HTTP::Post, "/v2/images", { disk_format: "raw", container_format: "bare" }.merge(properties))
  end

  # Deletes an image through the raw API; one already gone is fine.
  def remove_image(image)
    request(Net::HTTP::Delete, "/v2/images/#{image["id"]}")
  end

  # Writes data as a file of the stack's static web server; yields its URL, removes it after.
  def with_web_file(data)
    name = "#{unique_name("rb-web")}.raw"
    path = File.join(self["OSI_WEB_DIR"], name)
    File.binwrite(path, data)
    yield "#{self["OSI_WEB_URL"]}/#{name}"
  ensure
    File.delete(path) if path && File.exist?(path)
  end

  private

  def request(kind, path, body = nil)
    uri = URI(self["OSI_GLANCE_URL"] + path)
    request = kind.new(uri, "Content-Type" => "application/json")
    request.body = JSON.generate(body) if body
    response = Net::HTTP.start(uri.host, uri.port) { |http| http.request(request) }
    return nil if response.is_a?(Net::HTTPNotFound) && kind == Net::HTTP::Delete
    raise "#{kind::METHOD} #{path}: #{response.code} #{response.body}" unless response.is_a?(Net::HTTPSuccess)

    response.body.to_s.empty? ? nil : JSON.parse(response.body)
  end
end

# A name no other test (or developer sharing the stack) uses.
def unique_name(prefix) = "#{prefix}-#{SecureRandom.hex(6)}"

# count bytes of a repeating pattern that no image format detector takes for a header.
def raw_bytes(count) = Array.new(count) { |n| (n * 31 + 7) & 0xFF }.pack("C*")

# The fixture of the tests that upload into new queued images of the noauth stack: @conn,
# closed after each test, and queued, a new queued image named IMAGE_PREFIX-..., removed
# after the test. The including class defines NOAUTH (its Stack) and IMAGE_PREFIX; its own
# setup calls super first.
module QueuedImages
  def setup
    @conn = self.class::NOAUTH.connect
    @images = []
  end

  def teardown
    @images.each { |image| self.class::NOAUTH.remove_image(image) }
    @conn.close
  end

  def queued
    self.class::NOAUTH.seed_image(name: unique_name(self.class::IMAGE_PREFIX)).tap { |image| @images << image }
  end
end
