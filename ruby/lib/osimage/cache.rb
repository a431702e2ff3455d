# frozen_string_literal: true

module OSImage
  # The image cache (admin; Glance v2.14, v2.18 for the newer calls), image locations (v2.17)
  # and quota usage of Connection. A call the cloud's advertised version does not cover
  # raises UnsupportedError before any request.
  module CacheOperations
    def get_image_cache = value(:osi_get_image_cache)

    def cache_delete_image(image, ignore_missing: true)
      action(:osi_cache_delete_image, Call.id_of(image), ignore_missing ? 1 : 0)
    end

    # Queues an active image for caching (Glance caches it in the background).
    def queue_image(image)
      action(:osi_queue_image, Call.id_of(image))
    end

    # target: "both", "cache" or "queue".
    def clear_cache(target = "both")
      action(:osi_clear_cache, target)
    end

    def cached_image_nodes(image)
      value(:osi_cached_image_nodes, Call.id_of(image))
    end

    def clean_cache
      action(:osi_clean_cache)
    end

    # {"total_files_pruned" => n, "total_bytes_pruned" => n}
    def prune_cache = value(:osi_prune_cache)

    # Adds an http(s) location to a queued image; Glance activates it in the background.
    # Returns the location as openstacksdk does.
    def add_image_location(image, url, validation_data: nil)
      data = validation_data || {}
      action(:osi_add_image_location, Call.id_of(image), url, Call::JSONArgument.new(data))
      { "image_id" => Call.id_of(image), "url" => url, "validation_data" => data }
    end

    # The image's locations (service or admin role), as a lazy Enumerable.
    def image_locations(image)
      listing(:osi_image_locations, Call.id_of(image))
    end

    # The project's quota usage: {"usage" => {...}}.
    def get_usage_info = value(:osi_get_usage_info)
  end
end
