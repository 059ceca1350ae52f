-- The parcel a supplied piece was granted as: its version and dates, for its start of works (动工).
SELECT version, granted_on, works_started_on FROM parcel WHERE id = :id
