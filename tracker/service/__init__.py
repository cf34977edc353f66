"""What people may do, decided once for pages, the API and the console: the catalogue of
actions and the permission each needs, the rules on markings, cited items and forums, and
the map from each command to the function that carries it out."""
