"""The overseer's desk: the player is the overseer, testing candidate models before deploying them."""
