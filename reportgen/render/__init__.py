"""From computed data to Markdown: Jinja2 environment, number formatting and table specs."""
