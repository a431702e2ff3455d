import COSImageTypes
import CJansson
import OSImageCore

// Metadata definitions (metadefs): namespaces and their objects, properties, tags and resource
// type associations, and their ten schemas. The namespace comes first in every call, as the
// image does elsewhere; names are checked as path segments (no '/', no control characters).

/// Creates a metadata definition namespace (`POST /v2/metadefs/namespaces`). `attrs` (borrowed
/// JSON object) needs "namespace" and may hold display_name, description, visibility (public,
/// private), protected, properties, objects, tags and resource_type_associations. An existing
/// namespace gives OSI_CONFLICT. Needs the admin role under Glance's default policies (others:
/// OSI_FORBIDDEN). On success *out_namespace is a new reference to the namespace. Thread-safe.
@c public func osi_create_metadef_namespace(_ conn: osi_conn_ref?, _ attrs: UnsafePointer<json_t>?,
                                            _ out_namespace: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                            _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_namespace, "out_namespace")
        out.pointee = try connection(conn).createMetadefNamespace(jsonObject(attrs, "attrs")).forC
    }
}

/// Deletes a metadata definition namespace with all its objects, properties, tags and
/// associations (`DELETE /v2/metadefs/namespaces/{namespace}`). With ignore_missing non-zero a
/// missing namespace is no error; otherwise OSI_NOT_FOUND. A protected namespace gives
/// OSI_FORBIDDEN. Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN).
/// Thread-safe.
@c public func osi_delete_metadef_namespace(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                            _ ignore_missing: Int32,
                                            _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteMetadefNamespace(string(namespace, "namespace"), ignoreMissing: ignore_missing != 0)
    }
}

/// Gets one metadata definition namespace (`GET /v2/metadefs/namespaces/{namespace}`), e.g.
/// "OS::Compute::Libvirt", with its properties, objects, tags and resource_type_associations.
/// Missing (or private to another project): OSI_NOT_FOUND. On success *out_namespace is a new
/// reference to the namespace. Thread-safe.
@c public func osi_get_metadef_namespace(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                         _ out_namespace: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                         _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_namespace, "out_namespace")
        out.pointee = try connection(conn).getMetadefNamespace(string(namespace, "namespace")).forC
    }
}

/// Lists metadata definition namespaces lazily (`GET /v2/metadefs/namespaces`, paged by limit
/// and marker, following Glance's next links from osi_iter_next()). `query` (borrowed; NULL for
/// all) is a JSON object: "limit" (page size; default 1000), "marker", "resource_types",
/// "visibility", "sort_key", "sort_dir", and the local "max_items" and "paginated"; other keys
/// give OSI_INVALID_ARGUMENT. Free the iterator with osi_iter_free(). Thread-safe.
@c public func osi_metadef_namespaces(_ conn: osi_conn_ref?, _ query: UnsafePointer<json_t>?,
                                      _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).metadefNamespaces(query: json(query)))
    }
}

/// Replaces the fields of a namespace (`PUT /v2/metadefs/namespaces/{namespace}`) with `attrs`
/// (borrowed JSON object: display_name, description, visibility, protected, ...); "namespace",
/// which Glance requires, defaults to the current name (another value renames it). Needs the
/// admin role under Glance's default policies (others: OSI_FORBIDDEN). On success
/// *out_namespace is a new reference to the updated namespace. Thread-safe.
@c public func osi_update_metadef_namespace(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                            _ attrs: UnsafePointer<json_t>?,
                                            _ out_namespace: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                            _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_namespace, "out_namespace")
        out.pointee = try connection(conn).updateMetadefNamespace(string(namespace, "namespace"), attributes: jsonObject(attrs, "attrs")).forC
    }
}

/// Adds one tag to a namespace (`POST /v2/metadefs/namespaces/{namespace}/tags/{tag}`); an
/// existing tag gives OSI_CONFLICT. osi_create_metadef_tag() does the same and returns the tag.
/// Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_add_tag_to_metadef_namespace(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                _ tag: UnsafePointer<CChar>?,
                                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        _ = try connection(conn).createMetadefTag(namespace: string(namespace, "namespace"), tag: string(tag, "tag"))
    }
}

/// Removes one tag from a namespace (`DELETE /v2/metadefs/namespaces/{namespace}/tags/{tag}`);
/// a missing tag gives OSI_NOT_FOUND. Same request as osi_delete_metadef_tag(). Needs the admin
/// role under Glance's default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_remove_tag_from_metadef_namespace(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                     _ tag: UnsafePointer<CChar>?,
                                                     _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteMetadefTag(namespace: string(namespace, "namespace"), tag: string(tag, "tag"))
    }
}

