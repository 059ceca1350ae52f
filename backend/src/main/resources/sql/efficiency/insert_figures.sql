-- An import's rows as the year's figures.
INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny, value_added_10k_cny,
                              revenue_10k_cny, fixed_asset_investment_10k_cny, energy_tce,
                              emissions_t, employees, rd_expense_10k_cny, electricity_10k_kwh,
                              export_10k_cny)
SELECT enterprise_id, :y, tax_10k_cny, output_10k_cny, value_added_10k_cny, revenue_10k_cny,
       fixed_asset_investment_10k_cny, energy_tce, emissions_t, employees, rd_expense_10k_cny,
       electricity_10k_kwh, export_10k_cny
FROM indicator_import_row
WHERE import_id = :id
