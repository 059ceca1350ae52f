-- Keeps the year's distributions of the planner's chart (V37; two passes over the figures since V64),
-- computed from the figures just written.
SELECT keep_efficiency_distribution(CAST(:year AS smallint))
