-- How many parcels the planner's query finds (the same conditions as select_parcels.sql).
SELECT count(*)
FROM parcel p
LEFT JOIN parcel_efficiency pe ON pe.year = :year AND pe.parcel_id = p.id
LEFT JOIN parcel_grade pg ON pg.model_id = :model AND pg.parcel_id = p.id
LEFT JOIN parcel_breach pb ON pb.year = :year AND pb.parcel_id = p.id
WHERE p.granted_on <= make_date(:year, 12, 31) /*conditions*/
