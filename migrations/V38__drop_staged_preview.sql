-- V28's preview on a copy never ran: staged_preview() answered false for every layer (at 100,000
-- rows the copy's comparison with itself was planned without its index), so every import has been
-- previewed by applying it and rolling back. Its functions go; the rule statements V28 factored out
-- (overlap_rule, in_district_rule, change_set_layers) stay, the rules at COMMIT use them.
DROP FUNCTION check_staged_change_set(bigint, text);
DROP FUNCTION staged_rows_applied(text);
DROP FUNCTION staged_rows_ready(text);
DROP FUNCTION create_staged_rows(text);
DROP FUNCTION staged_preview(text);
