"""The level editor's core: what the text being edited says, and how painting changes it (no Textual)."""
