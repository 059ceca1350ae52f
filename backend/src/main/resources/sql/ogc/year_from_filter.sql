AND f./*column*/ >= :time_year_from
