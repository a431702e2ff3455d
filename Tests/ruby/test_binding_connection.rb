# frozen_string_literal: true

require "minitest"
require "stack"

# Ruby: connections, errors and the log callback against the real stack.
class ConnectionTest < Minitest::Test
  NOAUTH = Stack.new("noauth")
  KEYSTONE = Stack.new("keystone")

  def test_a_cloud_of_clouds_yaml_opens_and_describes_itself
    info = OSImage::Connection.open(cloud: "osi-demo", config_file: KEYSTONE.clouds_file, &:info)
    assert_equal "password", info["auth_type"]
    assert_equal KEYSTONE["OSI_DEMO_PROJECT_ID"], info["project_id"]
    assert info["image_endpoint"].end_with?("/v2")
  end

  def test_from_the_environment
    script = 'require "osimage"; c = OSImage::Connection.from_env; print c.info["cloud"]; c.close'
    env = { "OS_CLOUD" => "osi-alt", "OS_CLIENT_CONFIG_FILE" => KEYSTONE.clouds_file }
    out = IO.popen(env, ["ruby", "-I", File.expand_path("../../ruby/lib", __dir__), "-e", script], &:read)
    assert_equal "osi-alt", out
  end

  def test_a_wrong_password_is_an_auth_error_with_detail
    error = assert_raises(OSImage::AuthError) { KEYSTONE.connect("osi-demo", auth: { password: "not-the-password" }) }
    assert_equal OSImage::Status::AUTH, error.code
    assert_equal 401, error.http_status
    assert_includes error.url, "/v3/auth/tokens"
    refute_includes error.message, "not-the-password"
  end

  def test_not_found_carries_the_request_id
    missing = "00000000-0000-0000-0000-000000000000"
    conn = NOAUTH.connect
    error = assert_raises(OSImage::NotFoundError) { conn.get_image(missing) }
    assert_equal 404, error.http_status
    assert_match(/\Areq-[0-9a-f-]{36}\z/, error.request_id)
    assert_equal "GET", error.http_method
    assert error.url.end_with?(missing)
  ensure
    conn&.close
  end

  def test_bad_arguments_are_refused
    conn = NOAUTH.connect
    ["a/b", "id\r\nX-Injected: yes", "nul\0inside", "\xff\xfe".b].each do |bad|
      assert_raises(OSImage::InvalidArgumentError) { conn.get_image(bad) }
    end
    assert_raises(TypeError) { conn.get_image(42) }
    assert_raises(OSImage::InvalidArgumentError) { conn.images(max_items: "ten").to_a }
    assert_raises(OSImage::ConfigError) { KEYSTONE.connect("no-such-cloud") }
  ensure
    conn&.close
  end

  def test_close_is_idempotent_and_a_closed_connection_refuses_calls
    conn = NOAUTH.connect
    conn.close
    conn.close
    assert conn.closed?
    assert_raises(IOError) { conn.get_image_schema }
  end

  def test_an_unknown_log_level_is_refused
    conn = NOAUTH.connect
    assert_raises(OSImage::InvalidArgumentError) { conn.set_log(9) { |_level, _line| nil } }
  ensure
    conn&.close
  end

  def test_log_lines_reach_a_block_and_an_exception_there_aborts_the_call
    conn = NOAUTH.connect
    lines = []
    conn.set_log { |level, line| lines << [level, line] }
    conn.get_image_schema
    assert_equal 1, lines.size
    assert_equal OSImage::LogLevel::INFO, lines[0][0]
    assert_includes lines[0][1], "/v2/schemas/image -> 200"

    conn.set_log { |_level, _line| raise KeyError, "no more requests" }
    error = assert_raises(KeyError) { conn.get_import_info }
    assert_kind_of OSImage::AbortedError, error.cause
    conn.set_log
    assert conn.get_import_info.key?("import-methods")
  ensure
    conn&.close
  end
end
