"""Publishing clients against fake Mastodon and Bluesky servers on 127.0.0.1."""
