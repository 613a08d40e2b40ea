"""Running the dashboard for many readers: replicas behind nginx (docs/deploy.md)."""
