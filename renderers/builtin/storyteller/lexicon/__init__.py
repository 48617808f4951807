"""The storyteller's word tables: creatures, names, traits, verbs, products, places and story-world slots."""