/// Removes every tag of a namespace (`DELETE /v2/metadefs/namespaces/{namespace}/tags`). Needs
/// the admin role under Glance's default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_remove_tags_from_metadef_namespace(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteAllMetadefTags(namespace: string(namespace, "namespace"))
    }
}

/// Creates an object in a namespace (`POST /v2/metadefs/namespaces/{namespace}/objects`).
/// `attrs` (borrowed JSON object) needs "name" and may hold description, required (array of
/// property names) and properties ({name: {"title", "type", ...}}). Needs the admin role under
/// Glance's default policies (others: OSI_FORBIDDEN). On success *out_object is a new reference
/// to the object. Thread-safe.
@c public func osi_create_metadef_object(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                         _ attrs: UnsafePointer<json_t>?,
                                         _ out_object: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                         _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_object, "out_object")
        out.pointee = try connection(conn).createMetadefObject(namespace: string(namespace, "namespace"), attributes: jsonObject(attrs, "attrs")).forC
    }
}

/// Gets one object of a namespace (`GET /v2/metadefs/namespaces/{namespace}/objects/{name}`);
/// missing: OSI_NOT_FOUND. The namespace comes first, as the image does elsewhere
/// (openstacksdk: object, namespace). On success *out_object is a new reference to the object.
/// Thread-safe.
@c public func osi_get_metadef_object(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                      _ name: UnsafePointer<CChar>?,
                                      _ out_object: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_object, "out_object")
        out.pointee = try connection(conn).getMetadefObject(namespace: string(namespace, "namespace"), object: string(name, "name")).forC
    }
}

/// Lists the objects of a namespace lazily (`GET /v2/metadefs/namespaces/{namespace}/objects`,
/// fetched by the first osi_iter_next(); Glance answers in one page). `query` (borrowed; NULL
/// for all) is a JSON object: "visibility", "resource_types", "sort_key", "sort_dir", "limit",
/// "marker", and the local "max_items" and "paginated"; other keys give OSI_INVALID_ARGUMENT.
/// Free the iterator with osi_iter_free(). Thread-safe.
@c public func osi_metadef_objects(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                   _ query: UnsafePointer<json_t>?, _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).metadefObjects(namespace: string(namespace, "namespace"), query: json(query)))
    }
}

/// Replaces an object of a namespace (`PUT /v2/metadefs/namespaces/{namespace}/objects/{name}`)
/// with `attrs` (borrowed JSON object); "name" defaults to the current name (another value
/// renames it). Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN).
/// On success *out_object is a new reference to the updated object. Thread-safe.
@c public func osi_update_metadef_object(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                         _ name: UnsafePointer<CChar>?, _ attrs: UnsafePointer<json_t>?,
                                         _ out_object: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                         _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_object, "out_object")
        out.pointee = try connection(conn).updateMetadefObject(namespace: string(namespace, "namespace"), object: string(name, "name"), attributes: jsonObject(attrs, "attrs")).forC
    }
}

/// Deletes an object of a namespace (`DELETE
/// /v2/metadefs/namespaces/{namespace}/objects/{name}`). With ignore_missing non-zero a missing
/// object is no error; otherwise OSI_NOT_FOUND. Needs the admin role under Glance's default
/// policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_delete_metadef_object(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                         _ name: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                                         _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteMetadefObject(namespace: string(namespace, "namespace"), object: string(name, "name"), ignoreMissing: ignore_missing != 0)
    }
}

/// Deletes every object of a namespace (`DELETE /v2/metadefs/namespaces/{namespace}/objects`).
/// Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_delete_all_metadef_objects(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteAllMetadefObjects(namespace: string(namespace, "namespace"))
    }
}

/// Lists the resource types metadata definitions can apply to (`GET
/// /v2/metadefs/resource_types`: {"name": "OS::Glance::Image", "created_at", ...}), lazily.
/// `query` (borrowed; NULL for all) is a JSON object of exact matches on the items' fields,
/// plus "max_items"; Glance filters nothing, so osimage does. Free the iterator with
/// osi_iter_free(). Thread-safe.
@c public func osi_metadef_resource_types(_ conn: osi_conn_ref?, _ query: UnsafePointer<json_t>?,
                                          _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                          _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).metadefResourceTypes(query: json(query)))
    }
}

