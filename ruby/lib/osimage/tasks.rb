# frozen_string_literal: true

module OSImage
  # Glance's tasks API (admin only by default).
  module TaskOperations
    # The tasks, filtered by type:, status:, sort_key:, sort_dir:, limit:, max_items:, ...
    def tasks(**query)
      listing(:osi_tasks, Call::JSONArgument.new(query.empty? ? nil : query))
    end

    def get_task(task) = value(:osi_get_task, Call.id_of(task))

    # Creates a task: type: "import", input: { import_from:, import_from_format:, image_properties: }.
    def create_task(**attrs) = value(:osi_create_task, Call::JSONArgument.new(attrs))

    # Polls until the task has status; a status in failures raises TaskFailedError, running
    # out of wait seconds (nil: no limit) TimeoutError. The block sees every poll.
    def wait_for_task(task, status: "success", failures: nil, interval: 2, wait: 120, &block)
      watch = Callback.watcher(block)
      options = { timeout: Call.time_limit(wait), interval: interval.to_f }
      options[:failures] = failures.to_a if failures
      value(:osi_wait_for_task, Call.id_of(task), status, Call::JSONArgument.new(options), watch, nil,
            callbacks: [watch])
    end
  end
end
