"""One router per resource (full-stack-fastapi-template layout)."""