/// Associates a namespace with a resource type (`POST
/// /v2/metadefs/namespaces/{namespace}/resource_types`). `attrs` (borrowed JSON object) needs
/// "name" (e.g. "OS::Glance::Image") and may hold "prefix" and "properties_target". Needs the
/// admin role under Glance's default policies (others: OSI_FORBIDDEN). On success
/// *out_association is a new reference to the association. Thread-safe.
@c public func osi_create_metadef_resource_type_association(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                            _ attrs: UnsafePointer<json_t>?,
                                                            _ out_association: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                                            _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_association, "out_association")
        out.pointee = try connection(conn).createMetadefResourceTypeAssociation(namespace: string(namespace, "namespace"), attributes: jsonObject(attrs, "attrs")).forC
    }
}

/// Removes the association of a namespace with the resource type `name` (`DELETE
/// /v2/metadefs/namespaces/{namespace}/resource_types/{name}`). With ignore_missing non-zero a
/// missing association is no error; otherwise OSI_NOT_FOUND. Needs the admin role under
/// Glance's default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_delete_metadef_resource_type_association(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                            _ name: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                                                            _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteMetadefResourceTypeAssociation(namespace: string(namespace, "namespace"), resourceType: string(name, "name"), ignoreMissing: ignore_missing != 0)
    }
}

/// Lists the resource type associations of a namespace lazily (`GET
/// /v2/metadefs/namespaces/{namespace}/resource_types`: {"name", "prefix", "properties_target",
/// ...}). `query` (borrowed; NULL for all) is a JSON object of exact matches on the items'
/// fields, plus "max_items". Free the iterator with osi_iter_free(). Thread-safe.
@c public func osi_metadef_resource_type_associations(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                      _ query: UnsafePointer<json_t>?,
                                                      _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).metadefResourceTypeAssociations(namespace: string(namespace, "namespace"), query: json(query)))
    }
}

/// Creates a property in a namespace (`POST /v2/metadefs/namespaces/{namespace}/properties`).
/// `attrs` (borrowed JSON object) needs "name", "title" and "type" (string, integer, number,
/// boolean, array, object) and may hold description, enum, default, minimum, maximum, pattern,
/// items, ... Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN). On
/// success *out_property is a new reference to the property. Thread-safe.
@c public func osi_create_metadef_property(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                           _ attrs: UnsafePointer<json_t>?,
                                           _ out_property: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_property, "out_property")
        out.pointee = try connection(conn).createMetadefProperty(namespace: string(namespace, "namespace"), attributes: jsonObject(attrs, "attrs")).forC
    }
}

/// Replaces a property of a namespace (`PUT
/// /v2/metadefs/namespaces/{namespace}/properties/{name}`) with `attrs` (borrowed JSON object;
/// Glance wants "title" and "type" again); "name" defaults to the current name (another value
/// renames it). Needs the admin role under Glance's default policies (others: OSI_FORBIDDEN).
/// On success *out_property is a new reference to the updated property. Thread-safe.
@c public func osi_update_metadef_property(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                           _ name: UnsafePointer<CChar>?, _ attrs: UnsafePointer<json_t>?,
                                           _ out_property: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_property, "out_property")
        out.pointee = try connection(conn).updateMetadefProperty(namespace: string(namespace, "namespace"), property: string(name, "name"), attributes: jsonObject(attrs, "attrs")).forC
    }
}

/// Deletes a property of a namespace (`DELETE
/// /v2/metadefs/namespaces/{namespace}/properties/{name}`). With ignore_missing non-zero a
/// missing property is no error; otherwise OSI_NOT_FOUND. Needs the admin role under Glance's
/// default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_delete_metadef_property(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                           _ name: UnsafePointer<CChar>?, _ ignore_missing: Int32,
                                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteMetadefProperty(namespace: string(namespace, "namespace"), property: string(name, "name"), ignoreMissing: ignore_missing != 0)
    }
}

/// Lists the properties of a namespace lazily (`GET
/// /v2/metadefs/namespaces/{namespace}/properties`, one answer {"properties": {name:
/// property}}); each item is a property with its "name" added. `query` (borrowed; NULL for all)
/// is a JSON object of exact matches on the properties' fields (e.g. {"type": "string"}), plus
/// "max_items", as openstacksdk filters on the client. Free the iterator with osi_iter_free().
/// Thread-safe.
@c public func osi_metadef_properties(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                      _ query: UnsafePointer<json_t>?, _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).metadefProperties(namespace: string(namespace, "namespace"), query: json(query)))
    }
}

