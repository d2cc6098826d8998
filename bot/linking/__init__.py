"""One runner on several platforms: /link (issue 12)."""
