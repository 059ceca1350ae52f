SELECT key, value FROM dataset_info ORDER BY key
