"""Keys and locks: the passphrase-wrapped data key, escrow, passphrase policy, lockout, audit MAC."""
