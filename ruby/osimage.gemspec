# frozen_string_literal: true

# The osimage gem. `gem build osimage.gemspec` here gives a pure gem that needs an installed
# libosimage; scripts/gem builds the platform gem (x86_64-linux) carrying
# lib/osimage/libosimage.so.0, which the binding loads before any system path.
version = File.read(File.join(__dir__, "lib", "osimage.rb"))[/VERSION = "([^"]+)"/, 1]

Gem::Specification.new do |spec|
  spec.name = "osimage"
  spec.version = version
  spec.summary = "The OpenStack Image service (Glance v2) from Ruby, over libosimage (ffi)"
  spec.description = "Every operation of openstacksdk's image proxy under the same names, " \
                     "streaming and verified data transfers, clouds.yaml and OS_* configuration."
  spec.authors = ["osimage developers"]
  spec.license = "Apache-2.0"
  spec.homepage = "https://example.invalid/osimage"
  spec.required_ruby_version = ">= 2.7"
  spec.add_dependency "ffi", ">= 1.15", "< 2"

  bundled = File.join(__dir__, "lib", "osimage", "libosimage.so.0")
  spec.files = Dir.chdir(__dir__) { Dir["lib/**/*.rb"] }
  if File.exist?(bundled)
    spec.platform = Gem::Platform.new("x86_64-linux")
    spec.files << "lib/osimage/libosimage.so.0"
  end
  spec.require_paths = ["lib"]
end
