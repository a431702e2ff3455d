# frozen_string_literal: true

module OSImage
  # The image calls of Connection (list, get, find, update, import, ...); an image argument
  # is an id or an image Hash.
  module ImageOperations
    # The images (Hashes) matching the filters, fetched lazily page by page: name, status,
    # visibility, owner, tag, sort, limit (page size), max_items, any image property...
    def images(**query)
      listing(:osi_images, Call::JSONArgument.new(query.empty? ? nil : query))
    end

    # One image by id; NotFoundError when unknown.
    def get_image(image)
      value(:osi_get_image, Call.id_of(image))
    end

    # An image by id, else by exact name; nil when missing and ignore_missing.
    def find_image(name_or_id, ignore_missing: true)
      value(:osi_find_image, name_or_id, ignore_missing ? 1 : 0)
    end

    # Changes attributes and properties with one JSON patch against the image as it is on
    # the server: nil removes a custom property, tags: [...] replaces the list; nothing to
    # change sends nothing. Returns the updated image.
    def update_image(image, **attrs)
      value(:osi_update_image, Call.id_of(image), Call::JSONArgument.new(attrs))
    end

    # Deletes an image, or with store: only its data in that store; a missing image is no
    # error unless ignore_missing: false.
    def delete_image(image, ignore_missing: true, store: nil)
      options = store ? { store: Call.id_of(store) } : nil
      action(:osi_delete_image, Call.id_of(image), ignore_missing ? 1 : 0, Call::JSONArgument.new(options))
    end

    def deactivate_image(image) = action(:osi_deactivate_image, Call.id_of(image))
    def reactivate_image(image) = action(:osi_reactivate_image, Call.id_of(image))
    def add_tag(image, tag) = action(:osi_add_tag, Call.id_of(image), tag)
    def remove_tag(image, tag) = action(:osi_remove_tag, Call.id_of(image), tag)

    # Starts an import; follow it with wait_for_image. method: glance-direct (after
    # stage_image), web-download (uri:), copy-image (stores:), glance-download
    # (remote_region:, remote_image_id:); store:, stores:, all_stores:,
    # all_stores_must_succeed:.
    def import_image(image, method: "glance-direct", **options)
      options[:store] = Call.id_of(options[:store]) if options[:store]
      options[:stores] = options[:stores].map { |store| Call.id_of(store) } if options[:stores]
      action(:osi_import_image, Call.id_of(image), Call::JSONArgument.new(options.merge(method: method)))
    end

    # Polls until the image has status (timeout nil: no limit) and returns it (nil for
    # "deleted"); a failed import raises TaskFailedError, running out of time TimeoutError.
    # The block sees the image after every poll; an exception there stops the wait.
    def wait_for_image(image, status: "active", timeout: nil, interval: 2, &block)
      watch = Callback.watcher(block)
      options = { timeout: Call.time_limit(timeout), interval: interval.to_f }
      value(:osi_wait_for_image, Call.id_of(image), status, Call::JSONArgument.new(options), watch, nil,
            callbacks: [watch])
    end

    # openstacksdk's wait_for_status: polls the resource (an image, task or member Hash; an
    # id String means an image) until its attribute equals status (ignoring case); a value
    # in failures: (default ["ERROR"]) raises TaskFailedError, wait: seconds (nil: no
    # limit) TimeoutError. The block sees the resource after every poll.
    def wait_for_status(res, status, failures: nil, interval: 2, wait: nil, attribute: "status", &block)
      options = { interval: interval.to_f, attribute: attribute, failures: failures || ["ERROR"] }
      options[:timeout] = wait.to_f if wait
      watch = Callback.watcher(block)
      value(:osi_wait_for_status, Call::JSONArgument.new(res.is_a?(String) ? { "id" => res } : res), status,
            Call::JSONArgument.new(options), watch, nil, callbacks: [watch])
    end

    # openstacksdk's wait_for_delete: polls until the resource is gone (404); wait: seconds
    # (nil: no limit) then TimeoutError. Returns the resource as last seen.
    def wait_for_delete(res, interval: 2, wait: 120, &block)
      options = { interval: interval.to_f }
      options[:timeout] = wait.to_f if wait
      watch = Callback.watcher(block)
      value(:osi_wait_for_delete, Call::JSONArgument.new(res.is_a?(String) ? { "id" => res } : res),
            Call::JSONArgument.new(options), watch, nil, callbacks: [watch])
    end

    # openstacksdk's update_image_properties: properties converted its way (min_disk,
    # min_ram, size, virtual_size to integers, the rest to strings), meta: sent as given;
    # only differing values are sent. Returns true when something changed.
    def update_image_properties(image, meta: nil, **properties)
      changed = FFI::MemoryPointer.new(:int32)
      call(:osi_update_image_properties, Call.id_of(image), Call::JSONArgument.new(meta),
           Call::JSONArgument.new(properties.empty? ? nil : properties), changed, nil)
      changed.read(:int32) == 1
    end

    # The image's import tasks (a failed one explains itself in "message").
    def image_tasks(image)
      listing(:osi_image_tasks, Call.id_of(image))
    end
  end
end
