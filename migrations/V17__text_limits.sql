-- The longest texts people write into the records, as the service checks them (system/TextLimits):
-- a reason of a change at most 500 characters, a 文号 100, a reviewer's comment 1,000, a name 200.
-- A 30 MB reason had been stored and returned in every listing of change sets.
ALTER TABLE change_set
  ADD CONSTRAINT change_set_reason_length CHECK (char_length(reason) <= 500),
  ADD CONSTRAINT change_set_document_number_length CHECK (char_length(document_number) <= 100),
  ADD CONSTRAINT change_set_review_comment_length CHECK (char_length(review_comment) <= 1000);
ALTER TABLE renovation_plan
  ADD CONSTRAINT renovation_plan_name_length CHECK (char_length(name) <= 200),
  ADD CONSTRAINT renovation_plan_document_number_length CHECK (char_length(document_number) <= 100);
ALTER TABLE industrial_cluster
  ADD CONSTRAINT industrial_cluster_name_length CHECK (char_length(name) <= 200);
ALTER TABLE reserve_land
  ADD CONSTRAINT reserve_land_name_length CHECK (char_length(name) <= 200);
ALTER TABLE village_park
  ADD CONSTRAINT village_park_name_length CHECK (char_length(name) <= 200);
ALTER TABLE red_line
  ADD CONSTRAINT red_line_document_number_length CHECK (char_length(document_number) <= 100);
ALTER TABLE grading_model
  ADD CONSTRAINT grading_model_name_length CHECK (char_length(name) <= 200);
