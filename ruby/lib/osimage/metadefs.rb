# frozen_string_literal: true

module OSImage
  # Metadata definitions of Connection under openstacksdk's names and argument order: a
  # namespace is its name or a Hash ("namespace"); an object, property, tag or resource type
  # its name or a Hash ("name"). Writing needs the admin role (others: ForbiddenError).
  module MetadefOperations
    def create_metadef_namespace(**attrs)
      value(:osi_create_metadef_namespace, Call::JSONArgument.new(attrs))
    end

    def delete_metadef_namespace(metadef_namespace, ignore_missing: true)
      action(:osi_delete_metadef_namespace, ns_of(metadef_namespace), ignore_missing ? 1 : 0)
    end

    def get_metadef_namespace(metadef_namespace)
      value(:osi_get_metadef_namespace, ns_of(metadef_namespace))
    end

    # Namespaces, paged (limit:, marker:), filtered by resource_types:, visibility:, sorted
    # by sort_key:/sort_dir:; max_items: stops early.
    def metadef_namespaces(**query)
      listing(:osi_metadef_namespaces, query_of(query))
    end

    def update_metadef_namespace(metadef_namespace, **attrs)
      value(:osi_update_metadef_namespace, ns_of(metadef_namespace), Call::JSONArgument.new(attrs))
    end

    def add_tag_to_metadef_namespace(namespace, tag)
      action(:osi_add_tag_to_metadef_namespace, ns_of(namespace), tag)
    end

    def remove_tag_from_metadef_namespace(namespace, tag)
      action(:osi_remove_tag_from_metadef_namespace, ns_of(namespace), tag)
    end

    def remove_tags_from_metadef_namespace(namespace)
      action(:osi_remove_tags_from_metadef_namespace, ns_of(namespace))
    end

    def create_metadef_object(namespace, **attrs)
      value(:osi_create_metadef_object, ns_of(namespace), Call::JSONArgument.new(attrs))
    end

    def get_metadef_object(metadef_object, namespace)
      value(:osi_get_metadef_object, ns_of(namespace), Call.id_of(metadef_object, "name"))
    end

    def metadef_objects(namespace, **query)
      listing(:osi_metadef_objects, ns_of(namespace), query_of(query))
    end

    def update_metadef_object(metadef_object, namespace, **attrs)
      value(:osi_update_metadef_object, ns_of(namespace), Call.id_of(metadef_object, "name"),
            Call::JSONArgument.new(attrs))
    end

    def delete_metadef_object(metadef_object, namespace, ignore_missing: true)
      action(:osi_delete_metadef_object, ns_of(namespace), Call.id_of(metadef_object, "name"), ignore_missing ? 1 : 0)
    end

    def delete_all_metadef_objects(namespace)
      action(:osi_delete_all_metadef_objects, ns_of(namespace))
    end

    # Resource types; keyword arguments are exact-match filters on their fields, max_items:.
    def metadef_resource_types(**query)
      listing(:osi_metadef_resource_types, query_of(query))
    end

    def create_metadef_resource_type_association(metadef_namespace, **attrs)
      value(:osi_create_metadef_resource_type_association, ns_of(metadef_namespace), Call::JSONArgument.new(attrs))
    end

    def delete_metadef_resource_type_association(metadef_resource_type, metadef_namespace, ignore_missing: true)
      action(:osi_delete_metadef_resource_type_association, ns_of(metadef_namespace),
             Call.id_of(metadef_resource_type, "name"), ignore_missing ? 1 : 0)
    end

    def metadef_resource_type_associations(metadef_namespace, **query)
      listing(:osi_metadef_resource_type_associations, ns_of(metadef_namespace), query_of(query))
    end

    def create_metadef_property(metadef_namespace, **attrs)
      value(:osi_create_metadef_property, ns_of(metadef_namespace), Call::JSONArgument.new(attrs))
    end

    def update_metadef_property(metadef_property, metadef_namespace, **attrs)
      value(:osi_update_metadef_property, ns_of(metadef_namespace), Call.id_of(metadef_property, "name"),
            Call::JSONArgument.new(attrs))
    end

    def delete_metadef_property(metadef_property, metadef_namespace, ignore_missing: true)
      action(:osi_delete_metadef_property, ns_of(metadef_namespace), Call.id_of(metadef_property, "name"),
             ignore_missing ? 1 : 0)
    end

    # Properties, each with its "name"; keyword arguments are exact-match filters.
    def metadef_properties(metadef_namespace, **query)
      listing(:osi_metadef_properties, ns_of(metadef_namespace), query_of(query))
    end

    def get_metadef_property(metadef_property, metadef_namespace)
      value(:osi_get_metadef_property, ns_of(metadef_namespace), Call.id_of(metadef_property, "name"))
    end

    def delete_all_metadef_properties(metadef_namespace)
      action(:osi_delete_all_metadef_properties, ns_of(metadef_namespace))
    end

    # Tags (Glance routes openstacksdk has no method for); limit: pages them by marker.
    def metadef_tags(namespace, **query)
      listing(:osi_metadef_tags, ns_of(namespace), query_of(query))
    end

    def get_metadef_tag(tag, namespace)
      value(:osi_get_metadef_tag, ns_of(namespace), Call.id_of(tag, "name"))
    end

    def create_metadef_tag(tag, namespace)
      value(:osi_create_metadef_tag, ns_of(namespace), Call.id_of(tag, "name"))
    end

    def update_metadef_tag(tag, namespace, name)
      value(:osi_update_metadef_tag, ns_of(namespace), Call.id_of(tag, "name"), name)
    end

    def delete_metadef_tag(tag, namespace)
      action(:osi_delete_metadef_tag, ns_of(namespace), Call.id_of(tag, "name"))
    end

    # Replaces the namespace's tags by tags (names), or adds them with append: true.
    def set_metadef_tags(namespace, tags, append: false)
      value(:osi_set_metadef_tags, ns_of(namespace), Call::JSONArgument.new(tags.to_a), append ? 1 : 0)
    end

    def get_metadef_namespace_schema = value(:osi_get_metadef_namespace_schema)
    def get_metadef_namespaces_schema = value(:osi_get_metadef_namespaces_schema)
    def get_metadef_resource_type_schema = value(:osi_get_metadef_resource_type_schema)
    def get_metadef_resource_types_schema = value(:osi_get_metadef_resource_types_schema)
    def get_metadef_object_schema = value(:osi_get_metadef_object_schema)
    def get_metadef_objects_schema = value(:osi_get_metadef_objects_schema)
    def get_metadef_property_schema = value(:osi_get_metadef_property_schema)
    def get_metadef_properties_schema = value(:osi_get_metadef_properties_schema)
    def get_metadef_tag_schema = value(:osi_get_metadef_tag_schema)
    def get_metadef_tags_schema = value(:osi_get_metadef_tags_schema)

    private

    def ns_of(namespace) = Call.id_of(namespace, "namespace")

    def query_of(query) = Call::JSONArgument.new(query.empty? ? nil : query)
  end
end