/// Gets one property of a namespace (`GET
/// /v2/metadefs/namespaces/{namespace}/properties/{name}`); missing: OSI_NOT_FOUND. On success
/// *out_property is a new reference to the property. Thread-safe.
@c public func osi_get_metadef_property(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                        _ name: UnsafePointer<CChar>?,
                                        _ out_property: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                        _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_property, "out_property")
        out.pointee = try connection(conn).getMetadefProperty(namespace: string(namespace, "namespace"), property: string(name, "name")).forC
    }
}

/// Deletes every property of a namespace (`DELETE
/// /v2/metadefs/namespaces/{namespace}/properties`). Needs the admin role under Glance's
/// default policies (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_delete_all_metadef_properties(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteAllMetadefProperties(namespace: string(namespace, "namespace"))
    }
}

/// The JSON schema of a metadef namespace (`GET /v2/schemas/metadefs/namespace`); *out_schema
/// is a new reference. Thread-safe.
@c public func osi_get_metadef_namespace_schema(_ conn: osi_conn_ref?,
                                                _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.namespace, conn, out_schema)
    }
}

/// The JSON schema of a metadef namespace list (`GET /v2/schemas/metadefs/namespaces`);
/// *out_schema is a new reference. Thread-safe.
@c public func osi_get_metadef_namespaces_schema(_ conn: osi_conn_ref?,
                                                 _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.namespaces, conn, out_schema)
    }
}

/// The JSON schema of a metadef resource type association (`GET
/// /v2/schemas/metadefs/resource_type`); *out_schema is a new reference. Thread-safe.
@c public func osi_get_metadef_resource_type_schema(_ conn: osi_conn_ref?,
                                                    _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.resourceType, conn, out_schema)
    }
}

/// The JSON schema of a metadef resource type association list (`GET
/// /v2/schemas/metadefs/resource_types`); *out_schema is a new reference. Thread-safe.
@c public func osi_get_metadef_resource_types_schema(_ conn: osi_conn_ref?,
                                                     _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                                     _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.resourceTypes, conn, out_schema)
    }
}

/// The JSON schema of a metadef object (`GET /v2/schemas/metadefs/object`); *out_schema is a
/// new reference. Thread-safe.
@c public func osi_get_metadef_object_schema(_ conn: osi_conn_ref?,
                                             _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                             _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.object, conn, out_schema)
    }
}

/// The JSON schema of a metadef object list (`GET /v2/schemas/metadefs/objects`); *out_schema
/// is a new reference. Thread-safe.
@c public func osi_get_metadef_objects_schema(_ conn: osi_conn_ref?,
                                              _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                              _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.objects, conn, out_schema)
    }
}

/// The JSON schema of a metadef property (`GET /v2/schemas/metadefs/property`); *out_schema is
/// a new reference. Thread-safe.
@c public func osi_get_metadef_property_schema(_ conn: osi_conn_ref?,
                                               _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                               _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.property, conn, out_schema)
    }
}

/// The JSON schema of a metadef property list (`GET /v2/schemas/metadefs/properties`);
/// *out_schema is a new reference. Thread-safe.
@c public func osi_get_metadef_properties_schema(_ conn: osi_conn_ref?,
                                                 _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                                 _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.properties, conn, out_schema)
    }
}

/// The JSON schema of a metadef tag (`GET /v2/schemas/metadefs/tag`); *out_schema is a new
/// reference. Thread-safe.
@c public func osi_get_metadef_tag_schema(_ conn: osi_conn_ref?,
                                          _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                          _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.tag, conn, out_schema)
    }
}

/// The JSON schema of a metadef tag list (`GET /v2/schemas/metadefs/tags`); *out_schema is a
/// new reference. Thread-safe.
@c public func osi_get_metadef_tags_schema(_ conn: osi_conn_ref?,
                                           _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                           _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try metadefSchema(.tags, conn, out_schema)
    }
}

/// Lists the tags of a namespace lazily (`GET /v2/metadefs/namespaces/{namespace}/tags`; no
/// openstacksdk method): {"name", "created_at", "updated_at"}. `query` (borrowed; NULL for all)
/// is a JSON object: "limit" (page size: Glance then pages by marker without next links, which
/// osimage follows), "marker", "sort_key", "sort_dir", and the local "max_items" and
/// "paginated"; other keys give OSI_INVALID_ARGUMENT. Free the iterator with osi_iter_free().
/// Thread-safe.
@c public func osi_metadef_tags(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                _ query: UnsafePointer<json_t>?, _ out_iter: UnsafeMutablePointer<osi_iter_ref?>?,
                                _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_iter, "out_iter")
        out.pointee = retained(try connection(conn).metadefTags(namespace: string(namespace, "namespace"), query: json(query)))
    }
}

