-- The years with a compliance check, as the first and last moment of them in China Standard Time:
-- the temporal extent of the breach collection.
SELECT make_timestamptz(min(year), 1, 1, 0, 0, 0, '+08') AS start,
       make_timestamptz(max(year), 12, 31, 23, 59, 59, '+08') AS "end"
FROM parcel_breach
