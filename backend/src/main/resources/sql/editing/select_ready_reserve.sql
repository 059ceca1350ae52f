SELECT coalesce(sum(area_m2), 0) FROM reserve_land WHERE stage = 'READY'
