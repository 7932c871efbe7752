"""The term registry and the offer kinds: every term and every kind of offer declared once."""
