"""Local fake servers speaking real provider wire protocols, answering with the built-in backends' work."""
