# frozen_string_literal: true

module OSImage
  # Schemas, stores and import info of Connection.
  module ServiceInfoOperations
    def get_image_schema = value(:osi_get_image_schema)
    def get_images_schema = value(:osi_get_images_schema)
    def get_member_schema = value(:osi_get_member_schema)
    def get_members_schema = value(:osi_get_members_schema)
    def get_task_schema = value(:osi_get_task_schema)
    def get_tasks_schema = value(:osi_get_tasks_schema)

    # The import methods the cloud offers.
    def get_import_info = value(:osi_get_import_info)

    # The stores (details: true needs admin), as a lazy Enumerable.
    def stores(details: false)
      listing(:osi_stores, details ? 1 : 0)
    end
  end
end
