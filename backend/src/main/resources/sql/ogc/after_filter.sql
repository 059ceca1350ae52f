AND f.id > CAST(:after AS /*key*/)
