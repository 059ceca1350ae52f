-- The year's figures copied to the history before an import replaces them: which import, who, when.
INSERT INTO annual_indicator_history (enterprise_id, year, tax_10k_cny, output_10k_cny, value_added_10k_cny,
                                      revenue_10k_cny, fixed_asset_investment_10k_cny, energy_tce,
                                      emissions_t, employees, rd_expense_10k_cny, electricity_10k_kwh,
                                      export_10k_cny, replaced_by_import, replaced_by, replaced_at)
SELECT a.enterprise_id, a.year, a.tax_10k_cny, a.output_10k_cny, a.value_added_10k_cny, a.revenue_10k_cny,
       a.fixed_asset_investment_10k_cny, a.energy_tce, a.emissions_t, a.employees, a.rd_expense_10k_cny,
       a.electricity_10k_kwh, a.export_10k_cny, :id, :by, now()
FROM annual_indicator a WHERE a.year = :y
