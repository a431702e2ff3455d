# frozen_string_literal: true

require "minitest"
require "osimage"

# Every C function of include/osimage.h is attached with its parameter count and called by
# the Ruby library's code, and the status numbers are the header's.
class HeaderCoverageTest < Minitest::Test
  ROOT = File.expand_path("../..", __dir__)

  def header_functions
    text = File.read(File.join(ROOT, "include", "osimage.h")).gsub(%r{/\*.*?\*/}m, "")
    text.scan(/\b(osi_\w+)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*;/).to_h do |name, parameters|
      parameters = parameters.strip
      [name.to_sym, ["", "void"].include?(parameters) ? 0 : parameters.count(",") + 1]
    end
  end

  def test_status_numbers_are_the_headers
    text = File.read(File.join(ROOT, "include", "osimage_types.h"))
    enum = text[/typedef enum osi_status \{(.*?)\} osi_status;/m, 1]
    from_header = enum.scan(/OSI_(\w+) = (\d+)/).to_h { |name, number| [name, Integer(number)] }
    from_ruby = OSImage::Status.constants.to_h { |name| [name.to_s, OSImage::Status.const_get(name)] }
    assert_operator from_header.size, :>, 15
    assert_equal from_header, from_ruby
  end

  def test_every_header_function_is_attached_with_its_parameter_count
    functions = header_functions
    assert_operator functions.size, :>, 25
    functions.each do |name, count|
      assert OSImage::Library::PROTOTYPES.key?(name), "#{name} is not in Library::PROTOTYPES"
      assert_equal count, OSImage::Library::PROTOTYPES[name][0].size, "parameters of #{name}"
    end
    assert_empty OSImage::Library::PROTOTYPES.keys - functions.keys
  end

  def test_every_header_function_is_called_by_the_library
    source = Dir[File.join(ROOT, "ruby", "lib", "**", "*.rb")].reject { |path| path.end_with?("library.rb", "prototypes.rb") }
                                                              .map { |path| File.read(path) }.join
    unused = header_functions.keys.reject { |name| source.include?(":#{name}") || source.include?(".#{name}") }
    assert_empty unused
  end
end
