-- The year's figures of every reporting enterprise that holds land, with its land in mu: the sum over
-- its parcels of (parcel's ellipsoidal mu × its floor-area share there).
INSERT INTO enterprise_efficiency (year, enterprise_id, industry_code, district_code, land_mu, parcels,
                                   tax, output, value_added, revenue, investment, energy, emissions,
                                   employees, rd, electricity, exports)
SELECT ai.year, e.id, e.industry_code, e.district_code, l.mu, l.parcels,
       ai.tax_10k_cny, ai.output_10k_cny, ai.value_added_10k_cny, ai.revenue_10k_cny,
       ai.fixed_asset_investment_10k_cny, ai.energy_tce, ai.emissions_t, ai.employees, ai.rd_expense_10k_cny,
       ai.electricity_10k_kwh, ai.export_10k_cny
FROM annual_indicator ai
JOIN enterprise e ON e.id = ai.enterprise_id
JOIN (SELECT pe.enterprise_id, sum(p.area_m2 * pe.floor_area_share) / (10000.0 / 15) AS mu, count(*) AS parcels
      FROM parcel_enterprise pe
      JOIN parcel p ON p.id = pe.parcel_id
      GROUP BY pe.enterprise_id) l ON l.enterprise_id = ai.enterprise_id
WHERE ai.year = :year AND l.mu > 0
