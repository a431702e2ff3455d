# frozen_string_literal: true

module OSImage
  # The image calls of Connection (list, get, find, ...); an image argument is an id or an
  # image Hash.
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
  end
end
