-- The ready reserve now (m²): reserve land at the stage READY (达标), before and after a change set.
SELECT coalesce(sum(area_m2), 0) FROM reserve_land WHERE stage = 'READY'
