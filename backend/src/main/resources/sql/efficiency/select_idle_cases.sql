-- Disposal cases of idle land, newest first (or one, :id), of a district and a status, paged.
SELECT k.id, k.parcel_id, p.code AS parcel_code, k.district_code, d.name AS district_name, k.clause,
       k.idle_since, k.status, k.cause, k.government_reason, k.notice_on, k.notice_number, k.hearing_on,
       k.hearing_number, k.decided_on, k.decision_number, k.idle_years, k.disposal, k.remedy, k.remedy_note,
       k.grant_price_10k_cny, k.fee_10k_cny, k.closed_on, k.fee_paid_10k_cny, k.version, k.updated_by,
       k.updated_at, ST_Y(ST_PointOnSurface(p.geom)) AS lat, ST_X(ST_PointOnSurface(p.geom)) AS lon,
       count(*) OVER () AS total
FROM idle_land_case k
JOIN parcel p ON p.id = k.parcel_id
JOIN district d ON d.code = k.district_code
WHERE (CAST(:id AS bigint) IS NULL OR k.id = :id)
  AND (CAST(:district AS text) IS NULL OR k.district_code = :district)
  AND (CAST(:status AS text) IS NULL OR k.status = :status)
ORDER BY k.id DESC
LIMIT :limit OFFSET :offset
