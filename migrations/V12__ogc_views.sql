-- OGC API – Features over time and the efficiency views (issue 6), and the layer of a multi-layer
-- file an import reads.

-- As of a moment, a versioned layer is its current rows valid then (updated_at ≤ t) and the kept
-- versions whose period covers t (valid_from ≤ t < valid_to). For a recent moment few versions
-- ended after it: (layer, valid_to) finds them, where (layer, valid_from, valid_to) would scan nearly
-- all of the layer's history. For a moment before a bulk change few current rows are older than it:
-- updated_at finds them; it also serves filters on updatedAt and the start of a layer's history
-- (its temporal extent), which would otherwise scan the whole table.
CREATE INDEX feature_history_ended_idx ON feature_history (layer, valid_to);
CREATE INDEX industrial_cluster_updated_at_idx ON industrial_cluster (updated_at);
CREATE INDEX red_line_updated_at_idx ON red_line (updated_at);
CREATE INDEX reserve_land_updated_at_idx ON reserve_land (updated_at);
CREATE INDEX village_park_updated_at_idx ON village_park (updated_at);
CREATE INDEX parcel_updated_at_idx ON parcel (updated_at);

-- The efficiency and breach views key each feature by "<year>-<parcel id>" (one parcel in one
-- year): one item is an index lookup, and a page in key order (next links continue after a key)
-- reads the index in order instead of sorting a whole year.
CREATE INDEX parcel_efficiency_feature_key_idx ON parcel_efficiency ((year::text || '-' || parcel_id::text));
CREATE INDEX parcel_breach_feature_key_idx ON parcel_breach ((year::text || '-' || parcel_id::text));

-- A GeoPackage (or any file) may hold several layers: the import reads the one the user chose.
ALTER TABLE import_job ADD COLUMN file_layer text;
COMMENT ON COLUMN import_job.file_layer IS 'the layer of the file that was read (files with several layers name one)';
