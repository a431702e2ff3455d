# frozen_string_literal: true

module OSImage
  # Creating images and moving their data. progress: a Proc called with (done, total)
  # (total nil when unknown); an exception raised in it, or in a chunk block, aborts the
  # transfer and is raised by the call.
  module DataOperations
    # Creates an image as openstacksdk's create_image does (its defects fixed) and gives it
    # data from filename: or data: when given (name nil: the file's base name). Options:
    # disk_format:, container_format:, visibility:, tags:, meta:, wait:, timeout:,
    # allow_duplicates:, validate_checksum:, use_import:, import_method:, uri:, stores:, ...
    # and any image property; progress: follows the upload. decompress: true (detect) or
    # "xz"/"gzip"/"zstd" uploads the decompressed bytes of filename: or data:.
    def create_image(name, filename: nil, data: nil, progress: nil, decompress: nil, **options)
      compressed = decompress ? filename : nil # read through a decompressing source
      options[:filename] = filename.to_s if filename && !decompress
      watch = Callback.progress(progress)
      Source.using(filename: compressed, data: data, decompress: decompress) do |source|
        value(:osi_create_image, name, Call::JSONArgument.new(options.empty? ? nil : options), source.handle,
              watch, nil, callbacks: [watch, source.callback])
      end
    end

    # Uploads data (a String, a File or an IO) into an existing queued image; size: for a
    # stream that does not know its length, validate_checksum: compares the md5 sent.
    # decompress: true (detect) or "xz"/"gzip"/"zstd" sends the decompressed bytes (size: is
    # then the decompressed size; a corrupt or truncated stream raises LocalIOError).
    def upload_image(image, data, progress: nil, size: nil, validate_checksum: false, decompress: nil)
      watch = Callback.progress(progress)
      options = Call::JSONArgument.new(validate_checksum ? { validate_checksum: true } : nil)
      Source.using(data: data, size: size, decompress: decompress) do |source|
        value(:osi_upload_image, Call.id_of(image), source.handle, options, watch, nil,
              callbacks: [watch, source.callback])
      end
    end

    # Stages data for a glance-direct import; then call import_image(image).
    def stage_image(image, filename: nil, data: nil, progress: nil, decompress: nil)
      watch = Callback.progress(progress)
      Source.using(filename: filename, data: data, decompress: decompress) do |source|
        value(:osi_stage_image, Call.id_of(image), source.handle, watch, nil, callbacks: [watch, source.callback])
      end
    end

    # Copies an image of this connection into the cloud of the Connection destination
    # (osi_copy_image): streamed through a bounded pipe, the source's hash verified as the
    # bytes pass and the copy's checksum compared after; metadata carried over, options
    # override it: name:, visibility: (default "private"), disk_format:, container_format:,
    # min_disk:, min_ram:, tags:, properties: (a Hash). method: "glance-download" has the
    # destination Glance fetch the bytes from the source's region (one Keystone; else
    # UnsupportedError, nothing created), "auto" does so when possible and the regions
    # differ, else streams; timeout:/interval: bound its wait. On any failure the copy is
    # deleted. Returns the destination image.
    def copy_image(image, destination, progress: nil, **options)
      watch = Callback.progress(progress)
      value(:osi_copy_image, Call.id_of(image), destination.send(:live),
            Call::JSONArgument.new(options.empty? ? nil : options), watch, nil, callbacks: [watch])
    end

    # Downloads an image's data, verified while it streams (ChecksumError on a mismatch), to
    # output (a path or an IO), to the block (each chunk), or (neither) returns the bytes.
    # options: prefer:, offset:, length:, require_hash:, stall_timeout:, connections: (1..16
    # ranged requests at once; one stream when the server ignores Range), resume: (true, with
    # a path output only: a failed download keeps its bytes in PATH.osimage-partial beside
    # the file, with the image's id, size and hashes in PATH.osimage-partial.json; the next
    # download with resume: true fetches only the rest with a Range request, verifies the
    # whole image and renames it to PATH, or starts over when the image changed or the server
    # ignores Range; the result then has "resumed_from"). Returns the result ({"bytes",
    # "hash_algo", "hash_verified", ...}) unless the bytes are returned.
    def download_image(image, output: nil, progress: nil, max_bytes: nil, stream: false, **options, &chunk)
      return open_image(image, **options) if stream && output.nil? && chunk.nil?

      watch = Callback.progress(progress)
      Sink.using(output, max_bytes: max_bytes, consume: chunk) do |sink|
        result = value(:osi_download_image, Call.id_of(image), sink.handle,
                       Call::JSONArgument.new(options.empty? ? nil : options), watch, nil,
                       callbacks: [watch, sink.callback])
        sink.in_memory? ? sink.memory_bytes : result
      end
    end

    # The image's data as an IO-like ImageReader (read, each_chunk, close), pulled in
    # constant memory and verified by the read that reaches the end. options as
    # download_image's. With a block, yields the reader and closes it afterwards.
    def open_image(image, **options)
      handle = call(:osi_reader_open, Call.id_of(image), Call::JSONArgument.new(options.empty? ? nil : options),
                    out: true)
      reader = ImageReader.new(handle, callbacks: [@log])
      return reader unless block_given?

      begin
        yield reader
      ensure
        reader.close
      end
    end
  end
end
