"""The build pipeline: every (language, format) of the collection as an independent job,
run in parallel, published atomically, skipped when none of its inputs changed."""
