"""Data-backed resources: trigger lexicon, gazetteer, actor knowledge base, event classifier."""
