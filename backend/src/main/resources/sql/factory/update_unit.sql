UPDATE factory_unit
SET floor_area_m2 = :floor_area_m2, deal = :deal, occupant = :occupant, occupant_industrial = :occupant_industrial,
    industry_code = :industry_code, price_cny_m2 = :price, rent_cny_m2_month = :rent, deal_on = :deal_on,
    change_set_id = :cs, version = version + 1, updated_at = now()
WHERE id = :id AND factory_building_id = :building AND version = :version
