"""The immutable record: event definitions, their versions, the store and tamper evidence."""
