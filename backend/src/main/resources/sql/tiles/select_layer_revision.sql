SELECT revision FROM layer_revision WHERE layer = :layer
