"""The web pages, one module per concern.  Views are thin: they fetch through the access
helper (404 for anything the user may not see), validate a form, call a service, turn a
domain error into a message and redirect."""
