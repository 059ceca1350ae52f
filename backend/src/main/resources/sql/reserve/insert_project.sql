-- A major project, as the actor registers it (the database checks and stamps it: V50).
INSERT INTO major_project (code, name, investor, enterprise_id, industry_code, district_code,
                           investment_10k_cny, land_demand_mu, level, status, signed_on, planned_start_on, created_by)
VALUES (:code, :name, :investor, (SELECT id FROM enterprise WHERE credit_code = :credit_code), :industry,
        :district, :investment, :demand, :level, 'SIGNED', :signed, :planned_start, '')
RETURNING id
