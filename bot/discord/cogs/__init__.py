"""One cog per command family; each module is a discord.py extension with ``setup(bot)``."""
