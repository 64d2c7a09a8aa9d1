"""The core of Stalker: the plain object model, free of any database code."""
