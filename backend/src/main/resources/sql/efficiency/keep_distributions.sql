-- Keeps the year's distributions of the planner's chart (V37), computed from the figures just written.
SELECT keep_efficiency_distribution(CAST(:year AS smallint))