/// Gets one tag of a namespace (`GET /v2/metadefs/namespaces/{namespace}/tags/{tag}`); missing:
/// OSI_NOT_FOUND. On success *out_tag is a new reference to the tag. Thread-safe.
@c public func osi_get_metadef_tag(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                   _ tag: UnsafePointer<CChar>?,
                                   _ out_tag: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                   _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_tag, "out_tag")
        out.pointee = try connection(conn).getMetadefTag(namespace: string(namespace, "namespace"), tag: string(tag, "tag")).forC
    }
}

/// Creates one tag in a namespace (`POST /v2/metadefs/namespaces/{namespace}/tags/{tag}`); an
/// existing tag gives OSI_CONFLICT. Needs the admin role under Glance's default policies
/// (others: OSI_FORBIDDEN). On success *out_tag is a new reference to the tag. Thread-safe.
@c public func osi_create_metadef_tag(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                      _ tag: UnsafePointer<CChar>?,
                                      _ out_tag: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_tag, "out_tag")
        out.pointee = try connection(conn).createMetadefTag(namespace: string(namespace, "namespace"), tag: string(tag, "tag")).forC
    }
}

/// Renames a tag of a namespace to `new_name` (`PUT
/// /v2/metadefs/namespaces/{namespace}/tags/{tag}`). Needs the admin role under Glance's
/// default policies (others: OSI_FORBIDDEN). On success *out_tag is a new reference to the
/// renamed tag. Thread-safe.
@c public func osi_update_metadef_tag(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                      _ tag: UnsafePointer<CChar>?, _ new_name: UnsafePointer<CChar>?,
                                      _ out_tag: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        let out = try output(out_tag, "out_tag")
        out.pointee = try connection(conn).updateMetadefTag(namespace: string(namespace, "namespace"), tag: string(tag, "tag"), newName: string(new_name, "new_name")).forC
    }
}

/// Deletes one tag of a namespace (`DELETE /v2/metadefs/namespaces/{namespace}/tags/{tag}`); a
/// missing tag gives OSI_NOT_FOUND. Needs the admin role under Glance's default policies
/// (others: OSI_FORBIDDEN). Thread-safe.
@c public func osi_delete_metadef_tag(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                      _ tag: UnsafePointer<CChar>?,
                                      _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        try connection(conn).deleteMetadefTag(namespace: string(namespace, "namespace"), tag: string(tag, "tag"))
    }
}

/// Replaces the tags of a namespace by `tags` (borrowed JSON array of strings), or with append
/// non-zero adds them to the existing ones (`POST /v2/metadefs/namespaces/{namespace}/tags`,
/// header X-OpenStack-Append). A tag given twice gives OSI_CONFLICT. Needs the admin role under
/// Glance's default policies (others: OSI_FORBIDDEN). On success *out_tags (may be NULL) is a
/// new reference to the JSON array of the tags Glance lists. Thread-safe.
@c public func osi_set_metadef_tags(_ conn: osi_conn_ref?, _ namespace: UnsafePointer<CChar>?,
                                    _ tags: UnsafePointer<json_t>?, _ append: Int32,
                                    _ out_tags: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?,
                                    _ err: UnsafeMutablePointer<osi_error_ref?>?) -> osi_status {
    call(err) { () throws(OSIError) in
        out_tags?.pointee = nil
        guard let names = try json(tags, "tags")?.stringArray else { throw .invalidArgument("tags must be a JSON array of strings") }
        let listed = try connection(conn).setMetadefTags(namespace: string(namespace, "namespace"), tags: names, append: append != 0)
        out_tags?.pointee = JSON.array(listed).forC
    }
}

/// Fetches one metadef schema into *out_schema (a new reference).
private func metadefSchema(_ kind: MetadefSchemaKind, _ conn: osi_conn_ref?,
                           _ out_schema: UnsafeMutablePointer<UnsafeMutablePointer<json_t>?>?) throws(OSIError) {
    let out = try output(out_schema, "out_schema")
    out.pointee = try connection(conn).metadefSchema(kind).forC
}
