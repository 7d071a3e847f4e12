"""The user's own data (a pain journal, study progress), kept in the user's data directory and
never in the catalogue's cache: it is not derived from anything and cannot be rebuilt, so its
store must survive kill -9, concurrent use and a full disk. Nothing lives here yet."""
