"""Mocks of the outside world (national gateway, Payment Platform, VNeID), spoken to only over HTTP."""
