"""Pages of monitoring and self-evaluation.  Thin: fetch for this user or 404, validate the
form, call the service, turn a domain error into a message, redirect."""
