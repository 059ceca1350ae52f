-- The planner's typical query: the parcels of one cluster above a tax-per-mu threshold, sorted by tax
-- per mu, first page. One index walks exactly that (year and cluster fixed, tax per mu in order)
-- instead of reading the whole cluster's figures of the year and sorting them.
CREATE INDEX parcel_efficiency_cluster_tax_idx ON parcel_efficiency (year, cluster_id, tax_per_mu)
  INCLUDE (parcel_id);
