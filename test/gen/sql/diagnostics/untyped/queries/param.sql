SELECT :anything AS value
