-- A slice of an attachment's content (stored EXTERNAL: only this slice's TOAST chunks are read).
SELECT substring(content FROM :from::integer FOR :len::integer) FROM attachment WHERE id = :id
