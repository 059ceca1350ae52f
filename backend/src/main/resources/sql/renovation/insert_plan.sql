INSERT INTO renovation_plan (year, district_code, batch, name, target_demolish_mu, target_floor_area_m2,
                             document_number, updated_by)
VALUES (:year, :district, :batch, :name, :target_demolish_mu, :target_floor_area_m2, :document_number, :user)
RETURNING id
