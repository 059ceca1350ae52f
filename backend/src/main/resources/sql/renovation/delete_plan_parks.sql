DELETE FROM renovation_plan_park WHERE plan_id = :id
