-- Keeps the year's figures of the summaries (V55: the clusters' output per industry, the breaches
-- counted by kind), computed from the figures and breaches just written.
SELECT keep_efficiency_summaries(CAST(:year AS smallint))
