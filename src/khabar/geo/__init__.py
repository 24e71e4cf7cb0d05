"""Places: the offline gazetteer, toponym resolution and event location."""
