"""dutygraph: government work plans as a knowledge graph of who is responsible for what."""
