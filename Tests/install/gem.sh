#!/usr/bin/env bash
# Builds the platform gem (scripts/gem) with the library of an install, `gem install`s it into
# a fresh GEM_HOME and runs a representative part of the Ruby binding tests (Tests/ruby)
# against the installed gem with a clean environment: no OSIMAGE_LIBRARY/OSI_LIBRARY, no
# LD_LIBRARY_PATH, no RUBYLIB, no PKG_CONFIG_PATH (only where the stack is). Also builds the
# pure gem from ruby/ with plain `gem build`. Prints ok/FAIL per check, and "N passed, N
# failed" last.
#
#   Tests/install/gem.sh PREFIX     PREFIX: where scripts/install put osimage
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=$(cd "${1:?usage: gem.sh PREFIX}" && pwd)
suite=gem
. "$here/common.sh"
clean+=(GEM_HOME="$work/gems")

t_pure_gem() {
    cp -r "$root/ruby" "$work/pure" && cd "$work/pure" && gem build osimage.gemspec && ls osimage-*.gem | grep -qx 'osimage-[0-9.]*\.gem'
}
t_build() { "$root/scripts/gem" --library "$prefix/lib/libosimage.so.0" --out "$work/dist" | tail -n 1 >"$work/gem-path"; }
check gem-build-pure t_pure_gem
check build-platform-gem t_build
gem_file=$(cat "$work/gem-path" 2>/dev/null)

t_contents() {
    case "$(basename "$gem_file")" in osimage-*-x86_64-linux.gem) ;; *) echo "bad name $gem_file"; return 1 ;; esac
    gem spec "$gem_file" files | grep -q "lib/osimage/libosimage.so.0" && gem spec "$gem_file" dependencies | grep -q ffi \
        && gem spec "$gem_file" required_ruby_version | grep -q ">="
}
t_install() { cd "$work" && "${clean[@]}" gem install --local --no-document "$gem_file"; }
t_loads_bundled() {
    cd "$work" && "${clean[@]}" ruby -e '
require "osimage"
path = OSImage::Library.ffi_libraries.first.name
abort "loaded #{path}" unless path.start_with?(ENV["GEM_HOME"]) && path.end_with?("lib/osimage/libosimage.so.0")
abort "jansson not through libosimage" unless OSImage::Jansson.ffi_libraries.first.name == path
jansson = File.readlines("/proc/self/maps").grep(/libjansson/).map { |l| l.split.last }.uniq
abort "jansson copies: #{jansson}" unless jansson.size == 1
puts "osimage #{OSImage::Library.osi_version} from #{path}"'
}
check contents-platform-ffi-ruby-version t_contents
check gem-install-into-fresh-gem-home t_install
check loads-bundled-library-no-env t_loads_bundled

# A representative part of the Ruby suite, requiring osimage from the installed gem.
cat >"$work/run.rb" <<'RUBY'
require "minitest"
tests = ARGV.shift
$LOAD_PATH.unshift tests
require "osimage"
raise "osimage from #{$LOADED_FEATURES.grep(/osimage\.rb$/)}" unless $LOADED_FEATURES.grep(/osimage\.rb$/).all? { |f| f.start_with?(ENV["GEM_HOME"]) }
module Minitest
  class CountReporter < AbstractReporter
    def initialize; super; @p = 0; @f = 0; end
    def record(result)
      if result.skipped? then nil elsif result.passed? then @p += 1 else @f += 1; puts result end
    end
    def report; puts "SUITE #{@p} #{@f}"; end
    def passed?; @f.zero?; end
  end
  def self.plugin_count_init(_options); reporter << CountReporter.new; end
end
Minitest.extensions << "count"
%w[test_binding_connection test_binding_data test_binding_images test_binding_members].each { |name| require File.join(tests, name) }
# (test_from_the_environment starts `ruby -I ruby/lib` of the source tree: not the gem's.)
exit Minitest.run(["--exclude", "test_from_the_environment"]) ? 0 : 1
RUBY
(cd "$work" && "${clean[@]}" ruby "$work/run.rb" "$root/Tests/ruby") >"$work/suite.log" 2>&1
read -r _ p f < <(grep -E '^SUITE ' "$work/suite.log" || echo "SUITE 0 1")
[ "$f" != 0 ] && grep -vE '^SUITE ' "$work/suite.log" | tail -n 60
echo "gem.ruby-suite: $p passed, $f failed (against the installed gem)"
passed=$((passed + p))
failed=$((failed + f))
echo "gem size: $(stat -c %s "$gem_file" 2>/dev/null) bytes ($(basename "$gem_file"))"
finish
