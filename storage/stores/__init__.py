"""The repository's stores, one per area, composed into storage.repository.Repository."""
