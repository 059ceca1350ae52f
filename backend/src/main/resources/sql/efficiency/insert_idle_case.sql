-- Opens a disposal case with its notice; the database finds the clause and the day idleness counts
-- from, and refuses a parcel that is not idle land on the notice's day (V33).
INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since, status, notice_on, notice_number)
SELECT p.id, p.district_code, 'NOT_STARTED', :notice_on, 'NOTIFIED', :notice_on, :notice_number
FROM parcel p
WHERE p.code = :parcel_code
RETURNING id
