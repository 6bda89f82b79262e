# Constants only: the names the account baseline publishes and lambda-api looks up, stated once for both roots
# (they cannot share state). No resources.
