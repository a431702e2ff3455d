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

    # The image's import tasks (a failed one explains itself in "message").
    def image_tasks(image)
      listing(:osi_image_tasks, Call.id_of(image))
    end
  end
end
