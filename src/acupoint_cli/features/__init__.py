"""The features: search, routine planning and the body maps, over the data layer's records.
Pure domain code: no Typer, no Rich, no printing; failures are typed exceptions."""
