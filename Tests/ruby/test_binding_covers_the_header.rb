# frozen_string_literal: true

require "minitest"
require "osimage"
require "ripper"

# Every C function of include/osimage.h is attached with its parameter count and called by
# the Ruby library's code, and the status numbers are the header's. "Called" is read from
# the library's tokens, not its text: a symbol (:osi_x) or a method call (.osi_x); a name in
# a comment or a string does not count.
class HeaderCoverageTest < Minitest::Test
  ROOT = File.expand_path("../..", __dir__)

  # The osi_* names that Ruby `source` uses as a symbol or after "." or "&.".
  def self.called_names(source)
    tokens = Ripper.lex(source).map { |_position, type, text, _state| [type, text] }
    tokens.each_cons(2).filter_map do |(type, text), (next_type, name)|
      next unless next_type == :on_ident && name.start_with?("osi_")

      name if type == :on_symbeg || (type == :on_period) || (type == :on_op && text == "&.")
    end.uniq
  end

  def header_functions
    text = File.read(File.join(ROOT, "include", "osimage.h")).gsub(%r{/\*.*?\*/|//[^\n]*}m, "")
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
    assert_operator functions.size, :>, 100
    functions.each do |name, count|
      assert OSImage::Library::PROTOTYPES.key?(name), "#{name} is not in Library::PROTOTYPES"
      assert_equal count, OSImage::Library::PROTOTYPES[name][0].size, "parameters of #{name}"
    end
    assert_empty OSImage::Library::PROTOTYPES.keys - functions.keys
  end

  def test_every_header_function_is_called_by_the_library
    files = Dir[File.join(ROOT, "ruby", "lib", "**", "*.rb")].reject { |path| path.end_with?("library.rb", "prototypes.rb") }
    calls = files.flat_map { |path| self.class.called_names(File.read(path, encoding: "UTF-8")) }
    unused = header_functions.keys.map(&:to_s) - calls
    assert_empty unused
  end

  def test_a_name_in_a_comment_or_string_is_not_a_call
    source = <<~RUBY
      # Library.osi_in_comment(x)
      Library.osi_method(1)
      Call.invoke(:osi_symbol, [])
      raise Error, "osi_in_string failed"
      handle&.osi_safe_call
    RUBY
    assert_equal %w[osi_method osi_symbol osi_safe_call], self.class.called_names(source)
  end
end
