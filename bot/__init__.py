"""Comeback: a recovery coach for injured runners."""
