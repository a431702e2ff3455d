# frozen_string_literal: true

module OSImage
  # Sharing an image with other projects. Argument order follows openstacksdk: member, then
  # image; a member is a project id or a member Hash ("member_id"), an image an id or Hash.
  module MemberOperations
    # Shares a "shared" image with a project; the member is "pending" until it accepts.
    def add_member(image, member_id)
      value(:osi_add_member, Call.id_of(image), member_id)
    end

    def remove_member(member, image, ignore_missing: true)
      action(:osi_remove_member, Call.id_of(image), Call.id_of(member, "member_id"), ignore_missing ? 1 : 0)
    end

    def find_member(name_or_id, image, ignore_missing: true)
      value(:osi_find_member, Call.id_of(image), name_or_id, ignore_missing ? 1 : 0)
    end

    def get_member(member, image)
      value(:osi_get_member, Call.id_of(image), Call.id_of(member, "member_id"))
    end

    # The image's members, filtered by status:, member_id:, created_at:, updated_at:, max_items:.
    def members(image, **query)
      listing(:osi_members, Call.id_of(image), Call::JSONArgument.new(query.empty? ? nil : query))
    end

    # Sets the calling project's member status: "accepted", "rejected" or "pending".
    def update_member(member, image, status)
      value(:osi_update_member, Call.id_of(image), Call.id_of(member, "member_id"), status)
    end
  end
end
