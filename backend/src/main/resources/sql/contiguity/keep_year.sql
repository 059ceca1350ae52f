-- Keeps the patches of a layer by a kind of unit at a past year end, made from the history by the
-- database (V60), unless kept and settled already.
SELECT keep_contiguity_year(:layer, :kind, :year_end, :gap_m, :big_m2)
