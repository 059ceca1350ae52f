-- A committed import's construction progress: each reported parcel's progress of the year replaced.
INSERT INTO parcel_progress (parcel_id, year, developed_area_m2, invested_10k_cny, works_stopped_on, import_id)
SELECT r.progress_parcel_id, :y, r.developed_area_m2, r.invested_10k_cny, r.works_stopped_on, :id
FROM indicator_import_row r
WHERE r.import_id = :id AND r.progress_parcel_id IS NOT NULL
ON CONFLICT (parcel_id, year) DO UPDATE
SET developed_area_m2 = EXCLUDED.developed_area_m2, invested_10k_cny = EXCLUDED.invested_10k_cny,
    works_stopped_on = EXCLUDED.works_stopped_on, import_id = EXCLUDED.import_id
