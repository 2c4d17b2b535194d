"""The green channel's pages: thin views over ``green_channel.services`` and ``green_channel.selectors``."""
