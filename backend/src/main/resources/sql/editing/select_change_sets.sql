-- Change sets, newest first: one (:id), or those a user may see (:author sees their own; with
-- :others also everybody's proposals and committed or rejected change sets; :any all of them), of a
-- status or all.
SELECT c.id, c.author, c.reason, c.document_number, c.status, c.district_code, c.created_at,
       c.submitted_at, c.committed_at, c.reviewed_by, c.reviewed_at, c.review_comment,
       c.reverts_change_set_id,
       (SELECT count(*) FROM change_set_edit e WHERE e.change_set_id = c.id) AS edits
FROM change_set c
WHERE (CAST(:id AS bigint) IS NULL OR c.id = :id)
  AND (CAST(:status AS text) IS NULL OR c.status = :status)
  AND (:any OR c.author = :author OR (:others AND c.status <> 'DRAFT'))
ORDER BY c.id DESC
LIMIT :limit
