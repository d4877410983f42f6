"""Check your understanding: the question bank, the campaign's questions and the class quiz."""
