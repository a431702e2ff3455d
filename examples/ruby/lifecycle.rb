# frozen_string_literal: true

# lifecycle.rb CLOUD OTHER_PROJECT_ID: an image's whole life with osimage. Creates an image,
# uploads 4 MiB of data into it with progress, finds it in the image list, downloads it to a
# file (verified against its sha512 while it streams), shares it with another project, and
# deletes it (also when a step fails).
require "digest"
require "osimage"
require "tmpdir"

abort "usage: lifecycle.rb CLOUD OTHER_PROJECT_ID" unless ARGV.size == 2
cloud, other_project = ARGV
data = (0..255).to_a.pack("C*") * (16 << 10) # 4 MiB; no disk format signature in it
name = "lifecycle-rb-#{Process.pid}"
progress = lambda do |label|
  reported = -1
  lambda do |done, total|
    percent = total ? done * 100 / total : 0
    next if percent / 25 == reported

    reported = percent / 25
    warn format("%s: %3d%% (%d of %s bytes)", label, percent, done, total || "?")
  end
end

begin
  OSImage::Connection.open(cloud: cloud) do |conn|
    image = conn.create_image(name, disk_format: "raw", container_format: "bare", visibility: "shared")
    begin
      puts "created  #{image["id"]} #{image["status"]}"
      image = conn.upload_image(image, data, progress: progress.call("upload"))
      puts "uploaded #{image["size"]} bytes: #{image["status"]}, #{image["os_hash_algo"]} #{image["os_hash_value"][0, 16]}..."

      listed = conn.images(name: name).map { |each| each["id"] }
      puts "listed   #{listed.size} image named #{name}"
      raise "the list does not show the image" unless listed == [image["id"]]

      Dir.mktmpdir do |folder|
        path = File.join(folder, "#{name}.raw")
        result = conn.download_image(image, output: path, progress: progress.call("download"))
        same = Digest::SHA512.file(path).hexdigest == Digest::SHA512.hexdigest(data)
        puts "download #{result["bytes"]} bytes, #{result["hash_algo"]} verified: #{result["hash_verified"]}, same bytes: #{same}"
        raise "the copy differs" unless same && result["hash_verified"]
      end

      member = conn.add_member(image, other_project)
      puts "shared   with project #{member["member_id"]}: member #{member["status"]}"
    ensure
      conn.delete_image(image, ignore_missing: false)
      puts "deleted  #{image["id"]}"
    end
  end
rescue OSImage::Error => e
  abort "lifecycle: #{e.message}"
end
