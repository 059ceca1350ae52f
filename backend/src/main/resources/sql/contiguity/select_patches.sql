-- 集聚连片 contiguity clustered afresh: per unit of a layer ('district' or 'cluster'), now (:as_of
-- NULL) or as of a moment from the history, the patches of pieces at most :gap_m apart and their
-- sizes (V60's contiguity_patches says how a patch is made).
SELECT unit, patches, pieces, total_m2, largest_m2, big_m2
FROM contiguity_patches(:layer, :kind, CAST(:as_of AS timestamptz), :gap_m, :big_m2)
