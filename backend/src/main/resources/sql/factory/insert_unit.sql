-- A unit sold or leased, only against the building's version the client read; the database then sums
-- the building's sold and leased areas (and refuses more than its floor area).
INSERT INTO factory_unit (factory_building_id, unit_no, floor_area_m2, deal, occupant, occupant_industrial,
                          industry_code, price_cny_m2, rent_cny_m2_month, deal_on, change_set_id)
SELECT f.id, :unit_no, :floor_area_m2, :deal, :occupant, :occupant_industrial, :industry_code, :price,
       :rent, :deal_on, :cs
FROM factory_building f
WHERE f.id = :building AND f.version = :version
RETURNING id
