-- Imports of files (package io): the bookkeeping of a staged import. The file's features wait in a
-- staging table of their own (import_<id>, made by ogr2ogr, dropped on commit or discard, and a day
-- after the last change when left alone); their edits wait in the import's draft change set
-- (change_set_edit), so that committing is the editing system's commit: one change set, through the
-- same rules and history.
CREATE TABLE import_job (
  id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author         text        NOT NULL,
  layer          text        NOT NULL
                             CHECK (layer IN ('cluster', 'red_line', 'reserve_land', 'village_park', 'parcel')),
  file_name      text        NOT NULL,
  format         text        NOT NULL,
  source_srid    integer     NOT NULL,
  encoding       text,
  change_set_id  bigint      REFERENCES change_set ON DELETE SET NULL,
  status         text        NOT NULL DEFAULT 'STAGED'
                             CHECK (status IN ('STAGED', 'COMMITTED', 'PROPOSED', 'DISCARDED')),
  fields         jsonb       NOT NULL DEFAULT '[]',
  mapping        jsonb       NOT NULL DEFAULT '{}',
  repair_invalid boolean     NOT NULL DEFAULT false,
  preview        jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
CREATE INDEX import_job_staged_idx ON import_job (updated_at) WHERE status = 'STAGED';
COMMENT ON TABLE import_job IS 'a file import: staged (preview), then committed or proposed as one change set, or discarded';
