"""The gallery's answers to what ``comics`` announces."""
