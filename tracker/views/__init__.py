"""The read-side machinery: view engines, versioned tables, paging, projector, catalogue."""
