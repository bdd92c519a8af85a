"""Containers: archives, mail, the limits of unpacking, container signatures."""
