"""newscheck: verify the attributed claims of news articles."""
