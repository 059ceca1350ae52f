SELECT nextval('feature_code_seq')
