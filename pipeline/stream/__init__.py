"""faust agents and their plumbing: decode, call the pure core, send, ack."""
