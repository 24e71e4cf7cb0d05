"""spaCy model loading and the Doc extensions khabar's components share."""
