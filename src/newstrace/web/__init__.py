"""The local web app (``newstrace serve``): browse articles, claims, entities, events and reuse."""
