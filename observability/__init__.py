"""Running the portal as an operator sees it: request ids, JSON logs without personal IDs, health and
readiness, Prometheus metrics, and errors that keep their shape when a dependency fails."""
