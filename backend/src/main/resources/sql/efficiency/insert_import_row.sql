-- A checked row of an import: an enterprise's figures of the year (export earnings NULL when the file
-- has none), and the construction progress of its one parcel when it reports any (V33).
INSERT INTO indicator_import_row (import_id, row_no, enterprise_id, tax_10k_cny, output_10k_cny,
                                  value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny,
                                  energy_tce, emissions_t, employees, rd_expense_10k_cny,
                                  electricity_10k_kwh, export_10k_cny, progress_parcel_id, developed_area_m2,
                                  invested_10k_cny, works_stopped_on)
VALUES (:id, :row, :e, :v0, :v1, :v2, :v3, :v4, :v5, :v6, :v7, :v8, :v9, CAST(:exports AS numeric),
        CAST(:progress_parcel AS bigint), CAST(:developed AS numeric), CAST(:invested AS numeric),
        CAST(:stopped AS date))
